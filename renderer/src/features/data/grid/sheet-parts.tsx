/** The grid's rows and the bar above it, kept apart from the keyboard and editing logic of SheetGrid. */
import { memo, type ReactNode } from 'react';
import { UNIT_KIND_LABELS } from '../../../../../shared/domain/template';
import type { GridCell, GridColumn, GridModel, GridRow } from './grid-model';

const TEXT_KINDS = new Set(['text', 'docref', 'date']);

/** Widths of a wide grid's columns (virtual columns need them fixed): the unit names, a number, a text. */
export const ROW_HEAD_WIDTH = 270;
export const NUMBER_COL_WIDTH = 128;
const TEXT_COL_WIDTH = 200;

export function columnWidth(col: GridColumn): number {
  return TEXT_KINDS.has(col.ind.kind) ? TEXT_COL_WIDTH : NUMBER_COL_WIDTH;
}

export function cellClass(cell: GridCell, col: GridColumn, selected: boolean): string {
  let cls = cell.state === 'edit' ? '' : cell.state === 'sealed' ? 'computed sealed' : cell.state;
  if (TEXT_KINDS.has(col.ind.kind)) cls += ' text';
  if (cell.flag) cls += ` flag-${cell.flag.severity}`;
  if (selected) cls += ' sel';
  return cls;
}

export function cellTitle(cell: GridCell, col: GridColumn): string | undefined {
  if (cell.flag) return cell.flag.messages.join('\n');
  if (cell.state === 'none') return 'Đơn vị này không báo cáo chỉ tiêu này';
  if (cell.state === 'computed') return col.ind.kind === 'ratio' ? 'Tỷ lệ được tính tự động' : 'Tổng các năm, tính tự động';
  if (cell.state === 'sealed') return 'Lấy từ tệp năm đã khóa sổ (xem Nguồn số liệu); không sửa ở đây';
  return cell.text.length > 14 ? cell.text : undefined;
}

export const SheetRow = memo(function SheetRow(props: {
  row: GridRow;
  r: number;
  columns: GridColumn[];
  sel: number;
  editCol: number;
  editor: ReactNode;
  /** Cells being saved, by column: shown with their new text. */
  pending?: Map<number, string>;
  /** The columns drawn [first, last), and the widths of those left out on either side (virtual columns). */
  first: number;
  last: number;
  padLeft: number;
  padRight: number;
}) {
  const { row, r, columns, sel, editCol, editor, pending, first, last, padLeft, padRight } = props;
  return (
    <tr data-row={r}>
      <th className="row-head" scope="row" title={`${row.unit.name} (mã ${row.unit.code}, ${UNIT_KIND_LABELS[row.unit.kind].toLowerCase()})`}>
        {row.unit.name}
      </th>
      <ColPad width={padLeft} />
      {row.cells.slice(first, last).map((cell, k) => {
        const c = first + k;
        const saving = pending?.get(c);
        return (
          <td
            key={columns[c].ind.code}
            data-r={r}
            data-c={c}
            data-unit={row.unit.code}
            data-code={columns[c].ind.code}
            className={cellClass(cell, columns[c], c === sel) + (saving !== undefined ? ' saving' : '')}
            title={saving !== undefined ? 'Đang lưu…' : cellTitle(cell, columns[c])}
            aria-selected={c === sel}
            aria-busy={saving !== undefined || undefined}
          >
            {c === editCol ? editor : (saving ?? cell.text)}
          </td>
        );
      })}
      <ColPad width={padRight} />
    </tr>
  );
});

/** Stands in for the columns of a wide grid that are not drawn, left or right of those drawn. */
export function ColPad({ width, head }: { width: number; head?: boolean }) {
  if (width <= 0) return null;
  return head ? <th className="sheet-pad" aria-hidden="true" style={{ width }} /> : <td className="sheet-pad" aria-hidden="true" style={{ width }} />;
}

/** Like Excel's formula bar: where the cursor is, and why a flagged cell is flagged. */
export function CellBar({ grid, r, c }: { grid: GridModel; r: number; c: number }) {
  const row = grid.rows[r];
  const col = grid.columns[c];
  const cell = row?.cells[c];
  if (!row || !col || !cell) return <div className="sheet-bar" />;
  const note = cell.flag ? null : cell.state === 'none' ? 'Đơn vị không báo cáo chỉ tiêu này' : cell.state === 'computed' ? 'Tính tự động' : cell.state === 'sealed' ? 'Lấy từ tệp năm đã khóa sổ' : null;
  return (
    <div className="sheet-bar" aria-live="polite" aria-label="Ô đang chọn">
      <div>
        <b>{row.unit.name}</b> · {col.ind.label}
        {col.ind.unit && ` (${col.ind.unit})`} <span className="sheet-bar-code">{col.ind.code}</span>
        {cell.text && (
          <>
            {' '}
            = <b>{cell.text}</b>
          </>
        )}
        {note && <span className="sheet-bar-note"> · {note}</span>}
      </div>
      {cell.flag?.messages.map((m) => (
        <div key={m} className={`sheet-bar-flag ${cell.flag!.severity}`}>
          {m}
        </div>
      ))}
    </div>
  );
}
