/**
 * An Excel-like grid: a <table> with a cell cursor kept in state and one <input> while a cell is edited.
 * Keys: arrows, Tab, Home/End, PageUp/PageDown move; Enter or F2 edits; typing starts editing; Enter/Tab
 * commit; Escape cancels; Delete clears. A block pasted from Excel is saved as one batch, all or nothing.
 * A long grid (a province's 400 units) is virtualised: only the rows in view, and a few around them, are in the
 * DOM, between two spacer rows as tall as the rows left out (rowWindow).
 */
import { useCallback, useEffect, useImperativeHandle, useLayoutEffect, useRef, useState, type ClipboardEvent, type KeyboardEvent, type Ref } from 'react';
import { rowWindow, VIRTUAL_MIN_ROWS } from './row-window';
import type { FigureChange } from '../../../../../shared/rpc/figures';
import { parseFigureText, sameFigure } from '../../../lib/figures';
import { errorText } from '../../../lib/text';
import type { GridCell, GridColumn, GridModel, GridRow } from './grid-model';
import { CellBar, cellClass, SheetRow } from './sheet-parts';
import { clipboardBlock, planPaste } from './grid-paste';
import './sheet.css';

export interface Notice {
  type: 'error' | 'warning' | 'info' | 'success';
  text: string;
}

export interface SheetHandle {
  focusCell(r: number, c: number): void;
}

interface Props {
  grid: GridModel;
  label: string;
  save(changes: FigureChange[]): Promise<number>;
  notify(n: Notice | null): void;
  /** Told where the cell cursor is, so the page can show that cell's source. */
  onCursor?(r: number, c: number): void;
  ref?: Ref<SheetHandle>;
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

export function SheetGrid({ grid, label, save, notify, onCursor, ref }: Props) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const headRef = useRef<HTMLTableSectionElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const [cursor, setCursor] = useState({ r: 0, c: 0 });
  const [editing, setEditingState] = useState<Editing | null>(null);
  const [invalid, setInvalid] = useState(false);
  const editingRef = useRef<Editing | null>(null);
  const nRows = grid.rows.length;
  const nCols = grid.columns.length;
  const r = Math.max(0, Math.min(cursor.r, nRows - 1));
  const c = Math.max(0, Math.min(cursor.c, nCols - 1));
  // Virtual rows: the scrolled position and height of the viewport, and the measured height of a row.
  const [view, setView] = useState({ top: 0, height: 900 });
  const rowHeight = useRef(31);
  const reveal = useRef(false);
  const virtual = nRows >= VIRTUAL_MIN_ROWS;
  const win = virtual ? rowWindow(view.top, view.height, rowHeight.current, nRows) : { first: 0, last: nRows };
  const onScroll = () => {
    const w = wrapRef.current;
    if (!virtual || !w) return;
    const top = Math.max(0, w.scrollTop - (headRef.current?.offsetHeight ?? 0));
    if (Math.abs(top - view.top) >= rowHeight.current || w.clientHeight !== view.height) setView({ top, height: w.clientHeight });
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
  }));

  // Sticky header: keep the cursor cell out from under it when scrolling it into view.
  useLayoutEffect(() => {
    if (wrapRef.current && headRef.current) wrapRef.current.style.scrollPaddingTop = `${headRef.current.offsetHeight}px`;
  }, [grid.columns]);
  useLayoutEffect(() => {
    const w = wrapRef.current;
    const td = w?.querySelector<HTMLElement>(`td[data-r="${r}"][data-c="${c}"]`);
    // Not returned: Chromium's scrollIntoView returns a promise, and React would take it for a cleanup.
    if (td || !w) {
      td?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      return;
    }
    // The cursor's row is not drawn (virtual rows): scroll to where it will be, draw it, then bring it into view.
    const top = Math.max(0, r * rowHeight.current - w.clientHeight / 3);
    w.scrollTop = top + (headRef.current?.offsetHeight ?? 0);
    reveal.current = true;
    setView({ top, height: w.clientHeight });
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

  function saveChanges(changes: FigureChange[], after: () => void) {
    save(changes)
      .then(after)
      .catch((e) => notify({ type: 'error', text: errorText(e) }));
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
    saveChanges([{ unitId: row.unit.id, code: col.ind.code, year: col.figureYear, value: p.value }], warn);
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
    const col = grid.columns[c];
    saveChanges([{ unitId: row.unit.id, code: col.ind.code, year: col.figureYear, value: null }], () => notify(null));
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (editingRef.current || nRows === 0) return;
    const page = 10;
    const moves: Record<string, [number, number]> = {
      ArrowUp: [r - 1, c],
      ArrowDown: [r + 1, c],
      ArrowLeft: [r, c - 1],
      ArrowRight: [r, c + 1],
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
    if (e.key === 'Enter' || e.key === 'F2') {
      e.preventDefault();
      const cell = grid.rows[r].cells[c];
      if (e.key === 'Enter' && cell.state !== 'edit') return moveTo(r + (e.shiftKey ? -1 : 1), c);
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
    if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
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
    if (plan.changes.length === 0) return notify({ type: 'info', text: `Đã dán ${plan.cells} ô; số liệu không thay đổi.` });
    const warnings = plan.warnings.length ? ` Lưu ý: ${plan.warnings.join('; ')}.` : '';
    saveChanges(plan.changes, () => notify({ type: plan.warnings.length ? 'warning' : 'success', text: `Đã dán và lưu ${plan.changes.length} ô.${warnings}` }));
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
        <table className="sheet" aria-label={label}>
          <thead ref={headRef}>
            <tr className="head">
              <th className="row-head" scope="col">
                Cơ quan, đơn vị
              </th>
              {grid.columns.map((col) => (
                <th key={col.ind.code} scope="col" className={col.editable ? undefined : 'computed-col'} title={`${col.ind.code}: ${col.ind.label}`}>
                  <div className="h-label">{col.ind.label}</div>
                  {col.ind.unit && <div className="h-unit">({col.ind.unit})</div>}
                </th>
              ))}
            </tr>
            <tr className="totals">
              <th className="row-head" scope="row">
                Tổng cộng
              </th>
              {grid.totals.map((cell, i) => (
                <td
                  key={grid.columns[i].ind.code}
                  data-unit="__total"
                  data-code={grid.columns[i].ind.code}
                  className={cellClass(cell, grid.columns[i], false)}
                  title={cell.flag ? cell.flag.messages.join('\n') : 'Tổng cộng, tính tự động'}
                >
                  {cell.text}
                </td>
              ))}
            </tr>
          </thead>
          <tbody>
            {win.first > 0 && <Spacer height={win.first * rowHeight.current} span={nCols + 1} />}
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
                />
              );
            })}
            {win.last < nRows && <Spacer height={(nRows - win.last) * rowHeight.current} span={nCols + 1} />}
          </tbody>
        </table>
      </div>
    </>
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
