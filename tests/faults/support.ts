/**
 * Fault trials: the real CLI in a real process (node + tsx, one process, so SIGKILL hits the writer itself), real
 * SQLite files, real file systems (a small tmpfs for a full disk, a read-only remount). `TONGHOP_TRIALS=full`
 * (npm run trials) runs the full counts; CI runs a few per kind.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, type FSWatcher, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { closeCore, createCore, dispatch } from '../../electron/core';
import { explainFault } from '../../electron/core/faults/explain';
import { withAccess } from '../../electron/core/access';
import { generateReport } from '../../electron/core/services/report';
import { yearSummary } from '../../electron/core/services/summary';
import { AppError } from '../../shared/rpc/envelope';
import { listFigures } from '../../electron/core/db/repos/figures';
import { listUnits } from '../../electron/core/db/repos/units';
import { readYearTemplate } from '../../electron/core/db/repos/year-template';
import { loadDemo } from '../../electron/core/services/demo';
import { generateForms } from '../../electron/core/services/forms';
import { ensureYear } from '../../electron/core/services/years';
import { DEFAULT_LIMITS } from '../../electron/core/xlsx/errors';
import { inflateEntry, readCentralDirectory } from '../../electron/core/xlsx/zip';
import { fillForm } from '../support/returns';

export const ROOT = resolve(__dirname, '../..');
export const FULL = process.env.TONGHOP_TRIALS === 'full';
/** Trials per kind: the counts in a full run, a few in CI. */
export const trials = (full: number, ci: number): number => (FULL ? full : ci);

const CLI = resolve(ROOT, 'electron/cli/main.ts');

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * Runs the CLI; kills it with SIGKILL after `killAfterMs` when given, or (targeted) at the first change of a file
 * in `killOnWriteIn` once `killAfterMs` has passed.
 */
export function runCli(args: string[], killAfterMs?: number, killOnWriteIn?: string): Promise<Run> {
  const t0 = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let watcher: FSWatcher | null = null;
  if (killOnWriteIn) {
    watcher = watch(killOnWriteIn, () => {
      if (Date.now() - t0 >= (killAfterMs ?? 0)) child.kill('SIGKILL');
    });
    killAfterMs = undefined;
  }
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = killAfterMs === undefined ? null : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  return new Promise((ok) =>
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      watcher?.close();
      ok({ code, signal, stdout, stderr, ms: Date.now() - t0 });
    }),
  );
}

/** A uniformly random moment between the end of start-up and the end of a normal run. */
export function randomMoment(startupMs: number, fullMs: number): number {
  return Math.round(startupMs + Math.random() * Math.max(50, fullMs - startupMs));
}

export function tempWorkspace(prefix = 'tonghop-loi-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Names of our temporaries (faults/atomic) in a folder. */
export function temporaries(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.tonghop-tam') || /\.tonghop-tam-(wal|shm|journal)$/.test(n)) : [];
}

/**
 * Every file under a final name in `dir` matching `pattern` is a complete zip (every entry inflates with the
 * right CRC) or byte-identical to the previous complete version. Returns the names that are neither.
 */
export function brokenOutputs(dir: string, pattern: RegExp, previous: Map<string, string>): string[] {
  const bad: string[] = [];
  for (const name of readdirSync(dir).filter((n) => pattern.test(n) && !n.startsWith('.'))) {
    const file = join(dir, name);
    if (previous.get(name) === sha(file)) continue;
    try {
      const b = new Uint8Array(readFileSync(file));
      const ctx = { file: name, limits: { ...DEFAULT_LIMITS, maxFileBytes: 2 ** 31, maxEntries: 100_000, maxUncompressedBytes: 2 ** 31, maxRatio: 100_000 } };
      const entries = readCentralDirectory(b, ctx);
      if (!entries.length) throw new Error('empty zip');
      for (const e of entries) inflateEntry(b, e, ctx);
    } catch {
      bad.push(`${name} (${statSync(file).size} byte)`);
    }
  }
  return bad;
}

export function snapshot(dir: string, pattern: RegExp): Map<string, string> {
  return new Map(readdirSync(dir).filter((n) => pattern.test(n)).map((n) => [n, sha(join(dir, n))]));
}

/** SQLite's own verdict on a file, read-only. */
export function integrity(file: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

/** Per unit, a digest of its figures and list rows (what a return changes). */
export function unitDigests(file: string): Map<number, string> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const out = new Map<number, string>();
    const units = db.prepare('SELECT id FROM units ORDER BY id').all() as { id: number }[];
    const fig = db.prepare('SELECT code, year, value FROM figures WHERE unit_id = ? ORDER BY code, year');
    const rows = db.prepare('SELECT list_id, "values" FROM list_rows WHERE unit_id = ? ORDER BY list_id, sort_order');
    for (const u of units)
      out.set(u.id, createHash('sha256').update(JSON.stringify([fig.raw().all(u.id), rows.raw().all(u.id)])).digest('hex'));
    return out;
  } finally {
    db.close();
  }
}

export function query<T>(file: string, sql: string): T[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

/**
 * A demo year file and `count` filled-in returns of its units (demo values doubled, so every rule holds), in `dir`.
 * Only the chosen units get a form (the others are set inactive while the forms are made), which keeps it quick.
 */
export async function importFixture(dir: string, count: number): Promise<{ pristine: string; returns: string }> {
  const work = join(dir, 'nam-mau');
  mkdirSync(work, { recursive: true });
  const ctx = createCore({ host: 'cli', workspaceDir: work, actor: 'kiểm thử' });
  try {
    loadDemo(ctx);
    const db = ensureYear(ctx, 2024);
    const yt = readYearTemplate(db)!;
    const values = new Map(listFigures(db).map((f) => [`${f.unitId}|${f.code}|${f.year}`, f.value]));
    const withFigures = new Set(listFigures(db).map((f) => f.unitId));
    // Units with demo figures (an empty return needs the clerk's confirmation).
    const units = listUnits(db).filter((u) => u.kind !== 'office' && u.active && withFigures.has(u.id)).slice(0, count);
    const ids = units.map((u) => u.id).join(',');
    db.$client.prepare(`UPDATE units SET active = 0 WHERE id NOT IN (${ids})`).run();
    const made = await generateForms(ctx, 2024, join(work, 'forms'));
    db.$client.prepare('UPDATE units SET active = 1').run();
    const returns = join(dir, 'bao-cao-don-vi');
    mkdirSync(returns, { recursive: true });
    for (const f of made.files) {
      const unit = units.find((u) => u.code === f.unitCode)!;
      const bytes = await fillForm(new Uint8Array(readFileSync(join(made.folder, f.name))), yt.regime.period, (code, year) => {
        const v = values.get(`${unit.id}|${code}|${year}`);
        return v === undefined ? null : Number(v) * 2;
      });
      writeFileSync(join(returns, `${unit.code}.xlsx`), bytes);
    }
    const pristine = join(dir, 'pristine.sqlite');
    await db.$client.backup(pristine);
    return { pristine, returns };
  } finally {
    closeCore(ctx);
    rmSync(work, { recursive: true, force: true });
  }
}

/** The bench's 400 returns of 400 units and their pristine year file (made once, cached in the temp folder). */
export async function benchFixture(): Promise<{ pristine: string; returns: string }> {
  const { importData, PRISTINE, UNIT_COUNT } = await import('../../bench/import-data');
  const data = await importData();
  return { pristine: join(data.dir, PRISTINE), returns: data.sets.find((x) => x.count === UNIT_COUNT)!.dir };
}

/** Mounts a tmpfs of `size` (root only); null when this machine does not allow it (the test then says so). */
export function mountTmpfs(size: string): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'tonghop-tmpfs-'));
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  if (r.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
  return dir;
}

/** Whether this machine lets the tests mount a tmpfs (tried once with a 1 MB one). */
export const canMountTmpfs = (() => {
  let can: boolean | undefined;
  return (): boolean => {
    if (can === undefined) {
      const d = mountTmpfs('1m');
      if (d) unmount(d);
      can = d !== null;
    }
    return can;
  };
})();

export function remountReadOnly(dir: string): void {
  const r = spawnSync('mount', ['-o', 'remount,ro', dir]);
  if (r.status !== 0) throw new Error(`remount ro failed: ${r.stderr}`);
}

export function unmount(dir: string): void {
  spawnSync('umount', [dir]);
  rmSync(dir, { recursive: true, force: true });
}

/** No English SQLite/Node wording leaked into a user message. */
export const ENGLISH = /database is locked|disk is full|readonly database|malformed|no such|ENOSPC|EROFS|EACCES|SQLITE_|Internal|Lỗi nội bộ/;

/**
 * CI's stand-in for a CLI launch (a launch costs a second or more): the same core calls the command makes, in this
 * process, with the CLI's way of reporting an error (`Lỗi: ` + the Vietnamese message). Covers the commands the
 * fault tests use; a full run (npm run trials) launches the real CLI instead.
 */
export async function runInProcess(args: string[]): Promise<Run> {
  const t0 = Date.now();
  const opt = (k: string) => args[args.indexOf(`--${k}`) + 1];
  const ctx = createCore({ host: 'cli', workspaceDir: opt('workspace'), actor: 'kiểm thử' });
  const ok = (stdout: string): Run => ({ code: 0, signal: null, stdout, stderr: '', ms: Date.now() - t0 });
  const call = async (channel: string, input: unknown) => {
    const env = await dispatch(ctx, channel, input, () => undefined);
    if (!env.ok) throw new AppError(env.error.kind, env.error.message);
    return env.value;
  };
  try {
    const year = Number(opt('year'));
    switch (`${args[0]} ${args[1]}`) {
      case 'year list': {
        // As the real `year list` prints it (electron/cli/main.ts).
        const years = (await call('years:list', {})) as { year: number; file: string; unitCount: number; readOnly?: boolean; problem?: string }[];
        return ok(
          years
            .map((y) => (y.problem ? `${y.year}\t${y.file}\tKHÔNG MỞ ĐƯỢC: ${y.problem}` : `${y.year}\t${y.file}\t${y.unitCount} đơn vị${y.readOnly ? '\tchỉ đọc' : ''}`))
            .join('\n'),
        );
      }
      case 'year create':
        await call('years:create', { year });
        return ok('');
      case 'settings set': {
        const s = (await call('settings:get', { year })) as Record<string, unknown>;
        await call('settings:save', { year, settings: { ...s, [args[2]]: args[2] === 'recipients' ? args[3].split('\\n') : args[3] } });
        return ok('');
      }
    }
    // With the read-only access the real command line gives these (so they work on a sealed year as it does).
    switch (args[0]) {
      case 'figures':
        return ok(withAccess('read', () => yearSummary(ctx, year)).indicators.map((i) => i.code).join('\n'));
      case 'report':
        await withAccess('read', () => generateReport(ctx, year, opt('out')));
        return ok('');
      case 'forms':
        await withAccess('read', () => generateForms(ctx, year, opt('out')));
        return ok('');
    }
    throw new Error(`runInProcess: ${args.join(' ')}`);
  } catch (e) {
    return { code: 1, signal: null, stdout: '', stderr: `Lỗi: ${(explainFault(ctx, e) ?? (e as Error)).message}\n`, ms: Date.now() - t0 };
  } finally {
    closeCore(ctx);
  }
}

/** The real CLI in a full run, the in-process stand-in in CI. */
export const runQuick = (args: string[]): Promise<Run> => (FULL ? runCli(args) : runInProcess(args));
