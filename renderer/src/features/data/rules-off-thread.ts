/**
 * The first evaluation of a year's rules, in a Web Worker (./rules.worker.ts) when the page can start one: at 401
 * units it is 100–170 ms of work, which on the page's thread ran in slices between frames. The worker runs the same
 * shared function on the same data, so the results are equal to those of the page (same results, same order).
 *
 * Where no worker can be had (none in the runtime, its script refused or failed to load, an answer that is an
 * error), the rules are evaluated on the page in slices as before (lib/slices), and the reason is logged to the
 * console: the results never depend on where they were computed. One worker serves the page; a request whose page
 * has moved on is answered and dropped.
 */
import type { Period, UnitDto } from '../../../../shared/domain/records';
import type { RuleResult } from '../../../../shared/domain/rules';
import type { Template } from '../../../../shared/domain/template';
import { encodeFigures, type FigureColumns } from '../../../../shared/rpc/figures';
import { runInSlices } from '../../lib/slices';
import { errorText } from '../../lib/text';
import { unpackRules, type PackedRules } from './rules-transfer';
import { yearRulesSteps, type YearModel } from './year-model';
import rulesWorkerUrl from './rules.worker.ts?worker&url';

export interface RulesRequest {
  id: number;
  template: Template;
  units: UnitDto[];
  /** As columns: 12,000 figure objects took the page 10–20 ms to send. */
  figures: FigureColumns;
  period: Period;
}
export type RulesAnswer = { id: number; rules: PackedRules } | { id: number; error: string };

interface Waiting {
  ok(rules: RuleResult[]): void;
  fail(reason: Error): void;
}

/** undefined: not tried yet; null: this page has no worker (the rules run on the page). */
let worker: Worker | null | undefined;
const waiting = new Map<number, Waiting>();
let seq = 0;

const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

function giveUp(why: string): void {
  if (worker) worker.terminate();
  worker = null;
  console.warn(`[rules] evaluating on the page: ${why}`);
  const error = new Error(why);
  for (const w of waiting.values()) w.fail(error);
  waiting.clear();
}

function theWorker(): Worker | null {
  if (worker !== undefined) return worker;
  if (typeof Worker === 'undefined') return (worker = null);
  try {
    // The built worker is one classic script (no imports): started as such where the page is a file (the desktop
    // window), since Chromium loads module scripts from files only through CORS, which files do not pass; as a
    // module elsewhere (the development server serves the worker's imports as modules).
    const type = location.protocol === 'file:' ? 'classic' : 'module';
    const w = new Worker(rulesWorkerUrl, { type, name: 'kiem-tra-quy-tac' });
    w.onmessage = (e: MessageEvent<RulesAnswer>) => {
      const p = waiting.get(e.data.id);
      if (!p) return;
      waiting.delete(e.data.id);
      try {
        if ('rules' in e.data) p.ok(unpackRules(e.data.rules));
        else p.fail(new Error(e.data.error));
      } catch (err) {
        p.fail(asError(err));
      }
    };
    // A script that cannot be loaded (a packaging fault, a policy that refuses it) or a worker that dies.
    w.onerror = (e) => {
      e.preventDefault();
      giveUp(`the rules worker failed (${e.message || 'its script did not load'})`);
    };
    w.onmessageerror = () => giveUp('an answer of the rules worker could not be read');
    worker = w;
  } catch (e) {
    giveUp(`no rules worker (${errorText(e)})`);
  }
  return worker ?? null;
}

function inWorker(w: Worker, m: YearModel): Promise<RuleResult[]> {
  const id = ++seq;
  return new Promise<RuleResult[]>((ok, fail) => {
    waiting.set(id, { ok, fail });
    const request: RulesRequest = { id, template: m.template, units: m.data.units, figures: encodeFigures(m.data.figures), period: m.period };
    try {
      w.postMessage(request);
    } catch (e) {
      waiting.delete(id);
      fail(asError(e));
    }
  });
}

/**
 * Resolves once the next frame has been painted (at the latest after 100 ms: a hidden window draws no frames). The
 * model's values are committed just before: sending it to the worker (the figures made into columns, then copied)
 * would otherwise run before they are first on screen.
 */
function afterNextPaint(): Promise<void> {
  return new Promise((done) => {
    const timer = setTimeout(done, 100);
    requestAnimationFrame(() =>
      setTimeout(() => {
        clearTimeout(timer);
        done();
      }, 0),
    );
  });
}

/**
 * The rule results of a model whose rules are pending: from the worker, or evaluated on the page in slices when
 * there is none or it fails. Rejects only when `signal` is aborted (the page moved on) or the page's own
 * evaluation throws.
 */
export async function evaluateYearRules(m: YearModel, signal: AbortSignal): Promise<RuleResult[]> {
  // Started at once, so its script loads while the page paints.
  const w = theWorker();
  if (w) {
    try {
      await afterNextPaint();
      if (signal.aborted) throw signal.reason;
      const rules = await inWorker(w, m);
      if (signal.aborted) throw signal.reason;
      return rules;
    } catch (e) {
      if (signal.aborted) throw signal.reason;
      console.warn(`[rules] the worker's evaluation failed, evaluating on the page: ${errorText(e)}`);
    }
  }
  return runInSlices(yearRulesSteps(m), { signal });
}
