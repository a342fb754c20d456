/** Planning a block pasted from Excel: every cell is parsed and checked first, then saved as one batch. */
import type { FigureChange } from '../../../../../shared/rpc/figures';
import { parseFigureText } from '../../../lib/figures';
import type { GridModel } from './grid-model';

/** Tab-separated rows as Excel puts them on the clipboard; a trailing line break is not an extra row. */
export function clipboardBlock(text: string): string[][] {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
  return lines.map((l) => l.split('\t'));
}

export interface PastePlan {
  changes: FigureChange[];
  errors: string[];
  warnings: string[];
  cells: number;
}

const MAX_ERRORS = 8;

export function planPaste(grid: GridModel, at: { r: number; c: number }, block: string[][]): PastePlan {
  const plan: PastePlan = { changes: [], errors: [], warnings: [], cells: 0 };
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
      plan.cells++;
      if (cell.state === 'none') return void plan.errors.push(`${where}: đơn vị này không báo cáo chỉ tiêu này`);
      if (cell.state === 'computed') return void plan.errors.push(`${where}: ô được tính tự động, không nhập được`);
      if (cell.state === 'sealed') return void plan.errors.push(`${where}: số liệu lấy từ tệp năm đã khóa sổ, không nhập ở đây`);
      const p = parseFigureText(col.ind, text);
      if (!p.ok) return void plan.errors.push(`${where}: ${p.message}`);
      plan.warnings.push(...p.warnings.map((w) => `${where}: ${w}`));
      if ((cell.value ?? null) !== p.value) plan.changes.push({ unitId: row.unit.id, code: col.ind.code, year: col.figureYear, value: p.value });
    }),
  );
  if (plan.errors.length > MAX_ERRORS) plan.errors = [...plan.errors.slice(0, MAX_ERRORS), `… và ${plan.errors.length - MAX_ERRORS} ô khác`];
  return plan;
}
