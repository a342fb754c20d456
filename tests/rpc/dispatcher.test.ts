import { afterEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { closeCore, createCore, dispatch, type CoreContext } from '../../electron/core';
import { allChannels, rpc } from '../../shared/rpc';
import { knownChannels } from '../../electron/core/rpc/dispatcher';
import { DEFAULT_SETTINGS } from '../../shared/domain/settings';
import { tempDir } from '../support/web-host';

let ctx: CoreContext;
let dir: string;
const quiet = () => undefined;
function fresh(): CoreContext {
  dir = tempDir();
  ctx = createCore({ host: 'web', workspaceDir: dir, actor: 'kiểm thử' });
  return ctx;
}
afterEach(() => {
  closeCore(ctx);
  rmSync(dir, { recursive: true, force: true });
});

describe('the dispatcher', () => {
  it('routes every declared contract and nothing else', () => {
    fresh();
    expect([...knownChannels()].sort()).toEqual([...allChannels].sort());
  });

  it('answers a valid call with ok and the output of the contract', async () => {
    fresh();
    const env = await dispatch(ctx, rpc.years.create.channel, { year: 2024 }, quiet);
    expect(env).toMatchObject({ ok: true, value: { year: 2024, file: 'tonghop-2024.sqlite', unitCount: 0 } });
    const list = await dispatch(ctx, rpc.years.list.channel, {}, quiet);
    expect(list.ok && (list.value as { year: number }[]).map((y) => y.year)).toEqual([2024]);
  });

  it('refuses invalid input with a Vietnamese validation message and saves nothing', async () => {
    fresh();
    const env = await dispatch(ctx, rpc.years.create.channel, { year: 'hai nghìn' }, quiet);
    expect(env.ok).toBe(false);
    if (!env.ok) {
      expect(env.error.kind).toBe('Validation');
      expect(env.error.message).toMatch(/chưa lưu gì/);
      expect(env.error.message).toMatch(/year/);
    }
    const list = await dispatch(ctx, rpc.years.list.channel, {}, quiet);
    expect(list).toEqual({ ok: true, value: [] });
  });

  it("sets the year's regime through templates:set-regime, and choosing the template again keeps it", async () => {
    fresh();
    await dispatch(ctx, rpc.years.create.channel, { year: 2026 }, quiet);
    const chosen = await dispatch(ctx, rpc.templates.choose.channel, { year: 2026, templateId: 'dan-van-hang-nam' }, quiet);
    expect(chosen).toMatchObject({ ok: true, value: { regime: { period: { fromYear: 2026, toYear: 2026 }, unitDeadline: '2026-12-16' } } });
    const regime = chosen.ok ? (chosen.value as { regime: Record<string, unknown> }).regime : {};
    const set = await dispatch(ctx, rpc.templates.setRegime.channel, { year: 2026, regime: { ...regime, unitDeadline: '2026-12-05', sendingMethod: 'Hệ thống quản lý văn bản' } }, quiet);
    expect(set).toMatchObject({ ok: true, value: { unitDeadline: '2026-12-05', sendingMethod: 'Hệ thống quản lý văn bản' } });
    const again = await dispatch(ctx, rpc.templates.choose.channel, { year: 2026, templateId: 'dan-van-hang-nam' }, quiet);
    expect(again).toMatchObject({ ok: true, value: { regime: { unitDeadline: '2026-12-05', sendingMethod: 'Hệ thống quản lý văn bản' } } });
    const bad = await dispatch(ctx, rpc.templates.setRegime.channel, { year: 2026, regime: { ...regime, unitDeadline: '2026-02-30' } }, quiet);
    expect(bad).toMatchObject({ ok: false, error: { kind: 'Validation' } });
    if (!bad.ok) expect(bad.error.message).toContain('không hợp lệ');
  });

  it('refuses a year out of range with the message of the contract', async () => {
    fresh();
    const env = await dispatch(ctx, rpc.years.create.channel, { year: 1990 }, quiet);
    expect(env).toMatchObject({ ok: false, error: { kind: 'Validation' } });
    if (!env.ok) expect(env.error.message).toContain('Năm phải từ 2000 trở đi');
  });

  it('refuses settings with a missing field and keeps the stored ones', async () => {
    fresh();
    await dispatch(ctx, rpc.years.create.channel, { year: 2024 }, quiet);
    const bad = { ...DEFAULT_SETTINGS, signer: { title: 'CHỦ TỊCH' } };
    const env = await dispatch(ctx, rpc.settings.save.channel, { year: 2024, settings: bad }, quiet);
    expect(env).toMatchObject({ ok: false, error: { kind: 'Validation' } });
    const now = await dispatch(ctx, rpc.settings.get.channel, { year: 2024 }, quiet);
    expect(now).toEqual({ ok: true, value: DEFAULT_SETTINGS });
  });

  it('answers an unknown channel with NotFound', async () => {
    fresh();
    const env = await dispatch(ctx, 'years:drop', {}, quiet);
    expect(env).toEqual({ ok: false, error: { kind: 'NotFound', message: 'Không có chức năng "years:drop".' } });
  });

  it('turns a service refusal into its kind: a year created twice is a Conflict', async () => {
    fresh();
    await dispatch(ctx, rpc.years.create.channel, { year: 2024 }, quiet);
    const env = await dispatch(ctx, rpc.years.create.channel, { year: 2024 }, quiet);
    expect(env).toMatchObject({ ok: false, error: { kind: 'Conflict', message: 'Năm 2024 đã có trong thư mục làm việc.' } });
  });

  it('answers NotFound for a year that does not exist', async () => {
    fresh();
    const env = await dispatch(ctx, rpc.settings.get.channel, { year: 2030 }, quiet);
    expect(env).toMatchObject({ ok: false, error: { kind: 'NotFound' } });
  });

  it('asks for a workspace when none is chosen', async () => {
    fresh();
    const bare = createCore({ host: 'electron', workspaceDir: null });
    const env = await dispatch(bare, rpc.years.list.channel, {}, quiet);
    expect(env).toMatchObject({ ok: false, error: { kind: 'Precondition' } });
    if (!env.ok) expect(env.error.message).toMatch(/thư mục làm việc/);
  });

  it('hides internal errors behind a Vietnamese message and logs the stack', async () => {
    fresh();
    await dispatch(ctx, rpc.years.create.channel, { year: 2024 }, quiet);
    ctx.workspace!.db(2024).$client.exec('DROP TABLE settings');
    const lines: string[] = [];
    const env = await dispatch(ctx, rpc.settings.save.channel, { year: 2024, settings: DEFAULT_SETTINGS }, (l) => lines.push(l));
    expect(env).toMatchObject({ ok: false, error: { kind: 'Internal' } });
    if (!env.ok) expect(env.error.message).toMatch(/^Lỗi nội bộ, thao tác chưa được thực hiện và chưa lưu gì\./);
    // The JavaScript message ("no such table: settings") goes to the log only, never into the Vietnamese text.
    if (!env.ok) expect(env.error.message).not.toMatch(/settings|no such/);
    expect(lines.join('\n')).toMatch(/settings/);
  });
});
