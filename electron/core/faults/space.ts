/** Free space checked before large work, so a batch stops before it starts rather than halfway. */
import { statfsSync, statSync, type StatsFs } from 'node:fs';
import { AppError } from '../../../shared/rpc/envelope';
import { requireWorkspace, type CoreContext } from '../context';

const MB = 1024 * 1024;

/** How the free space of a folder is read; tests pass their own. */
export type StatFs = (dir: string) => Pick<StatsFs, 'bavail' | 'bsize'>;

/** Bytes free for this user on the disk holding `dir`, or null when the system cannot tell (some network shares). */
export function freeBytes(dir: string, statfs: StatFs = statfsSync): number | null {
  try {
    const s = statfs(dir);
    return Number(s.bavail) * Number(s.bsize);
  } catch {
    return null;
  }
}

const mb = (n: number) => `${Math.max(1, Math.ceil(n / MB)).toLocaleString('vi-VN')} MB`;

/**
 * Refuses work that needs about `needed` bytes in `dir` when the disk has less free; `work` says what was not
 * done, e.g. "chưa tạo biểu mẫu nào". Nothing is written either way.
 */
export function ensureFreeSpace(dir: string, needed: number, work: string, statfs?: StatFs): void {
  const free = freeBytes(dir, statfs);
  if (free === null || free >= needed) return;
  throw new AppError(
    'Precondition',
    `Ổ đĩa còn ${mb(free)}, cần khoảng ${mb(needed)}: chưa lưu gì, ${work}; hãy giải phóng dung lượng rồi chạy lại. Dữ liệu đã lưu vẫn nguyên vẹn.`,
  );
}

/**
 * Room an import of returns totalling `bytes` needs in the year file's folder: each original is kept inside the
 * year file, and the write-ahead log holds the same pages again until it is folded back, so twice the files, plus 1 MB for
 * the figures, list rows and indexes (small beside the files) and SQLite's temporary files.
 */
export function importSpaceNeeded(bytes: number): number {
  return 2 * bytes + MB;
}

/**
 * Refuses an import of `bytes` of returns before a file is read or stored when the year's disk is too full;
 * `withBackup` when the automatic backup before it has not been taken yet (a copy of the year file, same disk).
 */
export function ensureImportSpace(ctx: CoreContext, year: number, bytes: number, opts: { withBackup?: boolean; statfs?: StatFs } = {}): void {
  const ws = requireWorkspace(ctx);
  if (ws.readOnly) return; // refused elsewhere with its own message
  const backup = opts.withBackup && ws.hasYear(year) ? statSync(ws.yearFile(year)).size : 0;
  ensureFreeSpace(ws.dir, importSpaceNeeded(bytes) + backup, `chưa nhập tệp nào vào dữ liệu năm ${year}`, opts.statfs);
}
