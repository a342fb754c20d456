/**
 * A workspace is a folder holding one SQLite file per reporting year (`tonghop-2024.sqlite`) and, beside each,
 * a folder of the year's outputs and backups (`tonghop-2024/`). Open year files are cached for the life of the host.
 * A new year file is built under a temporary name and gets its final name only when complete, so a crash never
 * leaves a half-made year that looks like a real one. A folder that cannot be written is opened read-only.
 */
import {
  accessSync,
  constants,
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../../shared/rpc/envelope';
import { closeDatabase, knownSchemaVersion, openDatabase, type Db, type OpenOptions } from '../db/client';
import { cleanTemporaries, tempNameFor } from '../faults/atomic';
import { acquireLock, describeHolder, otherHolder, onThisComputer, type LockInfo } from '../faults/lock';
import { asAppError } from '../faults/messages';
import { damagedError, headerProblem } from '../faults/year-file';

const FILE_RE = /^tonghop-(\d{4})\.sqlite$/;

export function yearFileName(year: number): string {
  return `tonghop-${year}.sqlite`;
}

/** Who opens the workspace: long-lived hosts take the workspace lock; the command line only looks at it. */
export interface Opener {
  host: 'electron' | 'web' | 'cli';
  actor: string;
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

export class Workspace {
  private readonly open = new Map<number, Db>();
  /** Another instance holding the workspace (another computer, or another window here); this one is read-only. */
  heldElsewhere: LockInfo | null = null;
  /** The folder cannot be written (CD, write-protected USB stick, read-only share). */
  readonly readOnlyFolder: boolean;
  private release: () => void = () => undefined;

  constructor(
    readonly dir: string,
    private dbOptions: OpenOptions = {},
  ) {
    this.readOnlyFolder = existsSync(dir) && !writable(dir);
  }

  /** Makes sure the folder exists and is a folder; takes or reads the workspace lock; cleans old temporaries. */
  static prepare(dir: string, dbOptions: OpenOptions = {}, opener?: Opener): Workspace {
    if (existsSync(dir) && !statSync(dir).isDirectory())
      throw new AppError('Precondition', `"${dir}" không phải là một thư mục.`);
    if (!existsSync(dir)) {
      try {
        mkdirSync(dir, { recursive: true });
      } catch (e) {
        throw asAppError(e, { file: dir, notSaved: 'chưa tạo được thư mục làm việc' }) ?? e;
      }
    }
    const ws = new Workspace(dir, dbOptions);
    if (!ws.readOnlyFolder) cleanTemporaries(dir);
    if (opener) ws.lock(opener);
    return ws;
  }

  private lock(opener: Opener): void {
    if (opener.host === 'cli') {
      const other = otherHolder(this.dir);
      if (other && !onThisComputer(other)) this.holdBy(other);
      return;
    }
    const held = acquireLock(this.dir, { user: opener.actor, app: opener.host });
    this.release = held.release;
    if (held.elsewhere) this.holdBy(held.elsewhere);
  }

  private holdBy(other: LockInfo): void {
    this.heldElsewhere = other;
    this.dbOptions = { ...this.dbOptions, readonly: true };
  }

  /** True when this instance only reads (read-only folder, or the workspace is open elsewhere). */
  get readOnly(): boolean {
    return this.readOnlyFolder || this.heldElsewhere !== null;
  }

  yearFile(year: number): string {
    return join(this.dir, yearFileName(year));
  }

  /** The folder beside a year file for its outputs and backups. */
  yearFolder(year: number): string {
    return join(this.dir, `tonghop-${year}`);
  }

  /** Years present in the folder, newest first. */
  listYears(): number[] {
    return readdirSync(this.dir)
      .map((f) => FILE_RE.exec(f))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => b - a);
  }

  hasYear(year: number): boolean {
    return existsSync(this.yearFile(year));
  }

  /** Opens an existing year (cached); read-only when the file or the folder cannot be written. */
  db(year: number): Db {
    const cached = this.open.get(year);
    if (cached) return cached;
    if (!this.hasYear(year)) throw new AppError('NotFound', `Chưa có dữ liệu năm ${year} trong thư mục làm việc.`);
    const file = this.yearFile(year);
    const readonly = this.dbOptions.readonly || this.readOnlyFolder || !writable(file);
    const backupDir = join(this.yearFolder(year), 'sao-luu');
    // SQLite cannot read a WAL-mode file in a folder where it cannot create its shared-memory file: a read-only
    // folder is read through a copy in the system's temporary folder (the original is never written).
    // A file of an older schema that must not or cannot be migrated (sealed: that would change the data its
    // fingerprint certifies; read-only) is read through a migrated copy, and a seal is checked on the file as it
    // is (unmigratedFile): the file itself, or on a read-only medium a first copy kept unmigrated (only when
    // there is a seal to check: otherwise that first copy is the one migrated).
    let db: Db;
    if (this.readOnlyFolder) {
      const copy = this.readableCopy(file);
      const probe = probeSchema(copy, this.dbOptions);
      if (probe.older) {
        if (probe.sealed) this.unmigrated.set(year, copy);
        db = openMigratedCopy(probe.sealed ? this.readableCopy(file) : copy, this.dbOptions);
      } else db = openDatabase(copy, { ...this.dbOptions, readonly: true, backupDir });
    } else {
      const probe = probeSchema(file, this.dbOptions);
      if (probe.older && (probe.sealed || readonly)) {
        this.unmigrated.set(year, file);
        db = openMigratedCopy(this.readableCopy(file), this.dbOptions);
      } else db = openDatabase(file, { ...this.dbOptions, readonly, backupDir });
    }
    if (!unfinished(db)) {
      // A sealed year is read only, down to SQLite: the gate refuses writes, and so does the connection.
      if (!db.$client.readonly && sealed(db)) {
        closeDatabase(db);
        const ro = openDatabase(file, { ...this.dbOptions, readonly: true, backupDir });
        this.open.set(year, ro);
        return ro;
      }
      this.open.set(year, db);
      return db;
    }
    closeDatabase(db);
    // Left by an older version killed while it created the year: it would list as an empty year and take writes.
    throw new AppError(
      'Precondition',
      `Tệp ${yearFileName(year)} được tạo dở dang (thiếu thông tin của năm) nên ứng dụng không dùng tệp này và giữ nguyên nó. ` +
        `Hãy đóng ứng dụng, đổi tên tệp (ví dụ thành ${yearFileName(year)}.do-dang) rồi tạo lại năm ${year}.`,
    );
  }

  private readonly readers = new Map<number, Db>();
  private readonly unmigrated = new Map<number, string>();

  /** The sealed file of an older schema that `db(year)` reads through a migrated copy; null when read directly. */
  unmigratedFile(year: number): string | null {
    return this.unmigrated.get(year) ?? null;
  }

  /**
   * A read-only connection to a year, for calls that only read (the write gate): SQLite itself refuses any write
   * through it. Where the year is already opened read-only (read-only folder or file, workspace held elsewhere)
   * that one connection serves both.
   */
  readDb(year: number): Db {
    const cached = this.readers.get(year);
    if (cached) return cached;
    // Opening the writable connection first validates, and if needed migrates, the file.
    const main = this.db(year);
    if (main.$client.readonly) return main;
    const reader = openDatabase(this.yearFile(year), { ...this.dbOptions, readonly: true, backupDir: join(this.yearFolder(year), 'sao-luu') });
    this.readers.set(year, reader);
    return reader;
  }

  private readonly copies: string[] = [];

  private static copiesToRemove = new Set<string>();
  static {
    // A command that exits early (an error) still removes its read-only copies.
    process.once('exit', () => Workspace.copiesToRemove.forEach((d) => rmSync(d, { recursive: true, force: true })));
  }

  private readableCopy(file: string): string {
    if (!existsSync(file)) return file;
    const bad = headerProblem(file);
    if (bad) throw damagedError(file, join(this.dir, basename(file, '.sqlite'), 'sao-luu'), bad);
    const dir = mkdtempSync(join(tmpdir(), 'tonghop-chi-doc-'));
    this.copies.push(dir);
    Workspace.copiesToRemove.add(dir);
    const copy = join(dir, basename(file));
    copyFileSync(file, copy);
    if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${copy}-wal`);
    return copy;
  }

  /**
   * Builds the file of a new year under a temporary name: `fill` runs with the new file already served by `db(year)`
   * (so services work on it as usual); the file gets its final name only when `fill` has returned. Refuses a year
   * that exists. A failure or a kill leaves no file under the final name.
   */
  buildYearFile<T>(year: number, fill: (db: Db) => T): T {
    if (this.hasYear(year)) throw new AppError('Conflict', `Năm ${year} đã có trong thư mục làm việc.`);
    if (this.readOnly) throw this.readOnlyError(`chưa tạo năm ${year}`);
    const final = this.yearFile(year);
    const tmp = tempNameFor(final);
    let result: T;
    const db = openDatabase(tmp, { ...this.dbOptions, create: true });
    try {
      this.open.set(year, db);
      result = fill(db);
      // Closing checkpoints the WAL into the file and removes it, so the one file carries everything.
      closeDatabase(db);
      this.open.delete(year);
      publish(tmp, final, year);
    } catch (e) {
      this.open.delete(year);
      closeDatabase(db);
      for (const suffix of ['', '-wal', '-shm', '-journal']) removeQuietly(tmp + suffix);
      throw asAppError(e, { notSaved: `chưa tạo năm ${year} (không có tệp dở dang nào được để lại)` }) ?? e;
    }
    mkdirSync(this.yearFolder(year), { recursive: true });
    this.db(year);
    return result;
  }

  /** Why this instance cannot write, in Vietnamese, as an error. */
  readOnlyError(notSaved: string): AppError {
    if (this.heldElsewhere)
      return new AppError('Conflict', `Thư mục làm việc đang được mở bằng ${describeHolder(this.heldElsewhere)}; ở đây chỉ xem được, ${notSaved}. Hãy đóng ứng dụng ở nơi kia rồi mở lại.`);
    return new AppError('Forbidden', `Thư mục làm việc chỉ cho phép đọc (đĩa CD, USB chống ghi, thư mục dùng chung không có quyền ghi): ${notSaved}. Hãy chép thư mục làm việc sang ổ đĩa ghi được.`);
  }

  /** Closes a year's connections (closing checkpoints the WAL into the file), so the file can be replaced or reopened. */
  closeYear(year: number): void {
    this.unmigrated.delete(year);
    for (const m of [this.readers, this.open]) {
      const db = m.get(year);
      if (db) closeDatabase(db);
      m.delete(year);
    }
  }

  close(): void {
    for (const db of this.readers.values()) closeDatabase(db);
    this.readers.clear();
    for (const db of this.open.values()) closeDatabase(db);
    this.open.clear();
    for (const d of this.copies.splice(0)) {
      rmSync(d, { recursive: true, force: true });
      Workspace.copiesToRemove.delete(d);
    }
    this.release();
    this.release = () => undefined;
  }
}

/** Whether a year file's schema is older than this build's, and whether it is sealed (probed read-only, nothing written). */
function probeSchema(file: string, opts: OpenOptions): { older: boolean; sealed: boolean } {
  let c: Database.Database | null = null;
  try {
    c = new Database(file, { readonly: true, fileMustExist: true, nativeBinding: opts.nativeBinding });
    const version = c.pragma('user_version', { simple: true }) as number;
    const older = version > 0 && version < knownSchemaVersion(opts.migrationsFolder);
    return { older, sealed: older && c.prepare("SELECT 1 FROM meta WHERE key = 'seal'").get() !== undefined };
  } catch {
    // Opening it for real says what is wrong with it.
    return { older: false, sealed: false };
  } finally {
    c?.close();
  }
}

/**
 * Migrates a temporary copy of a year file (no backup of it: the original stays as it is), then serves it
 * read-only: the year is sealed (the gate refuses writes anyway) or cannot be written.
 */
function openMigratedCopy(copy: string, opts: OpenOptions): Db {
  const backupDir = join(dirname(copy), 'sao-luu');
  closeDatabase(openDatabase(copy, { ...opts, readonly: false, backup: false, backupDir }));
  return openDatabase(copy, { ...opts, readonly: true, backupDir });
}

/** A year file sealed by the archivist (services/archive-seal). */
function sealed(db: Db): boolean {
  try {
    return db.$client.prepare("SELECT 1 FROM meta WHERE key = 'seal'").get() !== undefined;
  } catch {
    return false;
  }
}

/** A year file whose creation never completed: its schema exists but the year's own record does not. */
function unfinished(db: Db): boolean {
  try {
    return db.$client.prepare("SELECT 1 FROM meta WHERE key = 'year'").get() === undefined;
  } catch {
    return true;
  }
}

/** Gives the complete temporary file its final name without ever replacing a year file that appeared meanwhile. */
function publish(tmp: string, final: string, year: number): void {
  try {
    linkSync(tmp, final);
    unlinkSync(tmp);
    return;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new AppError('Conflict', `Năm ${year} vừa được tạo bởi một chương trình khác; không ghi đè.`);
    // File systems without hard links (FAT32/exFAT USB sticks): check, then rename.
  }
  if (existsSync(final)) throw new AppError('Conflict', `Năm ${year} vừa được tạo bởi một chương trình khác; không ghi đè.`);
  renameSync(tmp, final);
}

function removeQuietly(p: string): void {
  try {
    unlinkSync(p);
  } catch {
    // Not there.
  }
}
