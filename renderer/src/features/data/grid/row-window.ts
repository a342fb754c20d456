/** Which rows of a long grid to draw: those in the viewport and `overscan` rows either side. */

/** Grids shorter than this draw every row (a district's 40 units); longer ones (a province's 400) are virtual. */
export const VIRTUAL_MIN_ROWS = 120;
export const OVERSCAN = 12;

/** Rows [first, last) cover the viewport `top`…`top + height` (pixels from the first row) with rows of `rowHeight`. */
export function rowWindow(top: number, height: number, rowHeight: number, count: number, overscan = OVERSCAN): { first: number; last: number } {
  const h = Math.max(1, rowHeight);
  const first = Math.max(0, Math.min(count, Math.floor(top / h) - overscan));
  const last = Math.max(first, Math.min(count, Math.ceil((top + height) / h) + overscan));
  return { first, last };
}

/**
 * Grids with fewer columns draw them all (one section); wider ones (all sections: 55 columns) of more than a few
 * units are virtual by columns too: a province's drawn rows × 55 columns were most of the time to open the grid, and
 * a district's 41 units × 55 columns (2,255 cells, about 12 columns in view) made it open as slowly as a province's.
 */
export const VIRTUAL_MIN_COLS = 24;
export const VIRTUAL_MIN_CELLS = 1000;
export const COL_OVERSCAN = 3;

/** The left edge of each column and, last, the total width, from the columns' widths. */
export function columnOffsets(widths: number[]): number[] {
  const out = [0];
  for (const w of widths) out.push(out[out.length - 1] + w);
  return out;
}

/** Columns [first, last) cover `left`…`left + width` (pixels from the first column), `overscan` columns either side. */
export function colWindow(left: number, width: number, offsets: number[], overscan = COL_OVERSCAN): { first: number; last: number } {
  const count = offsets.length - 1;
  let first = 0;
  while (first < count && offsets[first + 1] <= left) first++;
  let last = first;
  while (last < count && offsets[last] < left + width) last++;
  return { first: Math.max(0, first - overscan), last: Math.min(count, last + overscan) };
}
