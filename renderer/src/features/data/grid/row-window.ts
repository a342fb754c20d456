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
