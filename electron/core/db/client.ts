/**
 * Opens a year file: WAL, synchronous=NORMAL, foreign keys; refuses a file written by a newer app version;
 * backs the file up before migrating it; runs the generated migrations. It never deletes a database file.
 */
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../../../shared/rpc/envelope';
import { tempNameFor } from '../faults/atomic';
import { asAppError, classify } from '../faults/messages';
import { inWriteTransaction } from '../faults/retry';
import { damagedError, headerProblem, integrityProblem } from '../faults/year-file';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const MIGRATIONS_FOLDER = join(__dirname, 'migrations');

export interface OpenOptions {
  /** Path to a better_sqlite3.node built for the running runtime (Electron main passes its own build). */
  nativeBinding?: string;
  migrationsFolder?: string;
  /** Folder for the backup taken before a migration; defaults to `<file dir>/sao-luu`. */
  backupDir?: string;
  /** False for a temporary copy made to be migrated (its original stays as it is): no backup is taken of it. */
  backup?: boolean;
  readonly?: boolean;
}

/** The number of migrations this build knows; stored in `PRAGMA user_version` after migrating. */
export function knownSchemaVersion(migrationsFolder = MIGRATIONS_FOLDER): number {
  const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
    entries: unknown[];
  };
  return journal.entries.length;
}

function stamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-');
}

/** Page size of new year files, in bytes. */
export const PAGE_SIZE = 32_768;

/** Opens (and creates when `create`) a year file and brings its schema up to date. */
export function openDatabase(file: string, opts: OpenOptions & { create?: boolean } = {}): Db {
  const folder = opts.migrationsFolder ?? MIGRATIONS_FOLDER;
  const existed = existsSync(file);
  if (!existed && !opts.create) throw new AppError('NotFound', `Không tìm thấy tệp dữ liệu ${basename(file)}.`);
  const backupDir = opts.backupDir ?? join(dirname(file), 'sao-luu');
  // An existing file that is empty or too short is damaged, never a new year to write into.
  const bad = existed ? headerProblem(file) : null;
  if (bad) throw damagedError(file, backupDir, bad);
  let sqlite: Database.Database;
  try {
    sqlite = new Database(file, {
      nativeBinding: opts.nativeBinding,
      readonly: opts.readonly ?? false,
      fileMustExist: !opts.create,
    });
  } catch (e) {
    throw openFailure(e, file, backupDir, opts.nativeBinding);
  }
  try {
    const known = knownSchemaVersion(folder);
    let current: number;
    try {
      current = sqlite.pragma('user_version', { simple: true }) as number;
    } catch (e) {
      throw openFailure(e, file, backupDir, opts.nativeBinding);
    }
    if (current > known) {
      throw new AppError(
        'Precondition',
        `Tệp ${basename(file)} được tạo bởi phiên bản mới hơn của ứng dụng (cấu trúc dữ liệu ${current}, bản này chỉ hiểu đến ${known}). ` +
          'Hãy cập nhật ứng dụng để mở tệp này; tệp không bị thay đổi.',
      );
    }
    // A new year file gets 32 KB pages (SQLite's default is 4 KB): each return's original file is kept in it
    // (20–30 KB, one page each instead of a chain of overflow pages), and storing a province's 400 returns took
    // about a third less with 16 KB pages than with 4 KB, and a tenth less again with 32 KB (main-thread CPU,
    // paired runs; 64 KB gained nothing more). The size is fixed once the first table exists; older files keep theirs.
    if (!existed && !opts.readonly) sqlite.pragma(`page_size = ${PAGE_SIZE}`);
    if (!opts.readonly) {
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('synchronous = NORMAL');
      // Savepoints (nested transactions) copy every page they first change into a statement journal, by default a
      // temporary file: when each return of an import batch was one, a province's 400 returns wrote 280 MB to it
      // with 32 KB pages. Kept in memory (at most the pages one savepoint changes), nothing goes through the
      // temporary folder, which antivirus software on office PCs scans.
      sqlite.pragma('temp_store = MEMORY');
    }
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    const db = drizzle(sqlite, { schema }) as Db;
    if (current < known) {
      if (opts.readonly) {
        throw new AppError('Precondition', `Tệp ${basename(file)} cần nâng cấp cấu trúc nhưng đang được mở chỉ để đọc.`);
      }
      if (existed && current > 0 && opts.backup !== false) backupBeforeMigration(sqlite, file, current, opts.backupDir);
      migrate(db, { migrationsFolder: folder });
      sqlite.pragma(`user_version = ${known}`);
    }
    return db;
  } catch (e) {
    sqlite.close();
    throw e;
  }
}

/**
 * Why a year file did not open, in Vietnamese. SQLite's "malformed" or "not a database" is confirmed by an
 * integrity check before the file is called damaged; a full disk, a busy or a read-only file is said as such.
 */
function openFailure(e: unknown, file: string, backupDir: string, nativeBinding?: string): AppError {
  const f = classify(e);
  if (f?.cls === 'damaged') {
    const problem = integrityProblem(file, nativeBinding);
    if (problem !== null) return damagedError(file, backupDir, problem ?? 'SQLite không đọc được tệp');
  }
  return (
    asAppError(e, { file: basename(file), dir: dirname(file), notSaved: 'chưa mở được dữ liệu năm; tệp không bị thay đổi' }) ??
    new AppError('Internal', `Không mở được tệp dữ liệu ${basename(file)}: ${(e as Error).message}`)
  );
}

/** Copies the file with SQLite's own checkpointed copy (VACUUM INTO) so a failed migration can be undone by hand. */
function backupBeforeMigration(sqlite: Database.Database, file: string, fromVersion: number, backupDir?: string): string {
  const dir = backupDir ?? join(dirname(file), 'sao-luu');
  mkdirSync(dir, { recursive: true });
  const target = join(dir, `${basename(file, '.sqlite')}-truoc-nang-cap-v${fromVersion}-${stamp()}.sqlite`);
  // Like every output: built under a temporary name, renamed when complete, so a backup is never half a file.
  const tmp = tempNameFor(target);
  try {
    sqlite.prepare('VACUUM INTO ?').run(tmp);
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw asAppError(e, { dir, file: basename(target), notSaved: 'chưa sao lưu được nên chưa nâng cấp tệp; tệp dữ liệu không bị thay đổi' }) ?? e;
  }
  return target;
}

export function closeDatabase(db: Db): void {
  if (db.$client.open) db.$client.close();
}

/**
 * Runs `fn` in one SQLite transaction (nested calls become savepoints). Synchronous on purpose:
 * better-sqlite3 cannot hold a transaction across an await, so callers read and parse before, write inside.
 * A top-level transaction starts IMMEDIATE and is run again after a short wait while another process holds the
 * year (faults/retry), so a second window or a command-line import never fails a write at random.
 */
export function inTransaction<T>(db: Db, fn: () => T): T {
  return inWriteTransaction(db, fn);
}
