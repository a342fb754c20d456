/**
 * The consistency checks: one list of small named checks, run over a CheckDocument (the year's report or an
 * outside document) and, when there is one, the year's data. Adding a check: its function in the file of its
 * class, one entry in that file's list, one test file.
 * PURE.
 */
import { ARITHMETIC_CHECKS } from './arithmetic';
import { CITATION_CHECKS } from './citations';
import { COVERAGE_CHECKS } from './coverage';
import { DATA_CHECKS } from './data';
import { fromText } from './document';
import { STYLE_CHECKS } from './style';
import { YEAR_CHECKS } from './years';
import type { Check, CheckInput, Finding, FindingFix, Severity } from './types';
import { findingId } from './where';

export const ALL_CHECKS: Check[] = [...ARITHMETIC_CHECKS, ...CITATION_CHECKS, ...STYLE_CHECKS, ...COVERAGE_CHECKS, ...DATA_CHECKS, ...YEAR_CHECKS];

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Runs every check that applies; findings in document order, each once. A check that throws is reported, not fatal. */
export function runChecks(input: CheckInput, checks: Check[] = ALL_CHECKS): Finding[] {
  const order = new Map<string, number>();
  input.document.paragraphs.forEach((p, i) => order.set(`${p.sectionId}#${p.index}`, i));
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const c of checks) {
    if (c.needsData && !input.data) continue;
    let raw: Omit<Finding, 'id'>[];
    try {
      raw = c.run(input);
    } catch (e) {
      raw = [{ code: c.name, severity: 'info', message: `Không chạy được phép kiểm tra “${c.name}”: ${(e as Error).message}`, excerpt: '', location: { kind: 'document' } }];
    }
    for (const f of raw) {
      const id = findingId(f);
      if (seen.has(id)) continue;
      seen.add(id);
      out.push({ id, ...f });
    }
  }
  const pos = (f: Finding) => {
    const l = f.location;
    if (l.kind === 'text') return (order.get(`${l.sectionId}#${l.paragraph}`) ?? 0) * 1e6 + l.start;
    return l.kind === 'appendix' ? 1e12 : 2e12;
  };
  return out.sort((a, b) => pos(a) - pos(b) || RANK[a.severity] - RANK[b.severity]);
}

export interface FindingCounts {
  error: number;
  warning: number;
  info: number;
}

export function countFindings(findings: Finding[]): FindingCounts {
  const c: FindingCounts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) c[f.severity]++;
  return c;
}

const WORDISH = /[\p{L}\d]/u;

/**
 * Applies a fix to a paragraph's text: only when `before` occurs exactly once as a whole (not inside a longer
 * number or word: "8,4%" is not found in "98,4%"). Null otherwise.
 */
export function applyFix(text: string, fix: FindingFix): string | null {
  if (!fix.before) return null;
  const whole = (at: number) =>
    !(WORDISH.test(fix.before[0]) && at > 0 && /[\p{L}\d.,]/u.test(text[at - 1])) &&
    !(WORDISH.test(fix.before[fix.before.length - 1]) && WORDISH.test(text[at + fix.before.length] ?? ''));
  const found: number[] = [];
  for (let at = text.indexOf(fix.before); at >= 0; at = text.indexOf(fix.before, at + 1)) if (whole(at)) found.push(at);
  if (found.length !== 1) return null;
  const at = found[0];
  return text.slice(0, at) + fix.after + text.slice(at + fix.before.length);
}

/**
 * The checks that are safe to run while a clerk types one paragraph (no data, no outline): arithmetic in the
 * sentence and the form of citations. Used live under the narrative editor.
 */
export function checkParagraph(text: string): Finding[] {
  return runChecks({ document: fromText(text) }, [...ARITHMETIC_CHECKS, ...CITATION_CHECKS]).filter((f) => f.severity !== 'info');
}

export type { Check, CheckInput, Finding, FindingFix, FindingLocation, Severity, CheckDocument, CheckParagraph, NationalDocument, CheckData } from './types';
export { fromPlainText, fromReportDocument, fromText } from './document';
