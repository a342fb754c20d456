/**
 * Lịch sử thay đổi of units and of the report's review: a unit added, renamed, moved, stopped and deleted, each
 * with who, when and old → new (units carried into a new year are its start, not changes); each step of the review
 * with the person and role who took it. The filters and the command line's --area know both.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CoreContext } from '../../electron/core';
import { loadDemo } from '../../electron/core/services/demo';
import { rpc } from '../../shared/rpc';
import type { Contract, InputOf } from '../../shared/rpc/contract';
import type { HistoryEntryDto } from '../../shared/rpc/history';
import { tempCore } from '../support/builders';
import { callOk } from '../support/dispatch';

let core: ReturnType<typeof tempCore>;
let ctx: CoreContext;

const call = <C extends Contract>(c: C, input: InputOf<C>) => callOk(ctx, c, input);
const history = (year: number, area: 'unit' | 'state') => call(rpc.history.list, { year, filter: { area } }) as Promise<HistoryEntryDto[]>;

beforeAll(() => {
  core = tempCore('cli', 'Võ Thị Soạn');
  ctx = core.ctx;
  loadDemo(ctx);
}, 60_000);
afterAll(() => core.close());

describe('history of units', () => {
  it('has no unit changes for the units the year started with', async () => {
    expect(await history(2024, 'unit')).toEqual([]);
  });

  it('records an added, renamed, moved, stopped and deleted unit, old → new', async () => {
    const added = await call(rpc.units.add, { year: 2024, code: 'X-MOI', name: 'Xã Thử Mới', kind: 'xa' });
    await call(rpc.units.update, { year: 2024, id: added.id, name: 'Xã Thử Mới Đổi Tên' });
    await call(rpc.units.update, { year: 2024, id: added.id, name: 'Xã Thử Mới Đổi Tên' });
    await call(rpc.units.move, { year: 2024, id: added.id, direction: 'up' });
    await call(rpc.units.update, { year: 2024, id: added.id, active: false });
    await call(rpc.units.remove, { year: 2024, id: added.id });
    const rows = (await history(2024, 'unit')).filter((e) => e.unitId === added.id);
    const whats = rows.map((e) => e.what);
    // Newest first; a save that changes nothing is not a change; a move touches the neighbour too.
    expect(whats).toEqual([
      'Xóa đơn vị “Xã Thử Mới Đổi Tên” (mã X-MOI)',
      'Sửa đơn vị: ngừng báo cáo',
      expect.stringMatching(/^Sửa đơn vị: thứ tự \d+ → \d+$/),
      'Sửa đơn vị: tên “Xã Thử Mới” → “Xã Thử Mới Đổi Tên”',
      'Thêm đơn vị “Xã Thử Mới” (mã X-MOI, xã)',
    ]);
    for (const e of rows) expect(e).toMatchObject({ by: 'Võ Thị Soạn', area: 'unit', unit: 'Xã Thử Mới Đổi Tên', source: 'trang Đơn vị' });
    const neighbour = (await history(2024, 'unit')).filter((e) => e.unitId !== added.id);
    expect(neighbour).toHaveLength(1);
    expect(neighbour[0].what).toMatch(/^Sửa đơn vị: thứ tự \d+ → \d+$/);
  });

  it('starts a new year made from this one without unit changes', async () => {
    await call(rpc.years.create, { year: 2025 });
    expect(await history(2025, 'unit')).toEqual([]);
  });
});

describe('history of the review', () => {
  it('records each step with the person and role, the version and the note', async () => {
    await call(rpc.review.setIdentity, { name: 'Nguyễn Thị Soạn', role: 'chuyen-vien' });
    await call(rpc.review.submit, { year: 2024, note: 'Trình lần đầu' });
    await call(rpc.review.setIdentity, { name: 'Trần Văn Duyệt', role: 'lanh-dao' });
    await call(rpc.review.return, { year: 2024, note: 'Bổ sung số liệu hòa giải' });
    const rows = await history(2024, 'state');
    expect(rows.map((e) => [e.by, e.what])).toEqual([
      ['Trần Văn Duyệt (Lãnh đạo)', 'Trả lại (dự thảo lần 1): Trình lãnh đạo → Trả lại — ghi chú: “Bổ sung số liệu hòa giải”'],
      ['Nguyễn Thị Soạn (Chuyên viên)', 'Trình lãnh đạo (dự thảo lần 1): Đang soạn → Trình lãnh đạo — ghi chú: “Trình lần đầu”'],
    ]);
    expect(rows.every((e) => e.area === 'state' && e.source === 'trang Báo cáo')).toBe(true);
  }, 60_000);
});
