/**
 * A page's first data, asked for as soon as the address says that page: the request and the host's answer then run
 * while React draws the page, instead of after it (at 400 units Số liệu's first cells came a third sooner, and the
 * report preview's call no longer waits behind the page's smaller calls on the host). The page takes the answer
 * once, while fresh; every later load of the page asks the host itself.
 */
import type { Contract, InputOf, OutputOf } from '../../../shared/rpc/contract';
import { call } from './rpc';

const FRESH_MS = 2000;
/** The one answer asked for early per channel, for the year it was asked for. */
const early = new Map<string, { year: number; at: number; answer: Promise<unknown> }>();

type YearCall = Contract & { input: { parse(x: unknown): { year: number } } };

/** Asks `c` for `year` now; the page that shows it takes the answer with takeEarly. */
export function askEarly<C extends YearCall>(c: C, year: number): void {
  const answer = call(c, { year } as InputOf<C>);
  // Not lost: the page asks again when it takes a failed one.
  answer.catch(() => undefined);
  early.set(c.channel, { year, at: performance.now(), answer });
}

/** The answer asked for early to `c` for this year, once, if still fresh; else null. */
export function takeEarly<C extends YearCall>(c: C, year: number): Promise<OutputOf<C>> | null {
  const e = early.get(c.channel);
  early.delete(c.channel);
  return e && e.year === year && performance.now() - e.at < FRESH_MS ? (e.answer as Promise<OutputOf<C>>) : null;
}

/** The early answer to `c` when there is one (asking again if it failed), else a new call. */
export function takeEarlyOrCall<C extends YearCall>(c: C, year: number): Promise<OutputOf<C>> {
  const asked = takeEarly(c, year);
  return asked ? asked.catch(() => call(c, { year } as InputOf<C>)) : call(c, { year } as InputOf<C>);
}
