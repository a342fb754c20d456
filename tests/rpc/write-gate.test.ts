/**
 * The write gate: every call declares whether it writes; a call that only reads runs on a read-only connection,
 * and a write to a locked year is refused — through the web host, through the command line and through the
 * dispatcher both hosts share — with the year file unchanged and a Vietnamese message saying who locked it, when
 * and how to unlock. (The Electron IPC adapter is covered in tests/unit/electron-main.test.ts.) The lock used here
 * is the test-only one; approval and sealing set the same lock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { closeCore, createCore, dispatch, type CoreContext } from '../../electron/core';
import { withAccess } from '../../electron/core/access';
import { loadDemo } from '../../electron/core/services/demo';
import { ensureYear } from '../../electron/core/services/years';
import { setYearLock, yearLock } from '../../electron/core/services/year-lock';
import { startWebHost, type WebHost } from '../../electron/web/server';
import { allChannels, rpc } from '../../shared/rpc';
import { dbDigest } from '../support/import-fixture';
import { RENDERER_DIR, tempDir } from '../support/web-host';
import { cli } from '../support/cli';
import { listUnits } from '../../electron/core/db/repos/units';

let dir = '';
let ctx: CoreContext;
let host: WebHost;
const LOCKED = /^Năm 2024 đang khóa \(Kiểm thử viên lúc \d\d:\d\d ngày \d\d\/\d\d\/\d{4}\) nên dữ liệu năm chỉ xem, không sửa được; chưa lưu gì\. Gỡ khóa thử để sửa\.$/;

function lock(on: boolean): void {
  // Straight to the file, past the gate: the test plays the part of approval or sealing.
  const db = ctx.workspace!.db(2024);
  setYearLock(db, on ? { state: 'test', by: 'Kiểm thử viên', at: new Date().toISOString(), unlock: 'Gỡ khóa thử để sửa.' } : null);
}

function post(channel: string, body: unknown): Promise<{ ok: boolean; error?: { kind: string; message: string } }> {
  return new Promise((ok, fail) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: host.port,
        method: 'POST',
        path: `/rpc/${channel}`,
        headers: { 'content-type': 'application/json', host: `127.0.0.1:${host.port}`, origin: `http://127.0.0.1:${host.port}`, 'x-tonghop-token': host.token },
      },
      (res) => {
        let data = '';
        res.on('data', (c) => (data += c));
        res.on('end', () => ok(JSON.parse(data)));
      },
    );
    req.on('error', fail);
    req.end(JSON.stringify(body));
  });
}

beforeAll(async () => {
  dir = tempDir();
  ctx = createCore({ host: 'web', workspaceDir: dir, actor: 'kiểm thử' });
  loadDemo(ctx);
  host = await startWebHost({ ctx, rendererDir: RENDERER_DIR, log: () => undefined });
}, 60_000);
afterAll(async () => {
  await host?.close();
  closeCore(ctx);
});

describe('every contract says whether it writes', () => {
  it('is declared on every channel, and the calls that change a year are the ones declared as writing', () => {
    const all = Object.values(rpc).flatMap((area) => Object.values(area));
    expect(all.map((c) => c.channel).sort()).toEqual([...allChannels].sort());
    for (const c of all) expect(typeof c.writes, c.channel).toBe('boolean');
    const writing = all.filter((c) => c.writes).map((c) => c.channel);
    for (const ch of ['figures:save', 'settings:save', 'units:add', 'imports:commit', 'templates:save-narrative', 'lists:save-row']) expect(writing).toContain(ch);
    for (const ch of ['figures:year-data', 'report:preview', 'imports:check', 'settings:get']) expect(writing).not.toContain(ch);
  });

  it('gives a reading call a connection that SQLite itself keeps from writing', () => {
    const db = withAccess('read', () => ensureYear(ctx, 2024));
    expect(db.$client.readonly).toBe(true);
    expect(() => db.$client.prepare("UPDATE settings SET value = value WHERE key = 'x'").run()).toThrow(/readonly/);
    expect(withAccess('write', () => ensureYear(ctx, 2024)).$client.readonly).toBe(false);
  });
});

describe('a locked year', () => {
  it('refuses writes through the web host and the dispatcher, answers reads, and keeps the file unchanged', async () => {
    lock(true);
    try {
      const before = dbDigest(ctx);
      const unit = listUnits(withAccess('read', () => ensureYear(ctx, 2024))).find((u) => u.kind === 'xa')!;
      const writes: [string, unknown][] = [
        [rpc.figures.save.channel, { year: 2024, changes: [{ unitId: unit.id, code: 'HOA_GIAI_TIEP_NHAN', year: 2021, value: '999' }] }],
        [rpc.settings.get.channel, null],
        [rpc.units.add.channel, { year: 2024, code: 'X-MOI', name: 'Xã Mới', kind: 'xa' }],
        [rpc.units.update.channel, { year: 2024, id: unit.id, active: false }],
        [rpc.lists.deleteRow.channel, { year: 2024, id: 1 }],
      ];
      for (const [channel, input] of writes) {
        if (input === null) continue;
        const r = await post(channel, input);
        expect(r.ok, channel).toBe(false);
        expect(r.error?.kind, channel).toBe('Locked');
        expect(r.error?.message, channel).toMatch(LOCKED);
      }
      const settings = await post(rpc.settings.get.channel, { year: 2024 });
      expect(settings.ok).toBe(true);
      const saved = await post(rpc.settings.save.channel, { year: 2024, settings: (settings as unknown as { value: unknown }).value });
      expect(saved).toMatchObject({ ok: false, error: { kind: 'Locked' } });
      const data = await dispatch(ctx, rpc.figures.yearData.channel, { year: 2024 }, () => undefined);
      expect(data.ok).toBe(true);
      const preview = await post(rpc.report.preview.channel, { year: 2024 });
      expect(preview.ok).toBe(true);
      expect(dbDigest(ctx)).toBe(before);
    } finally {
      lock(false);
    }
    // Unlocked again, the same write goes through.
    const unit = listUnits(ensureYear(ctx, 2024)).find((u) => u.kind === 'xa')!;
    const r = await post(rpc.units.update.channel, { year: 2024, id: unit.id, name: unit.name });
    expect(r.ok).toBe(true);
  }, 60_000);

  it('refuses writes through the command line with the same message, and still reads', () => {
    lock(true);
    const digest = dbDigest(ctx);
    closeCore(ctx); // the command line opens the year file itself
    try {
      const ws = ['--workspace', dir, '--year', '2024'];
      const set = cli(['settings', 'set', 'placeName', 'Nơi khác', ...ws]);
      expect(set.code).not.toBe(0);
      expect(set.stderr.replace(/^Lỗi: /, '').trim()).toMatch(LOCKED);
      const add = cli(['units', 'add', 'X-MOI', 'Xã Mới', 'xã', ...ws]);
      expect(add.code).not.toBe(0);
      expect(add.stderr).toMatch(/đang khóa/);
      const file = join(dir, 'khong-phai-excel.xlsx');
      writeFileSync(file, 'x');
      const imp = cli(['import', ...ws, file]);
      expect(imp.code).not.toBe(0);
      expect(imp.stderr).toMatch(/đang khóa/);
      const dry = cli(['import', ...ws, '--dry-run', file]);
      expect(dry.stderr).not.toMatch(/đang khóa/);
      const figures = cli(['figures', ...ws]);
      expect(figures.code, figures.stderr).toBe(0);
    } finally {
      ctx.workspace = createCore({ host: 'web', workspaceDir: dir, actor: 'kiểm thử' }).workspace;
    }
    expect(dbDigest(ctx)).toBe(digest);
    expect(yearLock(withAccess('read', () => ensureYear(ctx, 2024)))?.by).toBe('Kiểm thử viên');
    lock(false);
  }, 120_000);
});
