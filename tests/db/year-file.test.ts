import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { closeCore, createCore, type CoreContext } from '../../electron/core';
import { closeDatabase, knownSchemaVersion, openDatabase, PAGE_SIZE } from '../../electron/core/db/client';
import { readSettings } from '../../electron/core/db/repos/settings';
import { createYear, listYears } from '../../electron/core/services/years';
import { getSettings, saveSettings } from '../../electron/core/services/settings';
import { insertUnit, listUnits } from '../../electron/core/db/repos/units';
import { AppError } from '../../shared/rpc/envelope';
import { tempDir } from '../support/web-host';
import { migrationsBefore, migrationsPlusOne } from '../support/migrations';

const dirs: string[] = [];
const cores: CoreContext[] = [];
function core(dir = tempDir()): CoreContext {
  dirs.push(dir);
  const c = createCore({ host: 'cli', workspaceDir: dir, actor: 'kiểm thử' });
  cores.push(c);
  return c;
}
afterEach(() => {
  cores.splice(0).forEach(closeCore);
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');

describe('a year file', () => {
  it('is a healthy SQLite file in WAL mode with the schema version recorded', () => {
    const c = core();
    createYear(c, 2024);
    closeCore(c);
    const raw = new Database(join(c.workspace!.dir, 'tonghop-2024.sqlite'), { readonly: true });
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('user_version', { simple: true })).toBe(knownSchemaVersion());
    const tables = raw.prepare("select name from sqlite_master where type='table'").all().map((r) => (r as { name: string }).name);
    expect(tables).toEqual(expect.arrayContaining(['settings', 'units', 'figures', 'figure_history', 'list_rows', 'narratives']));
    raw.close();
  });

  it('is made with 32 KB pages when new; a file made with 4 KB pages keeps them and opens as before', () => {
    const dir = tempDir();
    dirs.push(dir);
    const fresh = openDatabase(join(dir, 'new.sqlite'), { create: true });
    expect(PAGE_SIZE).toBe(32_768);
    expect(fresh.$client.pragma('page_size', { simple: true })).toBe(PAGE_SIZE);
    // Savepoints' statement journals in memory, not in temporary files (2 = MEMORY).
    expect(fresh.$client.pragma('temp_store', { simple: true })).toBe(2);
    fresh.$client.close();
    // A year file of an earlier version: 4 KB pages, schema only up to the first migration.
    const old = join(dir, 'old.sqlite');
    const raw = new Database(old);
    raw.pragma('page_size = 4096');
    raw.pragma('journal_mode = WAL');
    raw.exec('CREATE TABLE t (x)');
    raw.close();
    const opened = openDatabase(old, { create: true });
    expect(opened.$client.pragma('page_size', { simple: true })).toBe(4096);
    expect(opened.$client.pragma('user_version', { simple: true })).toBe(knownSchemaVersion());
    expect(opened.$client.pragma('integrity_check', { simple: true })).toBe('ok');
    opened.$client.close();
  });

  it('keeps settings after the file is closed and opened again', () => {
    const dir = tempDir();
    const c1 = core(dir);
    createYear(c1, 2024);
    const s = getSettings(c1, 2024);
    saveSettings(c1, 2024, { ...s, placeName: 'Quảng Ngãi', issuerLines: ['ỦY BAN NHÂN DÂN', 'THÀNH PHỐ QUẢNG NGÃI'] });
    closeCore(c1);
    const c2 = createCore({ host: 'cli', workspaceDir: dir });
    cores.push(c2);
    expect(getSettings(c2, 2024).placeName).toBe('Quảng Ngãi');
    expect(getSettings(c2, 2024).issuerLines).toEqual(['ỦY BAN NHÂN DÂN', 'THÀNH PHỐ QUẢNG NGÃI']);
  });

  it('lists years newest first and refuses to create one twice', () => {
    const c = core();
    createYear(c, 2023);
    createYear(c, 2025);
    expect(listYears(c).map((y) => y.year)).toEqual([2025, 2023]);
    expect(() => createYear(c, 2023)).toThrow(/đã có/);
  });

  it('starts a new year with the settings and units of the latest earlier year', () => {
    const c = core();
    createYear(c, 2023);
    saveSettings(c, 2023, { ...getSettings(c, 2023), placeName: 'Quảng Ngãi' });
    insertUnit(c.workspace!.db(2023), { code: 'P01', name: 'Phường Lê Hồng Phong', kind: 'phuong', order: 1 }, 't');
    createYear(c, 2024);
    expect(getSettings(c, 2024).placeName).toBe('Quảng Ngãi');
    expect(listUnits(c.workspace!.db(2024)).map((u) => u.name)).toEqual(['Phường Lê Hồng Phong']);
  });

  it('refuses a file written by a newer version of the app and leaves it untouched', () => {
    const c = core();
    createYear(c, 2024);
    closeCore(c);
    const file = join(c.workspace!.dir, 'tonghop-2024.sqlite');
    const raw = new Database(file);
    raw.pragma('journal_mode = DELETE');
    raw.pragma(`user_version = ${knownSchemaVersion() + 5}`);
    raw.close();
    const before = sha(file);
    let err: unknown;
    try {
      openDatabase(file);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).kind).toBe('Precondition');
    expect((err as AppError).message).toMatch(/phiên bản mới hơn/);
    expect(sha(file)).toBe(before);
    expect(existsSync(file)).toBe(true);
  });

  it('backs the file up before applying a new migration, and keeps the data', () => {
    const dir = tempDir();
    dirs.push(dir);
    const file = join(dir, 'tonghop-2024.sqlite');
    const db1 = openDatabase(file, { create: true });
    db1.$client.prepare("insert into meta(key, value) values ('year', '2024')").run();
    db1.$client.close();
    // A later build of the app: the same migrations plus one more.
    const next = migrationsPlusOne(join(dir, 'migrations-next'));

    const db2 = openDatabase(file, { migrationsFolder: next, backupDir: join(dir, 'sao-luu') });
    expect(db2.$client.pragma('user_version', { simple: true })).toBe(knownSchemaVersion() + 1);
    expect(db2.$client.prepare("select value from meta where key='year'").get()).toEqual({ value: '2024' });
    db2.$client.close();
    const backups = readdirSync(join(dir, 'sao-luu'));
    expect(backups).toHaveLength(1);
    const old = new Database(join(dir, 'sao-luu', backups[0]), { readonly: true });
    expect(old.pragma('user_version', { simple: true })).toBe(knownSchemaVersion());
    expect(old.prepare("select value from meta where key='year'").get()).toEqual({ value: '2024' });
    old.close();
  });

  it('of an older version that may not be written here is read through a migrated copy: the file unchanged, no backup made', () => {
    // The migrations of the version before 0006, and a year made with them.
    const dir = tempDir();
    dirs.push(dir);
    const old = migrationsBefore(join(dir, 'migrations'), '0006');
    const ws = join(dir, 'ws');
    const made = createCore({ host: 'cli', workspaceDir: ws, actor: 'kiểm thử', dbOptions: { migrationsFolder: old } });
    createYear(made, 2024);
    insertUnit(made.workspace!.db(2024), { code: 'X1', name: 'Xã Một', kind: 'xa', order: 1 }, '2024-01-01T00:00:00.000Z', 'kiểm thử');
    closeCore(made);
    const file = join(ws, 'tonghop-2024.sqlite');
    const before = sha(file);

    // As when another instance holds the workspace: every connection read-only.
    const c = createCore({ host: 'cli', workspaceDir: ws, actor: 'kiểm thử', dbOptions: { readonly: true } });
    cores.push(c);
    const db = c.workspace!.db(2024);
    expect(db.$client.readonly).toBe(true);
    expect(db.$client.pragma('user_version', { simple: true })).toBe(knownSchemaVersion());
    expect(listUnits(db).map((u) => u.code)).toContain('X1');
    expect(c.workspace!.unmigratedFile(2024)).toBe(file);
    closeCore(c);
    expect(sha(file)).toBe(before);
    expect(existsSync(join(ws, 'tonghop-2024', 'sao-luu'))).toBe(false);
    // Opened for writing, the same file is migrated in place after a backup.
    const w = core(ws);
    expect(w.workspace!.db(2024).$client.pragma('user_version', { simple: true })).toBe(knownSchemaVersion());
    expect(readdirSync(join(ws, 'tonghop-2024', 'sao-luu'))).toHaveLength(1);
  });

  it('migrates a temporary copy without a backup of it when told (backup: false)', () => {
    const dir = tempDir();
    dirs.push(dir);
    const file = join(dir, 'copy.sqlite');
    closeDatabase(openDatabase(file, { create: true }));
    // A later build of the app: the same migrations plus one more.
    const next = migrationsPlusOne(join(dir, 'migrations-next'));
    const db = openDatabase(file, { migrationsFolder: next, backup: false, backupDir: join(dir, 'sao-luu') });
    expect(db.$client.pragma('user_version', { simple: true })).toBe(knownSchemaVersion() + 1);
    db.$client.close();
    expect(existsSync(join(dir, 'sao-luu'))).toBe(false);
  });

  it('says plainly when a file is not a database of the app', () => {
    const dir = tempDir();
    dirs.push(dir);
    const file = join(dir, 'tonghop-2024.sqlite');
    writeFileSync(file, 'đây không phải SQLite');
    expect(() => openDatabase(file)).toThrow(/đã bị hỏng/);
    expect(readFileSync(file, 'utf8')).toBe('đây không phải SQLite');
  });

  it('stores settings as one row per key so a later field can be added without loss', () => {
    const c = core();
    createYear(c, 2024);
    const db = c.workspace!.db(2024);
    db.$client.prepare("update settings set value = ? where key = 'placeName'").run(JSON.stringify('Huế'));
    expect(readSettings(db).placeName).toBe('Huế');
  });
});
