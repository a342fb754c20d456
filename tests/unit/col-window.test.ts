/** Which columns of a wide grid are drawn (renderer grid/row-window: colWindow, columnOffsets). */
import { describe, expect, it } from 'vitest';
import { columnOffsets, colWindow } from '../../renderer/src/features/data/grid/row-window';

describe('colWindow', () => {
  const offsets = columnOffsets([100, 100, 200, 100, 100, 100, 100, 100]);

  it('adds up the widths', () => {
    expect(offsets).toEqual([0, 100, 200, 400, 500, 600, 700, 800, 900]);
  });

  it('covers the viewport, with the overscan on either side, and never past the ends', () => {
    expect(colWindow(0, 250, offsets, 0)).toEqual({ first: 0, last: 3 });
    expect(colWindow(0, 250, offsets, 1)).toEqual({ first: 0, last: 4 });
    // Scrolled into the wide third column: it is drawn, though its left edge is out of view.
    expect(colWindow(350, 100, offsets, 0)).toEqual({ first: 2, last: 4 });
    expect(colWindow(450, 300, offsets, 2)).toEqual({ first: 1, last: 8 });
    expect(colWindow(880, 500, offsets, 3)).toEqual({ first: 4, last: 8 });
  });

  it('draws every column a viewport spans, for any scroll position', () => {
    for (let left = 0; left <= 900; left += 7)
      for (const width of [1, 90, 333]) {
        const { first, last } = colWindow(left, width, offsets, 0);
        for (let c = 0; c < 8; c++) {
          const seen = offsets[c] < left + width && offsets[c + 1] > left;
          if (seen) expect(c >= first && c < last, `left ${left} width ${width} column ${c}`).toBe(true);
        }
      }
  });
});
