/**
 * The archive: backups that restore to the same data, tampered backups refused, sealing with a fingerprint that
 * exposes every kind of outside change, a sealed year refusing writes, unsealing with a reason, and an archive
 * package whose manifest matches its files. Real year files, real SQLite edits from outside the app, real zips.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { unzipSync } from 'fflate';
import { closeCore, createCore, dispatch, type CoreContext } from '../../electron/core';
import { loadDemo } from '../../electron/core/services/demo';
import { rpc } from '../../shared/rpc';
import { dbDigest } from '../support/import-fixture';
import { tempDir } from '../support/web-host';
import { cli } from '../support/cli';
import type { BackupDto, SealStatusDto } from '../../shared/rpc/archive';
import { callOk } from '../support/dispatch';

let pristine = '';
const open: { ctx: CoreContext; dir: string }[] = [];

beforeAll(() => {
  pristine = tempDir('tonghop-luu-tru-');
  const ctx = createCore({ host: 'cli', workspaceDir: pristine, actor: 'Nguyễn Văn Lưu' });
  loadDemo(ctx);
  closeCore(ctx);
}, 60_000);
afterAll(() => {
  for (const o of open) {
    closeCore(o.ctx);
    rmSync(o.dir, { recursive: true, force: true });
  }
  rmSync(pristine, { recursive: true, force: true });
});

/** A fresh copy of the demo workspace with a core on it. */
function fresh(): { ctx: CoreContext; dir: string; file: string } {
  const dir = tempDir();
  cpSync(pristine, dir, { recursive: true });
  const ctx = createCore({ host: 'cli', workspaceDir: dir, actor: 'Nguyễn Văn Lưu' });
  open.push({ ctx, dir });
  return { ctx, dir, file: join(dir, 'tonghop-2024.sqlite') };
}

const call = <T>(ctx: CoreContext, channel: string, input: unknown) => callOk<T>(ctx, channel, input);
async function refused(ctx: CoreContext, channel: string, input: unknown): Promise<{ kind: string; message: string }> {
  const r = await dispatch(ctx, channel, input, () => undefined);
  if (r.ok) throw new Error(`${channel} was not refused`);
  return r.error;
}

/** Changes the year file from outside the app, as someone with a SQLite tool would. */
function outside(ctx: CoreContext, file: string, sql: string): void {
  ctx.workspace!.closeYear(2024);
  const c = new Database(file);
  c.exec(sql);
  c.close();
}

describe('backups', () => {
  it('restore to the very same data, keep the current file first, and say what would change', async () => {
    const { ctx } = fresh();
    const before = dbDigest(ctx);
    const b = await call<BackupDto>(ctx, rpc.archive.backup.channel, { year: 2024, reason: 'cuối ngày' });
    expect(b).toMatchObject({ kind: 'manual', reason: 'cuối ngày', createdBy: 'Nguyễn Văn Lưu' });
    expect(b.counts.figures).toBeGreaterThan(100);
    expect(createHash('sha256').update(readFileSync(join(b.folder, b.name))).digest('hex')).toBe(b.sha256);
    // A change after the backup: the preview names it, the restore undoes it.
    const unit = (await call<{ id: number; kind: string }[]>(ctx, rpc.units.list.channel, { year: 2024 })).find((u) => u.kind === 'xa')!;
    await call(ctx, rpc.figures.save.channel, { year: 2024, changes: [{ unitId: unit.id, code: 'HOA_GIAI_TIEP_NHAN', year: 2021, value: '9999' }] });
    expect(dbDigest(ctx)).not.toBe(before);
    const preview = await call<{ changed: string[]; same: boolean }>(ctx, rpc.archive.restorePreview.channel, { year: 2024, name: b.name });
    expect(preview.same).toBe(false);
    expect(preview.changed).toContain('số liệu');
    await call(ctx, rpc.archive.restore.channel, { year: 2024, name: b.name });
    expect(dbDigest(ctx)).toBe(before);
    // The file before the restore was kept as an automatic backup.
    const s = await call<{ backups: BackupDto[] }>(ctx, rpc.archive.status.channel, { year: 2024 });
    expect(s.backups.map((x) => x.reason)).toContain(`trước khi khôi phục từ ${b.name}`);
  }, 60_000);

  it('refuse a backup changed after it was made, and leave the year as it is', async () => {
    const { ctx } = fresh();
    const b = await call<BackupDto>(ctx, rpc.archive.backup.channel, { year: 2024 });
    const before = dbDigest(ctx);
    // Its bytes changed (a figure edited in the copy): the SHA-256 no longer matches.
    const copy = new Database(join(b.folder, b.name));
    copy.exec("UPDATE figures SET value = '1' WHERE (unit_id, code, year) = (SELECT unit_id, code, year FROM figures ORDER BY unit_id, code, year LIMIT 1)");
    copy.close();
    const e = await refused(ctx, rpc.archive.restore.channel, { year: 2024, name: b.name });
    expect(e.message).toMatch(/đã bị thay đổi hoặc bị hỏng sau khi sao lưu \(mã kiểm tra SHA-256 không khớp\)/);
    expect(dbDigest(ctx)).toBe(before);
    expect((await refused(ctx, rpc.archive.restore.channel, { year: 2024, name: '../tonghop-2024.sqlite' })).kind).toBe('Validation');
  }, 60_000);

  it('restore a damaged year file from its backup, keeping the damaged one', async () => {
    const { ctx, file } = fresh();
    const before = dbDigest(ctx);
    const b = await call<BackupDto>(ctx, rpc.archive.backup.channel, { year: 2024 });
    ctx.workspace!.closeYear(2024);
    writeFileSync(file, Buffer.alloc(4096, 7));
    expect((await refused(ctx, rpc.figures.yearData.channel, { year: 2024 })).message).toMatch(new RegExp(`bị hỏng.*${b.name.replace(/[.]/g, '\\.')}`));
    await call(ctx, rpc.archive.restore.channel, { year: 2024, name: b.name });
    expect(dbDigest(ctx)).toBe(before);
    expect(readdirSync(b.folder).some((n) => n.includes('-hong-'))).toBe(true);
  }, 60_000);
});

describe('sealing a year', () => {
  async function sealed() {
    const f = fresh();
    const pre = await call<BackupDto>(f.ctx, rpc.archive.backup.channel, { year: 2024, reason: 'trước khi khóa' });
    const s = await call<SealStatusDto>(f.ctx, rpc.archive.seal.channel, { year: 2024 });
    return { ...f, s, pre };
  }

  it('stores the fingerprint in the file and beside it, writes the Biên bản, and locks the year down to SQLite', async () => {
    const { ctx, dir, s } = await sealed();
    expect(s).toMatchObject({ intact: true, problem: null, record: 'Bien-ban-khoa-so-2024.docx' });
    expect(s.seal?.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    const side = JSON.parse(readFileSync(join(dir, 'tonghop-2024.niem-phong.json'), 'utf8'));
    expect(side.fingerprint).toBe(s.seal!.fingerprint);
    const record = unzipSync(new Uint8Array(readFileSync(join(dir, 'tonghop-2024', 'luu-tru', 'Bien-ban-khoa-so-2024.docx'))))['word/document.xml'];
    expect(new TextDecoder().decode(record)).toContain(s.seal!.fingerprint);
    const before = dbDigest(ctx);
    const e = await refused(ctx, rpc.settings.save.channel, { year: 2024, settings: await call(ctx, rpc.settings.get.channel, { year: 2024 }) });
    expect(e.kind).toBe('Locked');
    expect(e.message).toMatch(/^Năm 2024 đã khóa sổ \(Nguyễn Văn Lưu lúc .*\).*Mở niêm phong/);
    expect(ctx.workspace!.db(2024).$client.readonly).toBe(true);
    expect((await refused(ctx, rpc.archive.seal.channel, { year: 2024 })).kind).toBe('Conflict');
    expect(dbDigest(ctx)).toBe(before);
    // Reading still works.
    expect((await dispatch(ctx, rpc.report.preview.channel, { year: 2024 }, () => undefined)).ok).toBe(true);
  }, 60_000);

  const changes: [string, (f: Awaited<ReturnType<typeof sealed>>) => void, RegExp][] = [
    ['a figure edited with a SQLite tool', (f) => outside(f.ctx, f.file, "UPDATE figures SET value = value + 1 WHERE (unit_id, code, year) = (SELECT unit_id, code, year FROM figures ORDER BY unit_id, code, year LIMIT 1)"), /số liệu/],
    ['a row deleted', (f) => outside(f.ctx, f.file, 'DELETE FROM list_rows WHERE id = (SELECT MIN(id) FROM list_rows)'), /danh sách.*\(\d+ → \d+ dòng\)/],
    ['a unit renamed with a SQLite tool', (f) => outside(f.ctx, f.file, "UPDATE units SET name = name || ' ' WHERE id = 2"), /danh sách đơn vị/],
    [
      'the sidecar edited',
      (f) => {
        const p = join(f.dir, 'tonghop-2024.niem-phong.json');
        writeFileSync(p, readFileSync(p, 'utf8').replace(/"fingerprint": "[0-9a-f]{4}/, '"fingerprint": "0000'));
      },
      /biên bản niêm phong tonghop-2024\.niem-phong\.json đi kèm không khớp/,
    ],
    [
      'the file replaced by an older backup',
      (f) => {
        f.ctx.workspace!.closeYear(2024);
        copyFileSync(join(f.pre.folder, f.pre.name), f.file);
      },
      /không còn dấu niêm phong.*bản cũ hơn/,
    ],
  ];
  for (const [what, change, where] of changes)
    it(`exposes ${what}`, async () => {
      const f = await sealed();
      change(f);
      const s = await call<SealStatusDto>(f.ctx, rpc.archive.verify.channel, { year: 2024 });
      expect(s.intact).toBe(false);
      expect(s.problem).toMatch(/^Dữ liệu năm 2024 đã bị thay đổi sau khi khóa sổ: /);
      expect(s.problem).toMatch(where);
    }, 60_000);

  it('opens again only with a reason, keeping the old seal in the history', async () => {
    const { ctx, dir, s } = await sealed();
    expect((await refused(ctx, rpc.archive.unseal.channel, { year: 2024, reason: '' })).kind).toBe('Validation');
    const open = await call<SealStatusDto>(ctx, rpc.archive.unseal.channel, { year: 2024, reason: 'Sở Nội vụ yêu cầu sửa số liệu hòa giải' });
    expect(open).toMatchObject({ seal: null, intact: null });
    expect(open.history).toEqual([expect.objectContaining({ fingerprint: s.seal!.fingerprint, reason: 'Sở Nội vụ yêu cầu sửa số liệu hòa giải', unsealedBy: 'Nguyễn Văn Lưu' })]);
    expect(existsSync(join(dir, 'tonghop-2024.niem-phong.json'))).toBe(false);
    expect(readdirSync(dir).some((n) => /niem-phong\.da-mo-.*\.json$/.test(n))).toBe(true);
    const unit = (await call<{ id: number; name: string }[]>(ctx, rpc.units.list.channel, { year: 2024 }))[1];
    await call(ctx, rpc.units.update.channel, { year: 2024, id: unit.id, name: `${unit.name} (mới)` });
  }, 60_000);
});

describe('sealing an approved year', () => {
  it('keeps the approval lock when the seal is opened again', async () => {
    const { ctx } = fresh();
    const { setYearLock } = await import('../../electron/core/services/year-lock');
    setYearLock(ctx.workspace!.db(2024), { state: 'approved', by: 'Lãnh đạo', at: new Date().toISOString(), unlock: 'Mở khóa để sửa ở trang Báo cáo.' });
    await call(ctx, rpc.archive.seal.channel, { year: 2024 });
    await call(ctx, rpc.archive.unseal.channel, { year: 2024, reason: 'Kiểm tra lại biên bản' });
    const e = await refused(ctx, rpc.settings.save.channel, { year: 2024, settings: await call(ctx, rpc.settings.get.channel, { year: 2024 }) });
    expect(e.kind).toBe('Locked');
    expect(e.message).toMatch(/đã được lãnh đạo duyệt/);
  }, 60_000);
});

describe('the archive package', () => {
  it('holds the year file, the originals, the Biên bản and a manifest that matches every file', async () => {
    const { ctx } = fresh();
    await call(ctx, rpc.archive.seal.channel, { year: 2024 });
    const p = await call<{ path: string; files: number; base64: string }>(ctx, rpc.archive.package.channel, { year: 2024 });
    const files = unzipSync(new Uint8Array(readFileSync(p.path)));
    expect(Buffer.from(p.base64, 'base64').equals(readFileSync(p.path))).toBe(true);
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as { files: { path: string; sha256: string; size: number }[] };
    expect(Object.keys(files).sort()).toEqual([...manifest.files.map((f) => f.path), 'README.txt', 'manifest.json'].sort());
    for (const f of manifest.files) expect(createHash('sha256').update(files[f.path]).digest('hex'), f.path).toBe(f.sha256);
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['tonghop-2024.sqlite', 'Bien-ban-khoa-so-2024.docx', 'tonghop-2024.niem-phong.json']));
    expect(new TextDecoder().decode(files['README.txt'])).toMatch(/GÓI LƯU TRỮ DỮ LIỆU NĂM 2024/);
  }, 60_000);
});

describe('the command line', () => {
  it('backs up, seals, verifies (exit 3 when changed), unseals and packages with the same rules', () => {
    const { ctx, dir, file } = fresh();
    closeCore(ctx);
    const ws = ['--workspace', dir, '--year', '2024'];
    const b = cli(['year', 'backup', ...ws, '--reason', 'thử']);
    expect(b.code, b.stderr).toBe(0);
    expect(cli(['year', 'backups', ...ws]).stdout).toMatch(/theo yêu cầu\t\d+ đơn vị/);
    expect(cli(['year', 'seal', ...ws]).stdout).toMatch(/Đã khóa sổ\. Năm 2024 đã khóa sổ lúc/);
    expect(cli(['year', 'verify', ...ws])).toMatchObject({ code: 0, stdout: expect.stringMatching(/nguyên vẹn/) });
    expect(cli(['settings', 'set', 'placeName', 'Khác', ...ws]).stderr).toMatch(/đã khóa sổ/);
    const c = new Database(file);
    c.exec("UPDATE figures SET value = value + 1 WHERE (unit_id, code, year) = (SELECT unit_id, code, year FROM figures ORDER BY unit_id, code, year LIMIT 1)");
    c.close();
    const broken = cli(['year', 'verify', ...ws]);
    expect(broken.code).toBe(3);
    expect(broken.stdout).toMatch(/đã bị thay đổi sau khi khóa sổ/);
    expect(cli(['year', 'unseal', ...ws]).code).not.toBe(0);
    expect(cli(['year', 'unseal', ...ws, '--reason', 'Kiểm tra lại số liệu']).code).toBe(0);
    const a = cli(['year', 'archive', ...ws]);
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toMatch(/Luu-tru-2024\.zip/);
    ctx.workspace = createCore({ host: 'cli', workspaceDir: dir }).workspace;
  }, 180_000);
});

describe('the years list', () => {
  it('lists a damaged year with the reason and the other years as usual, and marks a sealed one', async () => {
    const { ctx, file } = fresh();
    await call(ctx, rpc.years.create.channel, { year: 2025 });
    await call(ctx, rpc.archive.seal.channel, { year: 2025 });
    ctx.workspace!.closeYear(2024);
    writeFileSync(file, Buffer.alloc(4096, 1));
    const years = await call<{ year: number; problem?: string; sealed?: boolean; unitCount: number }[]>(ctx, rpc.years.list.channel, {});
    const sealedYear = years.find((y) => y.year === 2025)!;
    expect(sealedYear.sealed).toBe(true);
    expect(sealedYear.problem).toBeUndefined();
    expect(years.find((y) => y.year === 2024)?.problem).toMatch(/tonghop-2024\.sqlite đã bị hỏng/);
  }, 60_000);
});
