/**
 * An Excel-like grid: a <table> with a cell cursor kept in state and one <input> while a cell is edited.
 * Keys as in Excel: arrows, Tab/Shift+Tab, Enter/Shift+Enter, Home/End, Ctrl+arrows, PageUp/PageDown move; typing
 * starts editing (arrows then commit and move), F2 or a double-click edits (arrows move the caret); Enter/Tab
 * commit and move; Escape cancels; Delete clears. Ctrl+Z undoes the last saved edit, Ctrl+Y or Ctrl+Shift+Z redoes
 * it (undo.ts). A block pasted from Excel is saved as one batch, all or nothing; when it replaces values already
 * there, the cells old → new are shown first, and once saved the notice offers "Hoàn tác lần dán".
 * A long grid (a province's 400 units) is virtualised: only the rows in view, and a few around them, are in the
 * DOM, between two spacer rows as tall as the rows left out (rowWindow); a wide one (all sections) likewise by
 * columns of fixed widths, between two spacer cells (colWindow).
 */
import { useCallback, useEffect, useImperativeHandle, useLayoutEffect, useMemo, useRef, useState, type ClipboardEvent, type KeyboardEvent, type Ref } from 'react';
import { Modal, Table } from 'antd';
import { colWindow, columnOffsets, rowWindow, VIRTUAL_MIN_CELLS, VIRTUAL_MIN_COLS, VIRTUAL_MIN_ROWS } from './row-window';
import type { FigureChange } from '../../../../../shared/rpc/figures';
import { displayFigure, parseFigureText, sameFigure } from '../../../lib/figures';
import { useUnsaved } from '../../../lib/unsaved';
import { errorText } from '../../../lib/text';
import type { GridCell, GridColumn, GridModel, GridRow } from './grid-model';
import { CellBar, cellClass, ColPad, columnWidth, NUMBER_COL_WIDTH, ROW_HEAD_WIDTH, SheetRow } from './sheet-parts';
import { clipboardBlock, planPaste, type PastePlan } from './grid-paste';
import type { CellEdit, Direction, EditStep, UndoStack } from './undo';
import { figureKey } from '../../../../../shared/domain/records';
import './sheet.css';

export interface Notice {
  type: 'error' | 'warning' | 'info' | 'success';
  text: string;
  /** A button in the notice ("Hoàn tác lần dán"). */
  action?: { label: string; run(): void };
}

export interface SheetHandle {
  focusCell(r: number, c: number): void;
  /** The toolbar's Hoàn tác / Làm lại, as Ctrl+Z / Ctrl+Y. */
  undoRedo(direction: Direction): void;
}

interface Props {
  grid: GridModel;
  label: string;
  save(changes: FigureChange[]): Promise<number>;
  /** The stored values by figureKey, to check that an undo overwrites nothing changed since. */
  values: Map<string, string>;
  /** The session's undo stack of the year. */
  undo: UndoStack;
  notify(n: Notice | null): void;
  /** Told where the cell cursor is, so the page can show that cell's source. */
  onCursor?(r: number, c: number): void;
  ref?: Ref<SheetHandle>;
}

/** The cells of one row being saved, by column, or undefined (most rows: keeps the row's memo). */
function pendingOf(saving: Map<string, string>, row: GridRow, columns: GridColumn[]): Map<number, string> | undefined {
  let out: Map<number, string> | undefined;
  columns.forEach((col, c) => {
    const p = saving.get(figureKey(row.unit.id, col.ind.code, col.figureYear));
    if (p !== undefined) (out ??= new Map()).set(c, p);
  });
  return out;
}

interface Editing {
  r: number;
  c: number;
  text: string;
  /** `enter`: started by typing, arrows commit and move; `edit`: Enter/F2/double-click, arrows move the caret. */
  mode: 'enter' | 'edit';
}

function notEditableReason(cell: GridCell, row: GridRow, col: GridColumn): string {
  if (cell.state === 'none') return `${row.unit.name} không báo cáo chỉ tiêu “${col.ind.label}”.`;
  if (cell.state === 'sealed') return `Số liệu năm này lấy từ tệp năm đã khóa sổ; muốn sửa, mở niêm phong năm đó ở trang Lưu trữ. Xem “Nguồn số liệu ô đang chọn”.`;
  if (col.ind.kind === 'ratio') return `“${col.ind.label}” được tính tự động từ các chỉ tiêu khác, không nhập tay.`;
  return `“${col.ind.label}” được nhập theo từng năm; hãy chọn một năm để sửa. Cột này là tổng các năm.`;
}

const PREVIEW_ROWS = 12;

/** Windows of rows or columns are compared unclamped: the grid's size may change after a measuring callback is made. */
const ALL = Number.MAX_SAFE_INTEGER;
/** Whether the drawn window `a` holds every row (or column) of `b`. */
const covers = (a: { first: number; last: number }, b: { first: number; last: number }) => a.first <= b.first && a.last >= b.last;

export function SheetGrid({ grid, label, save, values, undo, notify, onCursor, ref }: Props) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const headRef = useRef<HTMLTableSectionElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const [cursor, setCursor] = useState({ r: 0, c: 0 });
  const [editing, setEditingState] = useState<Editing | null>(null);
  const [invalid, setInvalid] = useState(false);
  const [pendingPaste, setPendingPaste] = useState<PastePlan | null>(null);
  // The notice's "Hoàn tác lần dán" runs after later renders: it reads the values and rows of the latest one.
  const latest = useRef({ grid, values });
  latest.current = { grid, values };
  // Busy from an undo's save until its values are drawn: the next Ctrl+Z or Ctrl+Y plans from those values.
  const undoing = useRef<'saving' | 'drawing' | null>(null);
  // Cells sent to be saved, shown with their new value (marked "đang lưu") until the answer: the saved model and the
  // end of this are drawn in one render, and a failed save puts the old value back with the error. Never the old
  // value after Enter, even for a moment.
  const [saving, setSaving] = useState<Map<string, string>>(() => new Map());
  // Ctrl+Z or Ctrl+Y pressed while an edit or another undo is being saved waits its turn: it is planned once the
  // earlier one is answered and its values drawn, so that it undoes what the clerk sees.
  const inflight = useRef(0);
  const queued = useRef<{ direction: Direction; stepId?: number }[]>([]);
  useEffect(() => {
    if (undoing.current === 'drawing') undoing.current = null;
    if (inflight.current === 0 && !undoing.current && queued.current.length) {
      const q = queued.current.shift()!;
      undoRedo(q.direction, q.stepId);
    }
  }, [values, saving]);
  const editingRef = useRef<Editing | null>(null);
  const nRows = grid.rows.length;
  const nCols = grid.columns.length;
  const r = Math.max(0, Math.min(cursor.r, nRows - 1));
  const c = Math.max(0, Math.min(cursor.c, nCols - 1));
  // Virtual rows: the scrolled position and height of the viewport, and the measured height of a row. Before the
  // grid is measured, its height is taken as sheet.css gives it at most (100vh - 400px, at least 260px): the first
  // drawing then holds the rows in view and no more (a guess of 900 px drew 42 rows for the 24 in view at 1366×768).
  const [view, setView] = useState(() => ({ top: 0, height: Math.max(260, window.innerHeight - 400) }));
  const rowHeight = useRef(31);
  const reveal = useRef(false);
  const virtual = nRows >= VIRTUAL_MIN_ROWS;
  const win = virtual ? rowWindow(view.top, view.height, rowHeight.current, nRows) : { first: 0, last: nRows };
  // Virtual columns: fixed widths, the scrolled position and width of the viewport right of the unit names.
  const wide = nCols >= VIRTUAL_MIN_COLS && nRows * nCols >= VIRTUAL_MIN_CELLS;
  const offsets = useMemo(() => columnOffsets(grid.columns.map(columnWidth)), [grid.columns]);
  const offsetsRef = useRef(offsets);
  offsetsRef.current = offsets;
  const [hview, setHview] = useState(() => ({ left: 0, width: Math.max(0, window.innerWidth - ROW_HEAD_WIDTH) }));
  const cols = wide ? colWindow(hview.left, hview.width, offsets) : { first: 0, last: nCols };
  // Cells in a drawn row: the unit's name, the pads left and right, the drawn columns.
  const span = 1 + cols.last - cols.first + (offsets[cols.first] > 0 ? 1 : 0) + (offsets[nCols] > offsets[cols.last] ? 1 : 0);
  const onScroll = () => {
    const w = wrapRef.current;
    if (!w) return;
    if (virtual) {
      const top = Math.max(0, w.scrollTop - (headRef.current?.offsetHeight ?? 0));
      if (Math.abs(top - view.top) >= rowHeight.current || w.clientHeight !== view.height) setView({ top, height: w.clientHeight });
    }
    if (wide) {
      const width = w.clientWidth - ROW_HEAD_WIDTH;
      if (Math.abs(w.scrollLeft - hview.left) >= NUMBER_COL_WIDTH / 2 || width !== hview.width) setHview({ left: w.scrollLeft, width });
    }
  };

  // Stable, so that the editor is focused once when it appears and never steals focus back afterwards.
  const attachEditor = useCallback((el: HTMLInputElement | null) => {
    inputRef.current = el;
    if (el) {
      el.focus();
      el.setSelectionRange(el.value.length, el.value.length);
    }
  }, []);
  const setEditing = (e: Editing | null) => {
    editingRef.current = e;
    setEditingState(e);
    setInvalid(false);
  };
  const focusGrid = () => wrapRef.current?.focus({ preventScroll: true });
  const moveTo = (nr: number, nc: number) => setCursor({ r: Math.max(0, Math.min(nr, nRows - 1)), c: Math.max(0, Math.min(nc, nCols - 1)) });

  useEffect(() => onCursor?.(r, c), [onCursor, r, c]);

  useImperativeHandle(ref, () => ({
    focusCell(fr: number, fc: number) {
      setCursor({ r: Math.max(0, fr), c: fc });
      focusGrid();
    },
    undoRedo(direction: Direction) {
      undoRedo(direction);
      focusGrid();
    },
  }));

  // Sticky header: keep the cursor cell out from under it when scrolling it into view.
  useLayoutEffect(() => {
    if (wrapRef.current && headRef.current) wrapRef.current.style.scrollPaddingTop = `${headRef.current.offsetHeight}px`;
  }, [grid.columns]);
  useLayoutEffect(() => {
    const w = wrapRef.current;
    if (!w || !virtual) return;
    // The rows in view follow the grid's height too (a taller window), not only its scrolling. Kept while the rows
    // drawn cover the measured viewport: the first drawing, from a guess, is not drawn a second time before it is
    // shown (at 400 units that second drawing of every row was a sixth of the time to open the grid).
    const measure = () =>
      setView((v) => {
        const next = { top: Math.max(0, w.scrollTop - (headRef.current?.offsetHeight ?? 0)), height: w.clientHeight };
        return covers(rowWindow(v.top, v.height, rowHeight.current, ALL), rowWindow(next.top, next.height, rowHeight.current, ALL)) ? v : next;
      });
    measure();
    const seen = new ResizeObserver(measure);
    seen.observe(w);
    return () => seen.disconnect();
  }, [virtual]);
  useLayoutEffect(() => {
    const w = wrapRef.current;
    if (!w || !wide) return;
    w.style.scrollPaddingLeft = `${ROW_HEAD_WIDTH}px`;
    // The columns in view follow the grid's width too (a wider window, the sidebar folded), not only its scrolling;
    // kept while the columns drawn cover the measured viewport, as the rows above.
    const measure = () =>
      setHview((h) => {
        const next = { left: w.scrollLeft, width: w.clientWidth - ROW_HEAD_WIDTH };
        return covers(colWindow(h.left, h.width, offsetsRef.current), colWindow(next.left, next.width, offsetsRef.current)) ? h : next;
      });
    measure();
    const seen = new ResizeObserver(measure);
    seen.observe(w);
    return () => seen.disconnect();
  }, [wide]);
  useLayoutEffect(() => {
    const w = wrapRef.current;
    const td = w?.querySelector<HTMLElement>(`td[data-r="${r}"][data-c="${c}"]`);
    // Not returned: Chromium's scrollIntoView returns a promise, and React would take it for a cleanup.
    if (td || !w) {
      td?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      return;
    }
    // The cursor's cell is not drawn (virtual rows or columns): scroll to where it will be, draw it, then bring it
    // into view.
    reveal.current = true;
    if (r < win.first || r >= win.last) {
      const top = Math.max(0, r * rowHeight.current - w.clientHeight / 3);
      w.scrollTop = top + (headRef.current?.offsetHeight ?? 0);
      setView({ top, height: w.clientHeight });
    }
    if (c < cols.first || c >= cols.last) {
      const width = w.clientWidth - ROW_HEAD_WIDTH;
      const left = Math.max(0, offsets[c] - width / 3);
      w.scrollLeft = left;
      setHview({ left, width });
    }
  }, [r, c]);
  useLayoutEffect(() => {
    if (!virtual) return;
    // The average height of the drawn rows (a long unit name wraps), for the spacers and the window.
    const rows = wrapRef.current?.querySelectorAll<HTMLElement>('tbody tr[data-row]');
    if (rows?.length) {
      const avg = [...rows].reduce((n, tr) => n + tr.offsetHeight, 0) / rows.length;
      if (Math.abs(avg - rowHeight.current) > 0.5) rowHeight.current = avg;
    }
    if (reveal.current) {
      reveal.current = false;
      wrapRef.current?.querySelector<HTMLElement>(`td[data-r="${r}"][data-c="${c}"]`)?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    }
  });

  /** Shows the changes as being saved; returns what forgets them, called once the save is answered. */
  function markSaving(changes: FigureChange[]): () => void {
    const keys = changes.map((ch) => figureKey(ch.unitId, ch.code, ch.year));
    const inds = new Map(grid.columns.map((col) => [col.ind.code, col.ind]));
    setSaving((m) => {
      const next = new Map(m);
      changes.forEach((ch, i) => {
        const ind = inds.get(ch.code);
        next.set(keys[i], ch.value === null || !ind ? (ch.value ?? '') : displayFigure(ind, ch.value));
      });
      return next;
    });
    return () =>
      setSaving((m) => {
        const next = new Map(m);
        keys.forEach((k) => next.delete(k));
        return next;
      });
  }

  /** Saves edits and records them as one undo step; `after` is told the step once saved. Resolves whether saved. */
  function saveEdit(kind: EditStep['kind'], cells: CellEdit[], after: (step: EditStep | null) => void): Promise<boolean> {
    const changes = cells.map((e) => ({ unitId: e.unitId, code: e.code, year: e.year, value: e.after }));
    const drop = markSaving(changes);
    inflight.current++;
    return save(changes)
      .then(() => {
        inflight.current--;
        drop();
        after(undo.push(kind, cells));
        return true;
      })
      .catch((e) => {
        inflight.current--;
        queued.current = []; // an undo pressed meanwhile meant this edit, which was not saved
        drop();
        notify({ type: 'error', text: errorText(e) });
        return false;
      });
  }

  // A cell being typed into is unsaved work: leaving the page, reloading or closing asks first, and Ctrl+S saves it
  // (lib/unsaved). A click elsewhere in the app commits it already (the editor's blur).
  const openRow = editing ? grid.rows[editing.r] : undefined;
  const openCol = editing ? grid.columns[editing.c] : undefined;
  const dirty = editing !== null && openRow !== undefined && editing.text !== openRow.cells[editing.c].text;
  useUnsaved(dirty, {
    label: `bảng tính (ô ${openRow?.unit.name ?? ''} – ${openCol?.ind.label ?? ''})`,
    save: saveOpenEdit,
    discard: () => setEditing(null),
    scope: () => wrapRef.current,
  });

  /** Saves the cell being typed into without moving (Ctrl+S, or "Lưu" in the leave prompt). */
  function saveOpenEdit(): Promise<boolean> | boolean {
    const ed = editingRef.current;
    const row = ed && grid.rows[ed.r];
    const col = ed && grid.columns[ed.c];
    if (!ed || !row || !col) return true;
    const p = parseFigureText(col.ind, ed.text);
    if (!p.ok) {
      setInvalid(true);
      notify({ type: 'error', text: `${row.unit.name} – ${col.ind.label}: ${p.message}. Chưa lưu; hãy sửa lại hoặc bấm Esc để bỏ.` });
      return false;
    }
    setEditing(null);
    focusGrid();
    if (sameFigure(row.cells[ed.c].value, p.value)) return true;
    return saveEdit('typed', [cellEdit(row, col, row.cells[ed.c].value, p.value)], () =>
      notify(p.warnings.length ? { type: 'warning', text: p.warnings.join('; ') } : null),
    );
  }

  function cellEdit(row: GridRow, col: GridColumn, before: string | null, after: string | null): CellEdit {
    return { unitId: row.unit.id, code: col.ind.code, year: col.figureYear, before, after, where: `${row.unit.name} – ${col.ind.label}` };
  }

  /** Ctrl+Z, Ctrl+Y, "Hoàn tác lần dán": saves the step's old (or new) values back, as a normal change. */
  function undoRedo(direction: Direction, stepId?: number) {
    if (inflight.current > 0 || undoing.current) {
      queued.current.push({ direction, stepId });
      return;
    }
    const plan = undo.plan(direction, (key) => latest.current.values.get(key) ?? null, stepId);
    if (!plan) return notify({ type: 'info', text: direction === 'undo' ? 'Không còn thao tác nào để hoàn tác.' : 'Không còn thao tác nào để làm lại.' });
    if (!plan.ok) return notify({ type: 'warning', text: plan.message });
    const { step, changes } = plan;
    undoing.current = 'saving';
    const drop = markSaving(changes);
    save(changes)
      .then((n) => {
        drop();
        undoing.current = n > 0 ? 'drawing' : null;
        undo.done(direction, step);
        const what = step.kind === 'paste' ? `lần dán ${step.cells.length} ô` : `ô ${step.cells[0].where}`;
        notify({ type: 'success', text: `${direction === 'undo' ? 'Đã hoàn tác' : 'Đã làm lại'} ${what} và lưu.` });
        // The cursor goes to the first cell of the step, as in Excel.
        const first = step.cells[0];
        const { rows, columns } = latest.current.grid;
        const r0 = rows.findIndex((row) => row.unit.id === first.unitId);
        const c0 = columns.findIndex((col) => col.ind.code === first.code && col.figureYear === first.year);
        if (r0 >= 0 && c0 >= 0) setCursor({ r: r0, c: c0 });
      })
      .catch((e) => {
        drop();
        queued.current = [];
        undoing.current = null;
        notify({ type: 'error', text: errorText(e) });
      });
  }

  function startEdit(text: string | null, mode: Editing['mode']) {
    const row = grid.rows[r];
    const cell = row?.cells[c];
    if (!cell) return;
    if (cell.state !== 'edit') return notify({ type: 'info', text: notEditableReason(cell, row, grid.columns[c]) });
    setEditing({ r, c, text: text ?? cell.text, mode });
  }

  function commit(ed: Editing, move: [number, number], refocus: boolean) {
    const row = grid.rows[ed.r];
    const col = grid.columns[ed.c];
    if (!row || !col) return setEditing(null);
    const p = parseFigureText(col.ind, ed.text);
    if (!p.ok) {
      const where = `${row.unit.name} – ${col.ind.label}: ${p.message}`;
      // Leaving the cell (a click elsewhere) drops what was typed; Enter or Tab keep the editor open to fix it.
      if (!refocus) {
        setEditing(null);
        return notify({ type: 'error', text: `${where}. Chưa lưu, ô giữ giá trị cũ.` });
      }
      setInvalid(true);
      notify({ type: 'error', text: `${where}. Chưa lưu; hãy sửa lại hoặc bấm Esc để bỏ.` });
      inputRef.current?.focus();
      return;
    }
    setEditing(null);
    moveTo(ed.r + move[0], ed.c + move[1]);
    if (refocus) focusGrid();
    const warn = () => notify(p.warnings.length ? { type: 'warning', text: p.warnings.join('; ') } : null);
    if (sameFigure(row.cells[ed.c].value, p.value)) return warn();
    void saveEdit('typed', [cellEdit(row, col, row.cells[ed.c].value, p.value)], warn);
  }

  function cancel() {
    setEditing(null);
    notify(null);
    focusGrid();
  }

  function onEditorKey(e: KeyboardEvent<HTMLInputElement>) {
    e.stopPropagation();
    const ed = editingRef.current;
    if (!ed) return;
    const arrows: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    if (e.key === 'Enter') {
      e.preventDefault();
      commit(ed, [e.shiftKey ? -1 : 1, 0], true);
    } else if (e.key === 'Tab') {
      e.preventDefault();
      commit(ed, [0, e.shiftKey ? -1 : 1], true);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      cancel();
    } else if (ed.mode === 'enter' && arrows[e.key]) {
      e.preventDefault();
      commit(ed, arrows[e.key], true);
    }
  }

  function clearCell() {
    const row = grid.rows[r];
    const cell = row?.cells[c];
    if (!cell) return;
    if (cell.state !== 'edit') return notify({ type: 'info', text: notEditableReason(cell, row, grid.columns[c]) });
    if (cell.value === null) return;
    void saveEdit('clear', [cellEdit(row, grid.columns[c], cell.value, null)], () => notify(null));
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (editingRef.current || nRows === 0) return;
    const ctrl = e.ctrlKey || e.metaKey;
    const key = e.key.toLowerCase();
    if (ctrl && !e.altKey && (key === 'z' || key === 'y')) {
      e.preventDefault();
      return undoRedo(key === 'y' || e.shiftKey ? 'redo' : 'undo');
    }
    const page = 10;
    // Ctrl+arrows go to the edge of the grid, as Excel does at the edge of a filled block.
    const moves: Record<string, [number, number]> = {
      ArrowUp: [ctrl ? 0 : r - 1, c],
      ArrowDown: [ctrl ? nRows - 1 : r + 1, c],
      ArrowLeft: [r, ctrl ? 0 : c - 1],
      ArrowRight: [r, ctrl ? nCols - 1 : c + 1],
      PageUp: [r - page, c],
      PageDown: [r + page, c],
      Home: e.ctrlKey ? [0, 0] : [r, 0],
      End: e.ctrlKey ? [nRows - 1, nCols - 1] : [r, nCols - 1],
    };
    if (moves[e.key]) {
      e.preventDefault();
      return moveTo(...moves[e.key]);
    }
    if (e.key === 'Tab') {
      const nc = c + (e.shiftKey ? -1 : 1);
      if (nc < 0 || nc >= nCols) return; // let focus leave the grid at its edges
      e.preventDefault();
      return moveTo(r, nc);
    }
    if (e.key === 'Enter') {
      // As in Excel, Enter on a selected cell moves down (Shift+Enter up); F2 or typing edits.
      e.preventDefault();
      return moveTo(r + (e.shiftKey ? -1 : 1), c);
    }
    if (e.key === 'F2') {
      e.preventDefault();
      return startEdit(null, 'edit');
    }
    if (e.key === 'Delete') {
      e.preventDefault();
      return clearCell();
    }
    if (e.key === 'Backspace') {
      e.preventDefault();
      return startEdit('', 'enter');
    }
    if (e.key.length === 1 && !ctrl && !e.altKey) {
      e.preventDefault();
      startEdit(e.key, 'enter');
    }
  }

  function onPaste(e: ClipboardEvent<HTMLDivElement>) {
    if (editingRef.current || nRows === 0) return;
    e.preventDefault();
    const text = e.clipboardData.getData('text/plain');
    if (!text) return;
    const plan = planPaste(grid, { r, c }, clipboardBlock(text));
    if (plan.errors.length)
      return notify({ type: 'error', text: `Chưa dán ô nào vì có ô không hợp lệ: ${plan.errors.join('; ')}.` });
    if (plan.changes.length === 0) return notify({ type: 'info', text: `Đã dán ${plan.size} ô; số liệu không thay đổi.` });
    // Values already there are replaced only once the clerk has seen them old → new.
    if (plan.overwrites > 0) return setPendingPaste(plan);
    savePaste(plan);
  }

  function savePaste(plan: PastePlan) {
    const edits = plan.changes.map((ch, i): CellEdit => ({ ...ch, before: plan.cells[i].before, after: ch.value, where: plan.cells[i].where }));
    const warnings = plan.warnings.length ? ` Lưu ý: ${plan.warnings.join('; ')}.` : '';
    void saveEdit('paste', edits, (step) =>
      notify({
        type: plan.warnings.length ? 'warning' : 'success',
        text: `Đã dán và lưu ${plan.changes.length} ô.${warnings}`,
        action: step
          ? {
              label: 'Hoàn tác lần dán',
              run: () => {
                undoRedo('undo', step.id);
                focusGrid();
              },
            }
          : undefined,
      }),
    );
  }

  function onCopy(e: ClipboardEvent<HTMLDivElement>) {
    if (editingRef.current) return;
    const cell = grid.rows[r]?.cells[c];
    if (!cell) return;
    e.preventDefault();
    e.clipboardData.setData('text/plain', cell.text);
  }

  function cellAt(target: EventTarget): { r: number; c: number } | null {
    const td = (target as HTMLElement).closest?.('td[data-r]');
    return td ? { r: Number(td.getAttribute('data-r')), c: Number(td.getAttribute('data-c')) } : null;
  }

  const editor = editing && (
    <input
      ref={attachEditor}
      className={`sheet-editor${invalid ? ' invalid' : ''}`}
      aria-label={`Sửa ô ${grid.rows[editing.r]?.unit.name} – ${grid.columns[editing.c]?.ind.label}`}
      aria-invalid={invalid}
      value={editing.text}
      onChange={(e) => {
        const next = { ...editing, text: e.target.value };
        editingRef.current = next;
        setEditingState(next);
      }}
      onKeyDown={onEditorKey}
      onBlur={() => editingRef.current && commit(editingRef.current, [0, 0], false)}
    />
  );

  return (
    <>
      {pendingPaste && (
        <PastePreview
          plan={pendingPaste}
          onOk={() => {
            savePaste(pendingPaste);
            setPendingPaste(null);
            focusGrid();
          }}
          onCancel={() => {
            setPendingPaste(null);
            notify({ type: 'info', text: 'Đã hủy lần dán; chưa lưu ô nào.' });
            focusGrid();
          }}
        />
      )}
      <CellBar grid={grid} r={r} c={c} />
      <div
        ref={wrapRef}
        className="sheet-wrap"
        tabIndex={0}
        role="region"
        aria-label={label}
        onKeyDown={onKeyDown}
        onScroll={onScroll}
        onPaste={onPaste}
        onCopy={onCopy}
        onMouseDown={(e) => {
          const at = cellAt(e.target);
          if (at && !(editing && at.r === editing.r && at.c === editing.c)) setCursor(at);
        }}
        onDoubleClick={(e) => {
          const at = cellAt(e.target);
          if (at && !editingRef.current) startEdit(null, 'edit');
        }}
      >
        <table
          className={`sheet${wide ? ' sheet-wide' : ''}`}
          aria-label={label}
          style={wide ? { width: ROW_HEAD_WIDTH + offsets[nCols] } : undefined}
        >
          <thead ref={headRef}>
            <tr className="head">
              <th className="row-head" scope="col">
                Cơ quan, đơn vị
              </th>
              <ColPad width={offsets[cols.first]} head />
              {grid.columns.slice(cols.first, cols.last).map((col) => (
                <th
                  key={col.ind.code}
                  scope="col"
                  className={col.editable ? undefined : 'computed-col'}
                  title={`${col.ind.code}: ${col.ind.label}`}
                  style={wide ? { width: columnWidth(col) } : undefined}
                >
                  <div className="h-label">{col.ind.label}</div>
                  {col.ind.unit && <div className="h-unit">({col.ind.unit})</div>}
                </th>
              ))}
              <ColPad width={offsets[nCols] - offsets[cols.last]} head />
            </tr>
            <tr className="totals">
              <th className="row-head" scope="row">
                Tổng cộng
              </th>
              <ColPad width={offsets[cols.first]} />
              {grid.totals.slice(cols.first, cols.last).map((cell, k) => {
                const i = cols.first + k;
                return (
                  <td
                    key={grid.columns[i].ind.code}
                    data-unit="__total"
                    data-code={grid.columns[i].ind.code}
                    className={cellClass(cell, grid.columns[i], false)}
                    title={cell.flag ? cell.flag.messages.join('\n') : 'Tổng cộng, tính tự động'}
                  >
                    {cell.text}
                  </td>
                );
              })}
              <ColPad width={offsets[nCols] - offsets[cols.last]} />
            </tr>
          </thead>
          <tbody>
            {win.first > 0 && <Spacer height={win.first * rowHeight.current} span={span} />}
            {grid.rows.slice(win.first, win.last).map((row, k) => {
              const i = win.first + k;
              return (
                <SheetRow
                  key={row.unit.id}
                  row={row}
                  r={i}
                  columns={grid.columns}
                  sel={i === r ? c : -1}
                  editCol={editing && editing.r === i ? editing.c : -1}
                  editor={editing && editing.r === i ? editor : null}
                  pending={saving.size ? pendingOf(saving, row, grid.columns) : undefined}
                  first={cols.first}
                  last={cols.last}
                  padLeft={offsets[cols.first]}
                  padRight={offsets[nCols] - offsets[cols.last]}
                />
              );
            })}
            {win.last < nRows && <Spacer height={(nRows - win.last) * rowHeight.current} span={span} />}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** What a paste will change when it replaces values already there: every changed cell old → new, then save or not. */
function PastePreview({ plan, onOk, onCancel }: { plan: PastePlan; onOk(): void; onCancel(): void }) {
  const rows = plan.cells.slice(0, PREVIEW_ROWS).map((x, i) => ({
    key: i,
    where: x.where,
    before: x.before === null ? '(trống)' : displayFigure(x.ind, x.before),
    after: x.after === null ? '(xóa)' : displayFigure(x.ind, x.after),
  }));
  const filled = plan.changes.length - plan.overwrites;
  return (
    <Modal
      open
      title="Dán khối số liệu sẽ thay số đang có"
      okText={`Dán và lưu ${plan.changes.length} ô`}
      cancelText="Hủy"
      onOk={onOk}
      onCancel={onCancel}
      width={720}
    >
      <p>
        {plan.overwrites} ô đang có số liệu sẽ được thay{filled > 0 ? `, ${filled} ô trống sẽ được điền` : ''}. Kiểm tra trước khi lưu (số cũ → số mới):
      </p>
      <Table
        size="small"
        pagination={false}
        dataSource={rows}
        aria-label="Các ô sẽ thay đổi"
        columns={[
          { title: 'Ô', dataIndex: 'where' },
          { title: 'Số cũ', dataIndex: 'before', align: 'right', width: 120 },
          { title: 'Số mới', dataIndex: 'after', align: 'right', width: 120 },
        ]}
      />
      {plan.cells.length > PREVIEW_ROWS && <p style={{ marginTop: 8 }}>… và {plan.cells.length - PREVIEW_ROWS} ô khác.</p>}
      {plan.warnings.length > 0 && <p style={{ marginTop: 8 }}>Lưu ý: {plan.warnings.join('; ')}.</p>}
      <p style={{ marginTop: 8, marginBottom: 0 }}>Sau khi lưu vẫn hoàn tác được cả lần dán (Ctrl+Z hoặc “Hoàn tác lần dán”).</p>
    </Modal>
  );
}

/** Stands in for the rows of a virtual grid that are not drawn. */
function Spacer({ height, span }: { height: number; span: number }) {
  return (
    <tr className="sheet-spacer" aria-hidden="true">
      <td colSpan={span} style={{ height, padding: 0, border: 0 }} />
    </tr>
  );
}
