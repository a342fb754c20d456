/**
 * The workspace lock file `tonghop-dang-mo.lock`: which computer, which user and since when the workspace is open in
 * the desktop app or the web host. SQLite's own locks hold two processes apart on one computer, but not reliably two
 * computers writing one year file over a network share; so a second instance that finds the workspace open
 * elsewhere opens it read-only and says where it is open. A lock whose process is gone (same computer) or which
 * has not been refreshed for a while (another computer, e.g. after a power cut) is taken over.
 */
import { readFileSync, unlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { formatDateTime } from '../../../shared/format/date';
import { writeFileAtomic } from './atomic';

export const LOCK_FILE = 'tonghop-dang-mo.lock';
/** The holder rewrites `seen` this often; a lock of another computer older than STALE_MS is abandoned. */
const HEARTBEAT_MS = 60_000;
const STALE_MS = 5 * 60_000;

export interface LockInfo {
  host: string;
  user: string;
  pid: number;
  /** 'electron' | 'web' */
  app: string;
  since: string;
  seen: string;
}

export interface Held {
  /** The other holder when the workspace is open elsewhere; null when this process holds it (or nobody). */
  elsewhere: LockInfo | null;
  release(): void;
}

function read(dir: string): LockInfo | null {
  try {
    const v = JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as Partial<LockInfo>;
    if (typeof v.host !== 'string' || typeof v.pid !== 'number' || typeof v.since !== 'string') return null;
    return { host: v.host, user: String(v.user ?? ''), pid: v.pid, app: String(v.app ?? ''), since: v.since, seen: String(v.seen ?? v.since) };
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Is this lock held by another live instance (another process here, or a recently seen other computer)? */
function heldByOther(l: LockInfo, now: number): boolean {
  const fresh = now - Date.parse(l.seen) < STALE_MS;
  // Here the process can be asked; a live pid that stopped beating is a reused pid (common on Windows), not a holder.
  if (l.host === hostname()) return l.pid !== process.pid && alive(l.pid) && fresh;
  return fresh;
}

/** Who holds the workspace, when it is not this process and the holder is still there. */
export function otherHolder(dir: string, now = Date.now()): LockInfo | null {
  const l = read(dir);
  return l && heldByOther(l, now) ? l : null;
}

/** Same computer, another process: SQLite's locks work there, so a command-line run may proceed. */
export function onThisComputer(l: LockInfo): boolean {
  return l.host === hostname();
}

const held = new Map<string, { count: number; timer: NodeJS.Timeout }>();

/**
 * Takes the workspace lock for a long-lived host (desktop app, web host). When another live instance holds it,
 * nothing is written and `elsewhere` names that instance. A folder that cannot be written takes no lock.
 */
export function acquireLock(dir: string, who: { user: string; app: string }): Held {
  const other = otherHolder(dir);
  if (other) return { elsewhere: other, release: () => undefined };
  const mine = held.get(dir);
  const release = () => releaseLock(dir);
  if (mine) {
    mine.count++;
    return { elsewhere: null, release };
  }
  const at = new Date().toISOString();
  const info: LockInfo = { host: hostname(), user: who.user, pid: process.pid, app: who.app, since: at, seen: at };
  const write = () => writeFileAtomic(join(dir, LOCK_FILE), Buffer.from(JSON.stringify(info, null, 2)));
  try {
    write();
  } catch {
    // Read-only folder: nothing can be written there anyway, by this instance or another.
    return { elsewhere: null, release: () => undefined };
  }
  const timer = setInterval(() => {
    info.seen = new Date().toISOString();
    try {
      write();
    } catch {
      // A full disk or a lost share: the next beat tries again.
    }
  }, HEARTBEAT_MS);
  timer.unref();
  held.set(dir, { count: 1, timer });
  return { elsewhere: null, release };
}

function releaseLock(dir: string): void {
  const mine = held.get(dir);
  if (!mine || --mine.count > 0) return;
  clearInterval(mine.timer);
  held.delete(dir);
  const l = read(dir);
  if (l && l.host === hostname() && l.pid === process.pid) {
    try {
      unlinkSync(join(dir, LOCK_FILE));
    } catch {
      // Gone already.
    }
  }
}

/** "máy KT-01 (người dùng thuy), mở từ 08:15 ngày 02/12/2026" */
export function describeHolder(l: LockInfo): string {
  const where = l.host === hostname() ? `một cửa sổ khác trên máy này` : `máy ${l.host}`;
  const app = l.app === 'web' ? 'bản trên trình duyệt' : 'ứng dụng';
  return `${app} ở ${where} (người dùng ${l.user || 'không rõ'}), mở từ ${formatDateTime(l.since)}`;
}
