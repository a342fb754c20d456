/**
 * Undo and redo of the grid's saved edits, for the session (kept per year while the app is open, across tabs).
 * A step is one save: a typed cell, a cleared cell, or a whole pasted block. Undoing saves the old values back
 * through the same figure save (so it is a normal change, with history); redoing saves the new ones again. A step
 * is only undone or redone while its cells still hold what it left there: a cell changed since (an import, another
 * window) is never overwritten, and the step is dropped with a message saying which cell.
 */
import { figureKey } from '../../../../../shared/domain/records';
import type { FigureChange } from '../../../../../shared/rpc/figures';

export interface CellEdit {
  unitId: number;
  code: string;
  year: number;
  before: string | null;
  after: string | null;
  /** "Xã A – Tổng số đơn", for messages. */
  where: string;
}

export interface EditStep {
  id: number;
  kind: 'typed' | 'clear' | 'paste';
  cells: CellEdit[];
}

export type Direction = 'undo' | 'redo';

/** What to save to undo or redo a step, or why not. */
export type Plan = { ok: true; step: EditStep; changes: FigureChange[] } | { ok: false; message: string };

const MAX_STEPS = 200;
let lastId = 0;

export class UndoStack {
  private past: EditStep[] = [];
  private future: EditStep[] = [];
  private listeners = new Set<() => void>();

  /** Records a saved edit; a new edit ends what could be redone. */
  push(kind: EditStep['kind'], cells: CellEdit[]): EditStep | null {
    const changed = cells.filter((c) => c.before !== c.after);
    if (changed.length === 0) return null;
    const step = { id: ++lastId, kind, cells: changed };
    this.past = [...this.past, step].slice(-MAX_STEPS);
    this.future = [];
    this.emit();
    return step;
  }

  canUndo(): boolean {
    return this.past.length > 0;
  }

  canRedo(): boolean {
    return this.future.length > 0;
  }

  /** The step Ctrl+Z (or Ctrl+Y) would take, or a given step (the paste of "Hoàn tác lần dán"), checked against `current`. */
  plan(direction: Direction, current: (key: string) => string | null, stepId?: number): Plan | null {
    const list = direction === 'undo' ? this.past : this.future;
    const step = stepId === undefined ? list.at(-1) : list.find((s) => s.id === stepId);
    if (!step) return null;
    const expected = (c: CellEdit) => (direction === 'undo' ? c.after : c.before);
    const moved = step.cells.find((c) => (current(figureKey(c.unitId, c.code, c.year)) ?? null) !== expected(c));
    if (moved) {
      this.drop(step);
      return {
        ok: false,
        message: `Không ${direction === 'undo' ? 'hoàn tác' : 'làm lại'} được: ô ${moved.where} đã thay đổi sau lần sửa này, nên không ghi đè.`,
      };
    }
    const changes = step.cells.map((c) => ({ unitId: c.unitId, code: c.code, year: c.year, value: direction === 'undo' ? c.before : c.after }));
    return { ok: true, step, changes };
  }

  /** After the undo or redo of `step` was saved: it moves to the other list. */
  done(direction: Direction, step: EditStep): void {
    if (direction === 'undo') {
      this.past = this.past.filter((s) => s !== step);
      this.future = [...this.future, step];
    } else {
      this.future = this.future.filter((s) => s !== step);
      this.past = [...this.past, step];
    }
    this.emit();
  }

  /** Whether a step can still be undone (the paste notice hides its button once it cannot). */
  has(stepId: number): boolean {
    return this.past.some((s) => s.id === stepId);
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private drop(step: EditStep) {
    this.past = this.past.filter((s) => s !== step);
    this.future = this.future.filter((s) => s !== step);
    this.emit();
  }

  private emit() {
    for (const fn of this.listeners) fn();
  }
}

const stacks = new Map<number, UndoStack>();

/** The session's undo stack of a year's grid. */
export function undoStackOf(year: number): UndoStack {
  let s = stacks.get(year);
  if (!s) stacks.set(year, (s = new UndoStack()));
  return s;
}
