import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { cleanTemporaries, writeFileAtomic } from '../../electron/core/faults/atomic';
import { asAppError, classify } from '../../electron/core/faults/messages';
import { inWriteTransaction } from '../../electron/core/faults/retry';
import type { Db } from '../../electron/core/db/client';
import { AppError } from '../../shared/rpc/envelope';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'tonghop-loi-don-vi-'));
  dirs.push(d);
  return d;
};
const err = (code: string, message = 'english text') => Object.assign(new Error(message), { code });

const SQLITE = [
  'SQLITE_FULL', 'SQLITE_READONLY', 'SQLITE_READONLY_DBMOVED', 'SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_LOCKED', 'SQLITE_PROTOCOL',
  'SQLITE_IOERR', 'SQLITE_IOERR_WRITE', 'SQLITE_IOERR_SHMSIZE', 'SQLITE_IOERR_NOMEM', 'SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CANTOPEN',
  'SQLITE_PERM', 'SQLITE_AUTH', 'SQLITE_NOMEM', 'SQLITE_TOOBIG', 'SQLITE_NOLFS', 'SQLITE_INTERRUPT', 'SQLITE_ABORT', 'SQLITE_WHATEVER_NEW',
];
const FS = ['ENOSPC', 'EDQUOT', 'EFBIG', 'EROFS', 'EACCES', 'EPERM', 'EBUSY', 'ETXTBSY', 'EIO', 'ENXIO', 'ESTALE', 'ETIMEDOUT', 'ENOENT', 'ENOTDIR',
  'EISDIR', 'EMFILE', 'ENFILE', 'ENOMEM', 'EAGAIN', 'ENAMETOOLONG', 'ELOOP', 'EXDEV'];

describe('fault messages', () => {
  it.each([...SQLITE, ...FS])('%s becomes a Vietnamese message saying what was and was not saved', (code) => {
    const e = asAppError(err(code), { file: 'Bao-cao-2024.docx', saved: 'đã lưu 50 tệp', notSaved: 'chưa lưu 350 tệp' });
    expect(e).toBeInstanceOf(AppError);
    expect(e!.message).toMatch(/đã lưu 50 tệp, chưa lưu 350 tệp/);
    expect(e!.message).toMatch(/Bao-cao-2024\.docx/);
    expect(e!.message).not.toMatch(/english text|database|disk|locked/i);
  });

  it('says a full disk is full, another program is busy, a read-only medium is read-only, and calls nothing else damaged', () => {
    expect(asAppError(err('SQLITE_FULL'))!.message).toMatch(/^Ổ đĩa đã đầy/);
    expect(asAppError(err('ENOSPC'))!.message).toMatch(/^Ổ đĩa đã đầy/);
    expect(asAppError(err('SQLITE_BUSY'))!.message).toMatch(/đang được một chương trình khác ghi/);
    expect(asAppError(err('EROFS'))!.message).toMatch(/chỉ cho phép đọc/);
    for (const code of [...SQLITE, ...FS].filter((c) => !/CORRUPT|NOTADB/.test(c))) expect(asAppError(err(code))!.message).not.toMatch(/hỏng/);
    // Only "in use" says a program may hold the file open; a full disk never asks about Word or Excel.
    expect(asAppError(err('SQLITE_FULL'))!.message).not.toMatch(/Word|Excel/);
  });

  it('leaves defects of the app (bad SQL, a broken constraint) and ordinary errors as internal errors', () => {
    for (const code of ['SQLITE_ERROR', 'SQLITE_CONSTRAINT_FOREIGNKEY', 'SQLITE_MISUSE', 'SQLITE_RANGE']) expect(classify(err(code))).toBeNull();
    expect(asAppError(new Error('plain'))).toBeNull();
    const app = new AppError('Validation', 'Năm không hợp lệ');
    expect(asAppError(app)).toBe(app);
  });
});

describe('atomic output files', () => {
  it('replace a file whole and leave no temporary', () => {
    const d = temp();
    const f = join(d, 'Phu-luc-2024.xlsx');
    writeFileSync(f, 'bản cũ');
    writeFileAtomic(f, Buffer.from('bản mới'));
    expect(readFileSync(f, 'utf8')).toBe('bản mới');
    expect(readdirSync(d)).toEqual(['Phu-luc-2024.xlsx']);
  });

  it('fail with a Vietnamese message, keeping the earlier file, when the folder is gone', () => {
    const d = temp();
    expect(() => writeFileAtomic(join(d, 'khong-co', 'Bao-cao.docx'), Buffer.from('x'))).toThrow(/Không tìm thấy tệp hoặc thư mục \(Bao-cao\.docx\).*chưa ghi được tệp Bao-cao\.docx/);
  });

  it('leftovers of a process that is gone are cleaned; those of a live process and other files are kept', () => {
    const d = temp();
    const dead = `.Bao-cao-2024.docx.${2 ** 22 + 11}-abc123.tonghop-tam`;
    const live = `.Bao-cao-2024.docx.${process.pid}-def456.tonghop-tam`;
    const yearTmp = `.tonghop-2025.sqlite.${2 ** 22 + 11}-xyz.tonghop-tam-wal`;
    for (const n of [dead, live, yearTmp, 'Bao-cao-2024.docx', '.an']) writeFileSync(join(d, n), 'x');
    expect(cleanTemporaries(d).sort()).toEqual([dead, yearTmp].sort());
    expect(readdirSync(d).sort()).toEqual(['.an', live, 'Bao-cao-2024.docx'].sort());
  });
});

describe('a write while another process holds the year', () => {
  function holdYear(file: string, ms: number): Promise<void> {
    const script = `const D=require(${JSON.stringify(resolve(__dirname, '../../node_modules/better-sqlite3'))});const d=new D(${JSON.stringify(file)});d.exec('BEGIN IMMEDIATE');process.stdout.write('held');setTimeout(()=>{d.exec('COMMIT');d.close();},${ms});`;
    const child = spawn(process.execPath, ['-e', script]);
    return new Promise((ok) => child.stdout.once('data', () => ok()));
  }
  const open = (file: string) => {
    const c = new Database(file);
    c.pragma('journal_mode = WAL');
    c.pragma('busy_timeout = 100');
    c.exec('CREATE TABLE IF NOT EXISTS t (x)');
    return drizzle(c) as unknown as Db;
  };

  it('waits and retries until the other process is done', async () => {
    const file = join(temp(), 'tonghop-2024.sqlite');
    const db = open(file);
    await holdYear(file, 600);
    inWriteTransaction(db, () => db.$client.prepare('INSERT INTO t VALUES (1)').run(), { attempts: 8, waitMs: 100 });
    expect(db.$client.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 1 });
    db.$client.close();
  });

  it('says in Vietnamese that another program holds the year when it does not let go; nothing is stored', async () => {
    const file = join(temp(), 'tonghop-2024.sqlite');
    const db = open(file);
    await holdYear(file, 1500);
    expect(() => inWriteTransaction(db, () => db.$client.prepare('INSERT INTO t VALUES (1)').run(), { attempts: 2, waitMs: 50 })).toThrow(
      /Dữ liệu năm đang được một chương trình khác ghi/,
    );
    expect(db.$client.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 0 });
    db.$client.close();
    expect(existsSync(file)).toBe(true);
  });
});
