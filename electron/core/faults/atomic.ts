/**
 * Every output file (reports, appendices, forms, the forms zip, backups) is written under a temporary name in the
 * same folder, flushed to the disk, and renamed over its final name only when complete. A reader, a crash or a
 * full disk therefore sees either the previous complete file or the new complete one, never a truncated file under
 * a final name. Temporaries left by a killed process are removed by `cleanTemporaries` on the next run.
 */
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../../../shared/rpc/envelope';
import { asAppError } from './messages';

/** `.<final name>.<pid>-<random>.tonghop-tam`: hidden, never matched by the patterns that list outputs. */
const TEMP_SUFFIX = '.tonghop-tam';
const TEMP_RE = /^\.(.+)\.(\d+)-[0-9a-z]+\.tonghop-tam(?:-wal|-shm|-journal)?$/;

export function tempNameFor(finalPath: string): string {
  const rand = Math.random().toString(36).slice(2, 10);
  return join(dirname(finalPath), `.${basename(finalPath)}.${process.pid}-${rand}${TEMP_SUFFIX}`);
}

export function isTemporaryName(name: string): boolean {
  return TEMP_RE.test(name);
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Folders whose leftover temporaries this process has already removed (once per folder is enough). */
const cleaned = new Set<string>();

/** Flushes a folder's entry table so a rename survives a power cut; not possible on every system (Windows). */
function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Windows cannot open a folder for flushing; NTFS orders the rename after the data already flushed.
  }
}

/** Writes all bytes to a file descriptor, flushes them and closes it. */
function writeAllAndSync(path: string, bytes: Uint8Array): void {
  const fd = openSync(path, 'wx');
  try {
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone, or the folder became read-only: the next run's clean-up retries.
  }
}

/**
 * Writes `bytes` to `finalPath` atomically (temporary name in the same folder, fsync, rename). On failure the
 * temporary is removed, the previous file under the final name is untouched, and the error is a Vietnamese
 * AppError naming the file and saying it was not saved.
 */
export function writeFileAtomic(finalPath: string, bytes: Uint8Array, notSaved?: string): void {
  const dir = dirname(finalPath);
  if (!cleaned.has(dir)) {
    cleaned.add(dir);
    cleanTemporaries(dir);
  }
  const tmp = tempNameFor(finalPath);
  try {
    writeAllAndSync(tmp, bytes);
    renameSync(tmp, finalPath);
  } catch (e) {
    removeQuietly(tmp);
    const kept = existsQuietly(finalPath) ? '; tệp cũ cùng tên vẫn giữ nguyên' : '';
    throw (
      asAppError(e, { file: basename(finalPath), dir, notSaved: (notSaved ?? `chưa ghi được tệp ${basename(finalPath)}`) + kept }) ??
      new AppError('Internal', `Không ghi được tệp ${basename(finalPath)}: ${(e as Error).message}`)
    );
  }
  fsyncDir(dirname(finalPath));
}

/**
 * Writes several files of one folder atomically, as `writeFileAtomic` does each, but flushing them together (the
 * disk commits the flushes of a group at once: 400 forms take a fraction of a second instead of seconds) and the
 * folder once. Each file is complete under its final name or not there (the previous version kept); on a failure
 * the files renamed before it stay, the others are not written, and the error names the file.
 */
export async function writeFilesAtomic(files: { path: string; bytes: Uint8Array }[], notSaved?: string): Promise<void> {
  if (files.length === 0) return;
  const dir = dirname(files[0].path);
  if (!cleaned.has(dir)) {
    cleaned.add(dir);
    cleanTemporaries(dir);
  }
  const temps = files.map((f) => tempNameFor(f.path));
  let failed: { e: unknown; path: string } | null = null;
  await Promise.all(
    files.map(async (f, i) => {
      try {
        const fh = await open(temps[i], 'wx');
        try {
          await fh.writeFile(f.bytes);
          await fh.sync();
        } finally {
          await fh.close();
        }
      } catch (e) {
        failed ??= { e, path: f.path };
      }
    }),
  );
  try {
    if (!failed) for (let i = 0; i < files.length; i++) await rename(temps[i], files[i].path).catch((e: unknown) => Promise.reject({ e, path: files[i].path }));
  } catch (x) {
    failed = x as { e: unknown; path: string };
  }
  if (failed) {
    await Promise.all(temps.map((t) => unlink(t).catch(() => undefined)));
    const kept = existsQuietly(failed.path) ? '; tệp cũ cùng tên vẫn giữ nguyên' : '';
    const file = basename(failed.path);
    throw (
      asAppError(failed.e, { file, dir, notSaved: (notSaved ?? `chưa ghi được tệp ${file}`) + kept }) ??
      new AppError('Internal', `Không ghi được tệp ${file}: ${(failed.e as Error).message}`)
    );
  }
  fsyncDir(dir);
}

function existsQuietly(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * Removes temporaries that a process which is no longer running left in `dir` (a kill, a power cut). Only our own
 * temporary names are touched; a temporary of a process still running (another window) is left alone. Returns the
 * names removed. Never throws: a read-only or missing folder just has nothing to clean.
 */
export function cleanTemporaries(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = TEMP_RE.exec(name);
    if (!m || alive(Number(m[2]))) continue;
    try {
      rmSync(join(dir, name), { force: true });
      removed.push(name);
    } catch {
      // Read-only medium: leave it; it is hidden and never listed.
    }
  }
  return removed;
}
