/** Planning a block pasted from Excel: every cell is parsed and checked first, then saved as one batch. */
import type { FigureChange } from '../../../../../shared/rpc/figures';
import { parseFigureText } from '../../../lib/figures';
import type { Indicator } from '../../../../../shared/domain/template';
import type { GridModel } from './grid-model';

/** Tab-separated rows as Excel puts them on the clipboard; a trailing line break is not an extra row. */
export function clipboardBlock(text: string): string[][] {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
  return lines.map((l) => l.split('\t'));
}

/** One cell a paste changes: where, and the stored value before and after (for the preview and undo). */
export interface PastedCell {
  where: string;
  ind: Indicator;
  before: string | null;
  after: string | null;
}

export interface PastePlan {
  changes: FigureChange[];
  /** The cells of `changes`, in the same order. */
  cells: PastedCell[];
  /** The changed cells that held a value (shown before saving). */
  overwrites: number;
  errors: string[];
  warnings: string[];
  /** Cells in the block. */
  size: number;
}

const MAX_ERRORS = 8;

export function planPaste(grid: GridModel, at: { r: number; c: number }, block: string[][]): PastePlan {
  const plan: PastePlan = { changes: [], cells: [], overwrites: 0, errors: [], warnings: [], size: 0 };
  const height = block.length;
  const width = Math.max(...block.map((b) => b.length));
  if (at.r + height > grid.rows.length || at.c + width > grid.columns.length) {
    plan.errors.push(
      `Khối dán có ${height} dòng × ${width} cột, vượt ra ngoài bảng (từ ô đang chọn chỉ còn ${grid.rows.length - at.r} dòng × ${grid.columns.length - at.c} cột)`,
    );
    return plan;
  }
  block.forEach((line, i) =>
    line.forEach((text, j) => {
      const row = grid.rows[at.r + i];
      const col = grid.columns[at.c + j];
      const cell = row.cells[at.c + j];
      const where = `${row.unit.name} – ${col.ind.label}`;
      plan.size++;
      if (cell.state === 'none') return void plan.errors.push(`${where}: đơn vị này không báo cáo chỉ tiêu này`);
      if (cell.state === 'computed') return void plan.errors.push(`${where}: ô được tính tự động, không nhập được`);
      if (cell.state === 'sealed') return void plan.errors.push(`${where}: số liệu lấy từ tệp năm đã khóa sổ, không nhập ở đây`);
      const p = parseFigureText(col.ind, text);
      if (!p.ok) return void plan.errors.push(`${where}: ${p.message}`);
      plan.warnings.push(...p.warnings.map((w) => `${where}: ${w}`));
      const before = cell.value ?? null;
      if (before === p.value) return;
      plan.changes.push({ unitId: row.unit.id, code: col.ind.code, year: col.figureYear, value: p.value });
      plan.cells.push({ where, ind: col.ind, before, after: p.value });
      if (before !== null) plan.overwrites++;
    }),
  );
  if (plan.errors.length > MAX_ERRORS) plan.errors = [...plan.errors.slice(0, MAX_ERRORS), `… và ${plan.errors.length - MAX_ERRORS} ô khác`];
  return plan;
}
