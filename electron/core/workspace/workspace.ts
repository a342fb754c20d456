/**
 * A workspace is a folder holding one SQLite file per reporting year (`tonghop-2024.sqlite`) and, beside each,
 * a folder of the year's outputs and backups (`tonghop-2024/`). Open year files are cached for the life of the host.
 */
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../../shared/rpc/envelope';
import { closeDatabase, openDatabase, type Db, type OpenOptions } from '../db/client';

const FILE_RE = /^tonghop-(\d{4})\.sqlite$/;

export function yearFileName(year: number): string {
  return `tonghop-${year}.sqlite`;
}

export class Workspace {
  private readonly open = new Map<number, Db>();

  constructor(
    readonly dir: string,
    private readonly dbOptions: OpenOptions = {},
  ) {}

  /** Makes sure the folder exists and is a folder. */
  static prepare(dir: string, dbOptions: OpenOptions = {}): Workspace {
    if (existsSync(dir) && !statSync(dir).isDirectory())
      throw new AppError('Precondition', `"${dir}" không phải là một thư mục.`);
    mkdirSync(dir, { recursive: true });
    return new Workspace(dir, dbOptions);
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

  /** Opens an existing year (cached). */
  db(year: number): Db {
    const cached = this.open.get(year);
    if (cached) return cached;
    if (!this.hasYear(year)) throw new AppError('NotFound', `Chưa có dữ liệu năm ${year} trong thư mục làm việc.`);
    const db = openDatabase(this.yearFile(year), { ...this.dbOptions, backupDir: join(this.yearFolder(year), 'sao-luu') });
    this.open.set(year, db);
    return db;
  }

  /** Creates the file of a new year; refuses one that exists. */
  createYearFile(year: number): Db {
    if (this.hasYear(year)) throw new AppError('Conflict', `Năm ${year} đã có trong thư mục làm việc.`);
    mkdirSync(this.yearFolder(year), { recursive: true });
    const db = openDatabase(this.yearFile(year), { ...this.dbOptions, create: true });
    this.open.set(year, db);
    return db;
  }

  close(): void {
    for (const db of this.open.values()) closeDatabase(db);
    this.open.clear();
  }
}
