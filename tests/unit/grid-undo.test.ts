/** The grid's undo stack: what Ctrl+Z, Ctrl+Y and "Hoàn tác lần dán" save, and what they refuse to overwrite. */
import { describe, expect, it } from 'vitest';
import { figureKey } from '../../shared/domain/records';
import { UndoStack, type CellEdit } from '../../renderer/src/features/data/grid/undo';

const edit = (unitId: number, before: string | null, after: string | null, code = 'DON_TONG_SO'): CellEdit => ({
  unitId,
  code,
  year: 2022,
  before,
  after,
  where: `Đơn vị ${unitId} – ${code}`,
});

/** The stored values, changed as the plans are "saved". */
function store(initial: Record<string, string> = {}) {
  const values = new Map(Object.entries(initial));
  return {
    get: (key: string) => values.get(key) ?? null,
    save(changes: { unitId: number; code: string; year: number; value: string | null }[]) {
      for (const c of changes) {
        const key = figureKey(c.unitId, c.code, c.year);
        if (c.value === null) values.delete(key);
        else values.set(key, c.value);
      }
    },
  };
}

describe('the undo stack', () => {
  it('undoes and redoes the last edit by saving the old, then the new value', () => {
    const s = new UndoStack();
    const db = store({ '1|DON_TONG_SO|2022': '30' });
    s.push('typed', [edit(1, '12', '30')]);
    const undo = s.plan('undo', db.get);
    expect(undo).toMatchObject({ ok: true, changes: [{ unitId: 1, code: 'DON_TONG_SO', year: 2022, value: '12' }] });
    if (!undo?.ok) throw new Error('no plan');
    db.save(undo.changes);
    s.done('undo', undo.step);
    expect([s.canUndo(), s.canRedo()]).toEqual([false, true]);
    const redo = s.plan('redo', db.get);
    expect(redo).toMatchObject({ ok: true, changes: [{ value: '30' }] });
    if (!redo?.ok) throw new Error('no plan');
    s.done('redo', redo.step);
    expect([s.canUndo(), s.canRedo()]).toEqual([true, false]);
  });

  it('undoes a whole pasted block at once, even after later edits ("Hoàn tác lần dán")', () => {
    const s = new UndoStack();
    const db = store({ '1|DON_TONG_SO|2022': '5', '2|DON_TONG_SO|2022': '6', '3|DON_TONG_SO|2022': '9' });
    const paste = s.push('paste', [edit(1, null, '5'), edit(2, '4', '6')])!;
    s.push('typed', [edit(3, '8', '9')]);
    const plan = s.plan('undo', db.get, paste.id);
    expect(plan).toMatchObject({ ok: true, changes: [{ unitId: 1, value: null }, { unitId: 2, value: '4' }] });
    if (!plan?.ok) throw new Error('no plan');
    s.done('undo', plan.step);
    expect(s.has(paste.id)).toBe(false);
    // The typed edit is still the next Ctrl+Z.
    expect(s.plan('undo', db.get)).toMatchObject({ ok: true, changes: [{ unitId: 3, value: '8' }] });
  });

  it('never overwrites a cell changed since the edit: the step is dropped with the cell named', () => {
    const s = new UndoStack();
    const db = store({ '1|DON_TONG_SO|2022': '77' }); // an import wrote 77 after the clerk typed 30
    s.push('typed', [edit(1, '12', '30')]);
    expect(s.plan('undo', db.get)).toEqual({
      ok: false,
      message: 'Không hoàn tác được: ô Đơn vị 1 – DON_TONG_SO đã thay đổi sau lần sửa này, nên không ghi đè.',
    });
    expect(s.canUndo()).toBe(false);
  });

  it('records nothing for an edit that changed nothing, and a new edit ends what could be redone', () => {
    const s = new UndoStack();
    expect(s.push('typed', [edit(1, '12', '12')])).toBeNull();
    expect(s.canUndo()).toBe(false);
    const db = store({ '1|DON_TONG_SO|2022': '30' });
    s.push('typed', [edit(1, '12', '30')]);
    const plan = s.plan('undo', db.get);
    if (!plan?.ok) throw new Error('no plan');
    s.done('undo', plan.step);
    s.push('clear', [edit(2, '4', null)]);
    expect(s.canRedo()).toBe(false);
    expect(s.plan('redo', db.get)).toBeNull();
  });
});
