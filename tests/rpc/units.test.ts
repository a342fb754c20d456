/** Units: deleted only when unused, moved in the report's order, counted as reporting, a blank list to download. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { dispatch, type CoreContext } from '../../electron/core';
import { loadDemo } from '../../electron/core/services/demo';
import { rpc } from '../../shared/rpc';
import type { UnitDto } from '../../shared/domain/records';
import { tempCore } from '../support/builders';

let core: ReturnType<typeof tempCore>;
let ctx: CoreContext;
async function send<T>(channel: string, input: unknown): Promise<{ ok: true; value: T } | { ok: false; error: { kind: string; message: string } }> {
  return (await dispatch(ctx, channel, input, () => undefined)) as never;
}
async function call<T>(channel: string, input: unknown): Promise<T> {
  const r = await send<T>(channel, input);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

beforeAll(() => {
  core = tempCore();
  ctx = core.ctx;
  loadDemo(ctx);
}, 60_000);
afterAll(() => core.close());

describe('units', () => {
  it('deletes a unit without data, and refuses one with figures, naming what to do instead', async () => {
    const added = await call<UnitDto>(rpc.units.add.channel, { year: 2024, code: 'X-MOI', name: 'Xã Mới', kind: 'xa' });
    expect(await call(rpc.units.remove.channel, { year: 2024, id: added.id })).toEqual({ removed: true });
    expect((await call<UnitDto[]>(rpc.units.list.channel, { year: 2024 })).some((u) => u.code === 'X-MOI')).toBe(false);
    const used = (await call<UnitDto[]>(rpc.units.list.channel, { year: 2024 })).find((u) => u.kind === 'xa')!;
    const r = await send(rpc.units.remove.channel, { year: 2024, id: used.id });
    expect(r).toMatchObject({ ok: false, error: { kind: 'Precondition' } });
    expect(!r.ok && r.error.message).toMatch(/đã có số liệu.*Ngừng báo cáo/);
  });

  it('moves a unit up and down in the report order, the office staying first', async () => {
    const before = (await call<UnitDto[]>(rpc.units.list.channel, { year: 2024 })).filter((u) => u.kind !== 'office');
    const [first, second] = before;
    const after = (await call<UnitDto[]>(rpc.units.move.channel, { year: 2024, id: second.id, direction: 'up' })).filter((u) => u.kind !== 'office');
    expect(after.slice(0, 2).map((u) => u.id)).toEqual([second.id, first.id]);
    const back = (await call<UnitDto[]>(rpc.units.move.channel, { year: 2024, id: second.id, direction: 'down' })).filter((u) => u.kind !== 'office');
    expect(back.map((u) => u.id)).toEqual(before.map((u) => u.id));
    const top = await call<UnitDto[]>(rpc.units.move.channel, { year: 2024, id: first.id, direction: 'up' });
    expect(top.filter((u) => u.kind !== 'office')[0].id).toBe(first.id);
  });

  it('puts a dragged unit at the place of another, down or up, numbering the order again with the office first', async () => {
    const all = await call<UnitDto[]>(rpc.units.list.channel, { year: 2024 });
    const office = all.find((u) => u.kind === 'office')!;
    const ids = all.filter((u) => u.kind !== 'office').map((u) => u.id);
    // The third dragged onto the sixth lands after it; then back onto the (new) third lands before it.
    const down = await call<UnitDto[]>(rpc.units.moveOnto.channel, { year: 2024, id: ids[2], onto: ids[5] });
    const expected = [...ids.slice(0, 2), ids[3], ids[4], ids[5], ids[2], ...ids.slice(6)];
    expect(down[0].id).toBe(office.id);
    expect(down.slice(1).map((u) => u.id)).toEqual(expected);
    expect(down.map((u) => u.order)).toEqual(down.map((_, i) => office.order + i));
    const up = await call<UnitDto[]>(rpc.units.moveOnto.channel, { year: 2024, id: ids[2], onto: ids[3] });
    expect(up.slice(1).map((u) => u.id)).toEqual(ids);
    // The office cannot be moved nor be a target; nothing changes.
    const refused = await send(rpc.units.moveOnto.channel, { year: 2024, id: office.id, onto: ids[0] });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'NotFound', message: expect.stringMatching(/cơ quan tổng hợp luôn đứng đầu\); chưa đổi thứ tự\.$/) } });
    expect((await call<UnitDto[]>(rpc.units.list.channel, { year: 2024 })).slice(1).map((u) => u.id)).toEqual(ids);
    // Only the dragged unit's move is in the history, not the shifts of the others.
    const moves = (await call<{ unitId: number; what: string }[]>(rpc.history.list.channel, { year: 2024, filter: { area: 'unit' } })).filter((e) => e.what.startsWith('Sửa đơn vị: thứ tự'));
    expect(new Set(moves.slice(0, 2).map((e) => e.unitId))).toEqual(new Set([ids[2]]));
  });

  it('counts only the units that report, and gives a blank list that loads back', async () => {
    const units = await call<UnitDto[]>(rpc.units.list.channel, { year: 2024 });
    const one = units.find((u) => u.kind === 'phuong')!;
    await call(rpc.units.update.channel, { year: 2024, id: one.id, active: false });
    const [y] = await call<{ unitCount: number }[]>(rpc.years.list.channel, {});
    expect(y.unitCount).toBe(units.filter((u) => u.active).length - 1);
    const t = await call<{ name: string; base64: string }>(rpc.units.template.channel, {});
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(t.base64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect([1, 2, 3].map((c) => ws.getRow(1).getCell(c).value)).toEqual(['Mã', 'Tên', 'Loại']);
    ws.spliceRows(2, 1, ['X-NEW', 'Xã Mới Lập', 'Xã']);
    const loaded = await call<{ added: number }>(rpc.units.importExcel.channel, { year: 2024, fileName: t.name, base64: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64') });
    expect(loaded.added).toBe(1);
  });
});
