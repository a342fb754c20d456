/**
 * The report against the year's data: numbers the clerk typed by hand where the template had a figure, the
 * appendix totals against the sum over units, the template's rules with the cells that break them, and units
 * with no figures at all.
 *
 * Decisions:
 * - A typed number is tied to an indicator only by the words the template itself put around that indicator's
 *   placeholder (two words before, the unit after, in the same section): "tiếp nhận {{DON_TONG_SO}} đơn" ties
 *   "tiếp nhận 3.850 đơn" to DON_TONG_SO. Nothing looser, so a number about something else is never compared.
 * - The safe fix puts the placeholder back, so the sentence follows the data from then on.
 * PURE.
 */
import { aggregate, aggregatedValue, contributingUnits, formatIndicatorValue, isNumericKind, type Aggregation } from '../domain/aggregate';
import { compare, sum } from '../domain/decimal';
import { findPlaceholders } from '../domain/placeholders';
import { WHOLE_PERIOD } from '../domain/records';
import { evaluateRules, type RuleResult } from '../domain/rules';
import type { Section } from '../domain/template';
import { formatNumber } from '../format/number';
import { formatBodyDate, isValidIsoDate } from '../format/date';
import { foldDiacritics } from '../format/text';
import { parseViNumber, tokenize } from './tokens';
import type { Check, CheckData, Finding } from './types';
import { excerptOf, overlaps, textLocation } from './where';

type Raw = Omit<Finding, 'id'>;

const aggregations = new WeakMap<CheckData, Aggregation>();
/** One aggregation per data object, shared by the checks of one run. */
function aggregationOf(data: CheckData): Aggregation {
  let a = aggregations.get(data);
  if (!a) aggregations.set(data, (a = aggregate(data.template, data.units, data.figures, data.regime.period)));
  return a;
}

const norm = (s: string) => foldDiacritics(s.toLocaleLowerCase('vi'));
const WORDS_BEFORE = 2;

interface Cue {
  sectionId: string;
  code: string;
  year: number;
  before: string;
  after: string;
  raw: string;
}

/**
 * The unit right after a number and what follows it (a punctuation mark or the next word): "đơn ,", "vụ việc".
 * Two tokens, so "tiếp nhận 12 đơn kiến nghị" is not taken for "tiếp nhận {{DON_TONG_SO}} đơn, trong đó".
 */
function afterWords(rest: string): string | null {
  const m = /^\s+([\p{L}]+)\s*([,.;:)(]|[\p{L}\d]+|\{\{)?/u.exec(rest);
  if (!m || !m[2]) return null;
  return norm(`${m[1]} ${m[2]}`);
}

/** The words around each indicator placeholder of the template's own narrative. */
function cuesOf(data: CheckData): Cue[] {
  const out: Cue[] = [];
  const add = (sectionId: string, raw: string) => {
    // Clause markers of the template ("[[? … || … ]]") are not words of the printed sentence.
    const text = raw.replace(/\[\[\?|\]\]|\|\|/g, '');
    for (const p of findPlaceholders(text)) {
      if (p.target !== 'indicator') continue;
      const beforeText = text.slice(0, p.start).replace(/\{\{[^}]*\}\}/g, ' # ');
      const words = beforeText.split(/[\s,;:()]+/).filter(Boolean);
      if (words.length < WORDS_BEFORE || words.slice(-WORDS_BEFORE).includes('#')) continue;
      const after = afterWords(text.slice(p.end));
      if (!after) continue;
      // "{{CODE@2}}" is the second year of the year's period.
      const year = p.relYear !== undefined ? data.regime.period.fromYear + p.relYear - 1 : (p.year ?? WHOLE_PERIOD);
      out.push({ sectionId, code: p.name, year, before: norm(words.slice(-WORDS_BEFORE).join(' ')), after, raw: p.raw });
    }
  };
  const walk = (ss: Section[]) =>
    ss.forEach((s) => {
      s.narrative.forEach((b) => add(s.id, b.text));
      walk(s.children);
    });
  data.template.opening.forEach((b) => add('opening', b.text));
  walk(data.template.outline);
  data.template.closing.forEach((b) => add('closing', b.text));
  return out;
}

/** A number typed by hand where the template had an indicator, that differs from the data. */
export const typedFigures: Check = {
  name: 'typed-figures',
  needsData: true,
  run({ document, data }) {
    if (!data) return [];
    const cues = cuesOf(data);
    if (!cues.length) return [];
    const agg = aggregationOf(data);
    const byCode = new Map(data.template.indicators.map((i) => [i.code, i]));
    const inAppendix = new Map<string, string>();
    data.template.appendices.forEach((a, i) => {
      if (a.source.kind === 'indicators-by-unit') a.source.indicators.forEach((c) => inAppendix.set(c, `Phụ lục ${['I', 'II', 'III', 'IV', 'V'][i] ?? i + 1}`));
    });
    const out: Raw[] = [];
    for (const p of document.paragraphs) {
      if (p.kind !== 'paragraph') continue;
      const here = cues.filter((c) => c.sectionId === p.sectionId);
      if (!here.length) continue;
      for (const t of tokenize(p.text)) {
        if (t.kind !== 'number' || overlaps(p.generated, t.start, t.end)) continue;
        const words = p.text.slice(0, t.start).split(/[\s,;:()]+/).filter(Boolean);
        if (words.length < WORDS_BEFORE) continue;
        const before = norm(words.slice(-WORDS_BEFORE).join(' '));
        const rest = p.text.slice(t.end);
        const afterM = /^\s+([\p{L}]+)/u.exec(rest);
        const after = afterWords(rest);
        if (!afterM || !after) continue;
        const matches = here.filter((c) => c.before === before && (c.after === after || (c.after.endsWith(' {{') && after.startsWith(c.after.slice(0, -2)))));
        // The same words for several years of one indicator ("Năm 2021: … đối với 02 TTHC"): the year written
        // last before the number in the paragraph decides; otherwise the pairing is ambiguous and nothing is said.
        let cue = matches.length === 1 ? matches[0] : undefined;
        if (matches.length > 1 && matches.every((c) => c.code === matches[0].code)) {
          const year = tokenize(p.text).filter((x) => x.kind === 'year' && x.end <= t.start).pop();
          const byYear = year ? matches.filter((c) => c.year === Number(year.text)) : [];
          if (byYear.length === 1) cue = byYear[0];
        }
        if (!cue) continue;
        const ind = byCode.get(cue.code);
        const value = aggregatedValue(agg, cue.code, cue.year);
        if (!ind || !isNumericKind(ind.kind) || value === null) continue;
        const typed = parseViNumber(t.text);
        if (typed === null || compare(typed, value) === 0) continue;
        const shown = formatIndicatorValue(ind, value, { padCounts: data.settings.padCounts });
        const where = inAppendix.has(cue.code) ? ` (cũng là số tổng cộng ở ${inAppendix.get(cue.code)})` : '';
        out.push({
          code: 'typed-figures',
          severity: 'error',
          message: `Số gõ tay “${t.text}” khác số liệu “${ind.label}”${cue.year ? ` năm ${cue.year}` : ''}: số liệu tổng hợp là ${shown}${where}.`,
          excerpt: excerptOf(p.text, t.start, t.end, 25),
          location: textLocation(p, t.start, t.end),
          expected: shown,
          fix: { before: `${words[words.length - 1]} ${t.text}${afterM[0]}`, after: `${words[words.length - 1]} ${cue.raw}${afterM[0]}` },
        });
      }
    }
    return out;
  },
};

/** An appendix's "Tổng cộng" equals the sum of its unit rows, column by column. */
export const appendixTotals: Check = {
  name: 'appendix-totals',
  run({ document }) {
    const out: Raw[] = [];
    for (const a of document.appendices) {
      const total = a.rows.find((r) => r.total);
      if (!total) continue;
      const rows = a.rows.filter((r) => !r.total);
      a.columns.forEach((col, ci) => {
        if (!col.numeric) return;
        const t = total.cells[ci]?.value;
        const values = rows.map((r) => r.cells[ci]?.value).filter((v): v is number => typeof v === 'number');
        if (typeof t !== 'number' || !values.length) return;
        const s = sum(values.map((v) => String(v)));
        if (compare(s, String(t)) === 0) return;
        out.push({
          code: 'appendix-totals',
          severity: 'error',
          message: `${a.label}, cột “${col.label}”: dòng Tổng cộng ghi ${formatNumber(String(t))} nhưng cộng các đơn vị được ${formatNumber(s)}.`,
          excerpt: `${a.label} — ${col.label}`,
          location: { kind: 'appendix', appendixId: a.id, label: a.label, row: a.rows.indexOf(total), column: ci },
          expected: formatNumber(s),
        });
      });
    }
    return out;
  },
};

/**
 * The failed rule results of the last data seen, keyed by its content: evaluating every rule on every unit and
 * year is most of the time of a run, and the Kiểm tra page re-runs the checks after each narrative fix, when the
 * figures have not changed.
 */
let lastRules: { key: string; failed: RuleResult[] } | null = null;

function contentKey(data: CheckData): string {
  const { template, regime, units, figures } = data;
  let key = `${template.id}@${template.version}|${template.rules.length}|${regime.period.fromYear}-${regime.period.toYear}|`;
  for (const u of units) key += `${u.id}:${u.kind}:${u.active ? 1 : 0},`;
  key += '|';
  for (const f of figures) key += `${f.unitId}:${f.code}:${f.year}=${f.value};`;
  return key;
}

function failedRules(data: CheckData): RuleResult[] {
  const key = contentKey(data);
  if (lastRules?.key === key) return lastRules.failed;
  const failed = evaluateRules(data.template, data.units, data.figures, data.regime.period, aggregationOf(data)).filter((r) => r.status === 'failed');
  lastRules = { key, failed };
  return failed;
}

/** Forgets the memoised rule results (benchmarks measure a run from scratch with it). */
export function clearDataCaches(): void {
  lastRules = null;
}

/** The template's rules (sums, comparisons) on the totals and on each unit, with the cells concerned. */
export const templateRules: Check = {
  name: 'template-rules',
  needsData: true,
  run({ data }) {
    if (!data) return [];
    const units = new Map(data.units.map((u) => [u.id, u]));
    const sections = new Map(data.template.indicators.map((i) => [i.code, i.section]));
    return failedRules(data)
      .map((r) => {
        const unit = r.unitId !== undefined ? units.get(r.unitId) : undefined;
        return {
          code: 'template-rules',
          severity: r.severity,
          message: `${unit ? `${unit.name}: ` : 'Số tổng hợp: '}${r.message}${r.year ? ` (năm ${r.year})` : ''}`,
          excerpt: r.codes.join(', '),
          location: { kind: 'data', code: r.codes[0], unitId: r.unitId, unitName: unit?.name, year: r.year, sectionId: sections.get(r.codes[0]) },
        };
      });
  },
};

/** Active units expected to report that have no figure at all. */
export const unitsWithoutData: Check = {
  name: 'units-without-data',
  needsData: true,
  run({ data }) {
    if (!data) return [];
    const withData = new Set([...(data.unitsWithData ?? []), ...data.figures.map((f) => f.unitId)]);
    const expected = new Set(data.template.indicators.flatMap((i) => contributingUnits(i, data.units).map((u) => u.id)));
    const deadline = data.regime.unitDeadline && isValidIsoDate(data.regime.unitDeadline) ? formatBodyDate(data.regime.unitDeadline) : null;
    return data.units
      .filter((u) => u.active && expected.has(u.id) && !withData.has(u.id))
      .map((u) => ({
        code: 'units-without-data',
        severity: 'warning' as const,
        message: `${u.name} chưa có số liệu nào (chưa nộp báo cáo${deadline ? ` — hạn nộp ${deadline}` : ''} — hoặc chưa nhập): số tổng hợp chưa tính phần của đơn vị này.`,
        excerpt: '',
        location: { kind: 'data' as const, unitId: u.id, unitName: u.name },
      }));
  },
};

/**
 * Three-way agreement: a figure printed in the narrative, the "Tổng cộng" of the appendix that lists the same
 * indicator by unit, and the aggregated total agree.
 */
export const narrativeAppendix: Check = {
  name: 'narrative-appendix',
  needsData: true,
  run({ document, data }) {
    if (!data) return [];
    const agg = aggregationOf(data);
    const out: Raw[] = [];
    for (const def of data.template.appendices) {
      if (def.source.kind !== 'indicators-by-unit') continue;
      const a = document.appendices.find((x) => x.id === def.id);
      const total = a?.rows.find((r) => r.total);
      if (!a || !total) continue;
      const inds = def.source.indicators.map((c) => data.template.indicators.find((i) => i.code === c)).filter((i) => i !== undefined);
      const first = a.columns.length - inds.length;
      inds.forEach((ind, k) => {
        const cell = total.cells[first + k];
        if (!cell || typeof cell.value !== 'number' || !isNumericKind(ind.kind)) return;
        const shown = String(cell.value);
        const value = aggregatedValue(agg, ind.code, WHOLE_PERIOD);
        if (value !== null && compare(value, shown) !== 0)
          out.push({
            code: 'narrative-appendix',
            severity: 'error',
            message: `${a.label}, cột “${a.columns[first + k].label}”: Tổng cộng ${cell.text} khác số tổng hợp ${formatNumber(value)}.`,
            excerpt: `${a.label} — ${ind.label}`,
            location: { kind: 'appendix', appendixId: a.id, label: a.label, row: a.rows.indexOf(total), column: first + k },
            expected: formatNumber(value),
          });
        for (const p of document.paragraphs)
          for (const f of p.figures ?? []) {
            if (f.code !== ind.code || f.year !== WHOLE_PERIOD) continue;
            const printed = parseViNumber(p.text.slice(f.start, f.end));
            if (printed === null || compare(printed, shown) === 0) continue;
            out.push({
              code: 'narrative-appendix',
              severity: 'error',
              message: `Lời văn ghi “${p.text.slice(f.start, f.end)}” (${ind.label}) nhưng dòng Tổng cộng của ${a.label} là ${cell.text}.`,
              excerpt: excerptOf(p.text, f.start, f.end, 25),
              location: textLocation(p, f.start, f.end),
              expected: cell.text,
            });
          }
      });
    }
    return out;
  },
};

export const DATA_CHECKS: Check[] = [typedFigures, appendixTotals, narrativeAppendix, templateRules, unitsWithoutData];
