/**
 * Placeholders in narrative text:
 *   {{CODE}}            period total of an indicator (a name starting with an uppercase letter)
 *   {{CODE@2021}}       its value for one year
 *   {{CODE@1}}          its value for the first (second, …) year of the year's period, so a template serves
 *                       the next period unchanged
 *   {{CODE|nopad}}      flags after "|", comma-separated: `nopad` (no leading zero), `pad` (force one),
 *                       `cap` (capital first letter, for a name at the start of a sentence)
 *   {{period.years}}    a context field (lowercase, dotted): the period, the year's requesting document, the
 *                       issuer and the bodies around it as the settings name them
 *   {{rows LIST | số [soKyHieu] ngày [ngay] | nam=@2 | sep=, | last= và }}
 *                       the rows of a list, each written by the pattern ([column] is the row's value, dates and
 *                       units written as in running text), joined by `sep` (", ") and `last` (" và "); filters
 *                       `column=value` keep matching rows (`@n` is the n-th year of the period)
 *   {{count LIST | loai=Nhân rộng}}   the number of matching rows, as a count
 *   {{appendix ID}}     how the report names one of its appendices: "Phụ lục II", or "Phụ lục" when it is the only one
 *   {{prev CODE}}       the indicator's value in the year before the period's last year: from the period itself when
 *                       it holds that year, else from that year's sealed year file (ResolverContext.previous)
 *   {{change CODE}}     the change from that year to the last year of the period, rounded as every percentage:
 *                       "tăng 5,6% so với năm 2024", "giảm 3,1% so với năm 2024", "bằng năm 2024"; ratios change in
 *                       points ("tăng 2,3 điểm phần trăm so với năm 2024")
 * Clauses:
 *   [[? … ]]            dropped when a value inside is zero, missing or an empty list ("0 mô hình" never prints);
 *   [[? … || chưa … ]]  says the text after "||" instead. Separators left dangling are tidied ("(; " → "(").
 * Text is resolved into runs rather than a flat string so that the document model can style a value, and a
 * missing figure becomes the visible "[chưa có số liệu: …]" instead of a plausible-looking 0.
 */
import { aggregatedValue, formatIndicatorValue, missingFigureText, type Aggregation, type ValueFormatOptions } from './aggregate';
import { isZero } from './decimal';
import { yearChange } from './year-change';
import { type Period, WHOLE_PERIOD, periodYears } from './records';
import type { Indicator, NarrativeBlock, Regime, Section, Template } from './template';
import { formatBodyDate, isValidIsoDate } from '../format/date';
import { formatCount, formatNumber, formatPercent, formatYear } from '../format/number';

export interface RowsSpec {
  /** Item pattern with [column] references; empty for `count`. */
  pattern: string;
  /** column → wanted value ("@2" = second year of the period). */
  filters: Record<string, string>;
  sep: string;
  last: string;
}

export interface Placeholder {
  /** Indicator code, field name, or list id for `rows`/`count`. */
  name: string;
  target: 'indicator' | 'field' | 'rows' | 'count' | 'appendix' | 'prev' | 'change';
  year?: number;
  /** n-th year of the period (1-based), for `{{CODE@n}}`. */
  relYear?: number;
  flags: string[];
  rows?: RowsSpec;
}

export interface PlaceholderMatch extends Placeholder {
  /** Offsets in the text: text.slice(start, end) === raw. */
  start: number;
  end: number;
  raw: string;
}

export interface Run {
  text: string;
  placeholder?: Placeholder;
  /** The value was not available; `text` is the "[chưa có số liệu: …]" stand-in. */
  missing?: boolean;
}

/**
 * What a resolver gives back: the text to print, or the label of what is missing. `empty` marks a zero, an
 * activity a unit reported as none ("-", "x") or an empty list: a clause marked [[? … ]] drops it.
 */
export type Resolution = { text: string; empty?: boolean } | { missing: string };
export type Resolver = (p: Placeholder) => Resolution;

export const PLACEHOLDER_FLAGS = ['nopad', 'pad', 'cap'] as const;

/** Context fields a template may use, with the Vietnamese label shown when one has no value. */
export const CONTEXT_FIELDS: Record<string, string> = {
  'period.years': 'số năm của kỳ báo cáo',
  'period.from': 'năm bắt đầu kỳ báo cáo',
  'period.to': 'năm kết thúc kỳ báo cáo',
  'period.range': 'kỳ báo cáo',
  'period.label': 'kỳ báo cáo (“năm 2026” hoặc “giai đoạn 2021 - 2023”)',
  'period.year1': 'năm thứ nhất của kỳ báo cáo',
  'period.year2': 'năm thứ hai của kỳ báo cáo',
  'period.year3': 'năm thứ ba của kỳ báo cáo',
  'period.previous': 'năm trước kỳ báo cáo',
  'request.number': 'số văn bản đề nghị báo cáo',
  'request.date': 'ngày văn bản đề nghị báo cáo',
  'request.body': 'cơ quan đề nghị báo cáo',
  'request.subject': 'trích yếu văn bản đề nghị báo cáo',
  'report.recipient': 'cơ quan nhận báo cáo',
  'issuer.name': 'tên cơ quan ban hành',
  'issuer.short': 'tên gọi tắt của cơ quan ban hành',
  'issuer.area': 'địa bàn của cơ quan ban hành',
  'issuer.head': 'người đứng đầu cơ quan ban hành (Chủ tịch UBND thành phố, Giám đốc Sở)',
  'issuer.place': 'địa danh',
  'superior.name': 'cơ quan cấp trên',
  'superior.short': 'tên gọi tắt của cơ quan cấp trên',
  'party.committee': 'cấp ủy cùng cấp',
};

const CODE_RE = /^[A-Z][A-Z0-9_]*$/;
const FIELD_RE = /^[a-z][a-zA-Z0-9]*(?:\.[a-z][a-zA-Z0-9]*)*$/;
const PLACEHOLDER_RE = /\{\{\s*([A-Za-z][A-Za-z0-9_.]*)\s*(?:@\s*(\d{4}|[1-9])\s*)?(?:\|\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)\s*)?\}\}|\{\{\s*(rows|count|appendix)\s+([a-z0-9][a-z0-9-]*)\s*((?:\|[^{}|]*)*)\}\}|\{\{\s*(prev|change)\s+([A-Z][A-Z0-9_]*)\s*(?:\|\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)\s*)?\}\}/g;
const INNER_CONDITIONAL_RE = /\[\[\?((?:(?!\[\[\?)[\s\S])*?)\]\]/g;
/** Anything that looks like an attempt at a placeholder, for reporting the malformed ones. */
const ATTEMPT_RE = /\{\{[^{}]*\}\}|\{\{|\}\}/g;

function rowsSpec(kind: string, rest: string): RowsSpec {
  const parts = rest.split('|').slice(1);
  const spec: RowsSpec = { pattern: '', filters: {}, sep: ', ', last: ' và ' };
  parts.forEach((raw, i) => {
    const eq = raw.indexOf('=');
    const key = eq > 0 ? raw.slice(0, eq).trim() : '';
    if (kind === 'rows' && i === 0 && !/^[a-zA-Z]+$/.test(key)) {
      spec.pattern = raw.trim();
      return;
    }
    if (key === 'sep') spec.sep = raw.slice(eq + 1).replace(/^ /, '');
    else if (key === 'last') spec.last = raw.slice(eq + 1);
    else if (key) spec.filters[key] = raw.slice(eq + 1).trim();
    else if (kind === 'rows' && !spec.pattern) spec.pattern = raw.trim();
  });
  return spec;
}

function toPlaceholder(m: RegExpExecArray): PlaceholderMatch | null {
  if (m[7]) {
    const flags = m[9] ? m[9].split(',').map((f) => f.trim()) : [];
    return { name: m[8], target: m[7] as 'prev' | 'change', flags, start: m.index, end: m.index + m[0].length, raw: m[0] };
  }
  if (m[4] === 'appendix') return { name: m[5], target: 'appendix', flags: [], start: m.index, end: m.index + m[0].length, raw: m[0] };
  if (m[4]) {
    const kind = m[4] as 'rows' | 'count';
    return { name: m[5], target: kind, flags: [], rows: rowsSpec(kind, m[6] ?? ''), start: m.index, end: m.index + m[0].length, raw: m[0] };
  }
  const name = m[1];
  const target = CODE_RE.test(name) ? 'indicator' : FIELD_RE.test(name) ? 'field' : null;
  if (!target) return null;
  const flags = m[3] ? m[3].split(',').map((f) => f.trim()) : [];
  const p: PlaceholderMatch = { name, target, flags, start: m.index, end: m.index + m[0].length, raw: m[0] };
  if (m[2]) {
    if (m[2].length === 4) p.year = Number(m[2]);
    else p.relYear = Number(m[2]);
  }
  return p;
}

/** Well-formed placeholders in order of appearance, with their positions. */
export function findPlaceholders(text: string): PlaceholderMatch[] {
  const out: PlaceholderMatch[] = [];
  for (const m of text.matchAll(PLACEHOLDER_RE)) {
    const p = toPlaceholder(m as RegExpExecArray);
    if (p) out.push(p);
  }
  return out;
}

const isEmpty = (r: Resolution) => 'missing' in r || Boolean(r.empty);

/** Tidies separators a dropped clause leaves behind; placeholders are opaque to it. */
function tidy(text: string): string {
  return text
    .replace(/\(\s*[;,]\s*/g, '(')
    .replace(/\s*[;,]\s*\)/g, ')')
    .replace(/\s*\(\s*\)/g, '')
    .replace(/([;,])(\s*[;,])+/g, '$1')
    .replace(/[;,]\s*([.:])/g, '$1')
    .replace(/:\s*\./g, '.')
    .replace(/ {2,}/g, ' ')
    .replace(/\s+([,;.:)])/g, '$1')
    .replace(/^[\s,;]+/, '')
    .replace(/[\s,;]+$/, '');
}

/**
 * Replaces every [[? … ]] clause by its text, its "||" alternative, or nothing, as its values decide; the rest of
 * the text is unchanged when no clause is dropped.
 */
export function applyConditionals(text: string, resolver: Resolver): string {
  if (!text.includes('[[?')) return text;
  let changed = false;
  let out = text;
  // Innermost clauses first, so "[[?13 mô hình ([[?kinh tế 0 mô hình]]; …)]]" keeps the outer clause.
  for (let guard = 0; guard < 20 && out.includes('[[?'); guard++) {
    out = out.replace(INNER_CONDITIONAL_RE, (_all, inner: string) => {
      const cut = inner.indexOf('||');
      const body = cut >= 0 ? inner.slice(0, cut) : inner;
      const alt = cut >= 0 ? inner.slice(cut + 2).replace(/^\s+/, '') : '';
      const drop = findPlaceholders(body).some((p) => isEmpty(resolver(p)));
      if (!drop) return body;
      changed = true;
      return alt;
    });
    INNER_CONDITIONAL_RE.lastIndex = 0;
  }
  return changed ? tidy(out) : out;
}

/** Splits text into plain runs and resolved placeholder runs ([[? … ]] clauses decided first). */
export function resolveText(input: string, resolver: Resolver): Run[] {
  const text = applyConditionals(input, resolver);
  const runs: Run[] = [];
  let at = 0;
  const plain = (s: string) => {
    if (!s) return;
    const last = runs[runs.length - 1];
    if (last && !last.placeholder) last.text += s;
    else runs.push({ text: s });
  };
  for (const p of findPlaceholders(text)) {
    plain(text.slice(at, p.start));
    const placeholder: Placeholder = { name: p.name, target: p.target, flags: p.flags };
    if (p.year !== undefined) placeholder.year = p.year;
    if (p.relYear !== undefined) placeholder.relYear = p.relYear;
    if (p.rows) placeholder.rows = p.rows;
    const r = resolver(placeholder);
    runs.push('missing' in r ? { text: missingFigureText(r.missing), placeholder, missing: true } : { text: r.text, placeholder });
    at = p.end;
  }
  plain(text.slice(at));
  return runs;
}

/** Joins runs back into a string (for previews, CLI output, the document model's text and tests). */
export function runsToText(runs: readonly { text: string }[]): string {
  return runs.map((r) => r.text).join('');
}

/** A row of a list as the resolver reads it. */
export interface ResolverListRow {
  listId: string;
  unitId: number | null;
  order: number;
  values: Record<string, string>;
}

export interface ResolverContext {
  template: Template;
  aggregation: Aggregation;
  period: Period;
  /** The year's regime (request, recipient); the template's default when absent. */
  regime?: Regime;
  /** The year's setting "pad counts below 10". */
  padCounts: boolean;
  padAllMonths?: boolean;
  /** Further fields (issuer.name, …) or overrides, inserted verbatim. */
  fields?: Record<string, string>;
  /** Rows of the year's lists, for `rows` and `count`. */
  lists?: ResolverListRow[];
  /** A unit's name mid-sentence, from its id or code. */
  unitName?: (idOrCode: string) => string;
  /**
   * Units that sent figures for the period. A figure they left blank ("-", "x": no such activity) reads as
   * none rather than as a missing return.
   */
  returnedUnitIds?: ReadonlySet<number>;
  /** The appendices the report has, with their labels ("Phụ lục I"). */
  appendices?: { id: string; label: string }[];
  /**
   * The totals of the year before the period's last year, when the period does not hold it (read from that year's
   * sealed file); `values[code]` null or absent: no value, and `{{prev}}`/`{{change}}` print the missing marker.
   */
  previous?: { year: number; values: Record<string, string | null> } | null;
}

/** "năm 2026" for a single year, "giai đoạn 2021 - 2023" otherwise. */
export function periodLabel(period: Period): string {
  return period.fromYear === period.toYear
    ? `năm ${formatYear(period.fromYear)}`
    : `giai đoạn ${formatYear(period.fromYear)} - ${formatYear(period.toYear)}`;
}

function builtInFields(ctx: ResolverContext, pad: boolean): Record<string, string> {
  const years = periodYears(ctx.period);
  const { fromYear, toYear } = ctx.period;
  const out: Record<string, string> = {
    'period.years': formatCount(years.length, pad),
    'period.from': formatYear(fromYear),
    'period.to': formatYear(toYear),
    'period.range': fromYear === toYear ? formatYear(fromYear) : `${formatYear(fromYear)} - ${formatYear(toYear)}`,
    'period.label': periodLabel(ctx.period),
    'period.previous': formatYear(fromYear - 1),
  };
  years.forEach((y, i) => (out[`period.year${i + 1}`] = formatYear(y)));
  const regime = ctx.regime ?? ctx.template.regime;
  const req = regime.request;
  if (req) {
    out['request.number'] = req.number;
    out['request.date'] = isValidIsoDate(req.date) ? formatBodyDate(req.date, { padAllMonths: ctx.padAllMonths }) : req.date;
    out['request.body'] = req.body;
    out['request.subject'] = req.subject;
  }
  if (regime.recipient.trim()) out['report.recipient'] = regime.recipient.trim();
  return out;
}

const capFirst = (s: string) => (s ? s[0].toLocaleUpperCase('vi') + s.slice(1) : s);

/** The calendar year a placeholder asks for, or null when a relative year falls outside the period. */
function yearOf(p: Placeholder, period: Period): number | null {
  if (p.relYear === undefined) return p.year ?? WHOLE_PERIOD;
  const y = period.fromYear + p.relYear - 1;
  return y <= period.toYear ? y : null;
}

function filterValue(v: string, period: Period): string {
  const m = /^@([1-9])$/.exec(v.trim());
  return m ? String(period.fromYear + Number(m[1]) - 1) : v.trim();
}

function matchingRows(ctx: ResolverContext, p: Placeholder): ResolverListRow[] {
  const filters = Object.entries(p.rows?.filters ?? {}).map(([k, v]) => [k, filterValue(v, ctx.period).toLocaleLowerCase('vi')] as const);
  return (ctx.lists ?? [])
    .filter((r) => r.listId === p.name)
    .filter((r) => filters.every(([k, v]) => (r.values[k] ?? '').trim().toLocaleLowerCase('vi') === v))
    .sort((a, b) => a.order - b.order);
}

function rowText(ctx: ResolverContext, p: Placeholder, row: ResolverListRow): string {
  const list = ctx.template.lists.find((l) => l.id === p.name);
  return (p.rows?.pattern ?? '').replace(/\[([a-zA-Z0-9]+)\]/g, (_m, key: string) => {
    const col = list?.columns.find((c) => c.key === key);
    const v = (row.values[key] ?? '').trim();
    if (!v) return '';
    if (col?.type === 'date' && isValidIsoDate(v)) return formatBodyDate(v, { padAllMonths: ctx.padAllMonths });
    if (col?.type === 'unit') return ctx.unitName ? ctx.unitName(v) : v;
    return v;
  });
}

/** "a, b và c" */
export function joinItems(items: string[], sep = ', ', last = ' và '): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(sep)}${last}${items[items.length - 1]}`;
}

/** The value of the year before the period's last year: from the period's own slot, else from `previous`. */
function previousValue(ctx: ResolverContext, ind: Indicator): string | null {
  const y = ctx.period.toYear - 1;
  if (y >= ctx.period.fromYear) return ind.byYear ? aggregatedValue(ctx.aggregation, ind.code, y) : null;
  return ctx.previous?.year === y ? (ctx.previous.values[ind.code] ?? null) : null;
}

/** The value of the period's last year: the period's when it is one year, else its last year's slot. */
function lastYearValue(ctx: ResolverContext, ind: Indicator): string | null {
  if (ctx.period.fromYear === ctx.period.toYear) return aggregatedValue(ctx.aggregation, ind.code);
  return ind.byYear ? aggregatedValue(ctx.aggregation, ind.code, ctx.period.toYear) : null;
}

/**
 * "tăng 5,6% so với năm 2024", "giảm 3,1% so với năm 2024", "bằng năm 2024", from yearChange (shared with the
 * comparison table): a percentage rounded like every other, a ratio in percentage points, from 0 the quantity itself.
 */
export function changeText(ind: Indicator, current: string, previous: string, previousYear: number, options: ValueFormatOptions): string | null {
  const c = yearChange(ind.kind, current, previous);
  if (!c) return null;
  if (c.dir === 0) return `bằng năm ${formatYear(previousYear)}`;
  const word = c.dir > 0 ? 'tăng' : 'giảm';
  const than = `so với năm ${formatYear(previousYear)}`;
  if (c.by === 'points') return `${word} ${formatNumber(c.value)} điểm phần trăm ${than}`;
  if (c.by === 'amount') return `${word} ${formatIndicatorValue(ind, c.value, { ...options, padCounts: false })} ${than}`;
  return isZero(c.value) ? `${word} dưới 0,1% ${than}` : `${word} ${formatPercent(c.value)} ${than}`;
}

/** The standard resolver: indicator values from the aggregation, fields from the period, the regime, `fields` and lists. */
export function createResolver(ctx: ResolverContext): Resolver {
  const byCode = new Map(ctx.template.indicators.map((i) => [i.code, i]));
  const resolve = (p: Placeholder): Resolution => {
    const pad = p.flags.includes('pad') || (ctx.padCounts && !p.flags.includes('nopad'));
    if (p.target === 'appendix') {
      const a = ctx.appendices?.find((x) => x.id === p.name);
      return a ? { text: a.label } : { missing: `phụ lục ${p.name}` };
    }
    if (p.target === 'rows' || p.target === 'count') {
      const list = ctx.template.lists.find((l) => l.id === p.name);
      if (!list) return { missing: p.name };
      const rows = matchingRows(ctx, p);
      if (p.target === 'count') return { text: formatCount(rows.length, pad), empty: rows.length === 0 };
      if (rows.length === 0) return { missing: list.label };
      return { text: joinItems(rows.map((r) => rowText(ctx, p, r)), p.rows?.sep, p.rows?.last) };
    }
    if (p.target === 'prev' || p.target === 'change') {
      const ind = byCode.get(p.name);
      if (!ind) return { missing: p.name };
      const py = ctx.period.toYear - 1;
      const prev = previousValue(ctx, ind);
      if (prev === null) return { missing: `${ind.label} năm ${py}` };
      const options = { padCounts: pad, nopad: p.flags.includes('nopad'), padAllMonths: ctx.padAllMonths };
      const quantity = ind.kind === 'count' || ind.kind === 'decimal' || ind.kind === 'ratio';
      if (p.target === 'prev') return { text: formatIndicatorValue(ind, prev, options), empty: quantity && isZero(prev) };
      const current = lastYearValue(ctx, ind);
      if (current === null || !quantity) return { missing: `${ind.label} năm ${ctx.period.toYear}` };
      const text = changeText(ind, current, prev, py, options);
      return text === null ? { missing: `${ind.label} năm ${ctx.period.toYear}` } : { text };
    }
    if (p.target === 'field') {
      const value = ctx.fields?.[p.name] ?? builtInFields(ctx, pad)[p.name];
      return value !== undefined && value !== '' ? { text: value } : { missing: CONTEXT_FIELDS[p.name] ?? p.name };
    }
    const ind = byCode.get(p.name);
    if (!ind) return { missing: p.name };
    const year = yearOf(p, ctx.period);
    if (year === null) return { missing: `${ind.label} năm thứ ${p.relYear} của kỳ báo cáo` };
    const label = year !== WHOLE_PERIOD ? `${ind.label} năm ${year}` : ind.label;
    const value = aggregatedValue(ctx.aggregation, p.name, year);
    const options = { padCounts: pad, nopad: p.flags.includes('nopad'), padAllMonths: ctx.padAllMonths };
    if (value === null) {
      const agg = ctx.aggregation.indicators[p.name];
      const slot = year === WHOLE_PERIOD ? agg?.period : agg?.years[year];
      const returned = ctx.returnedUnitIds;
      const numeric = ind.kind === 'count' || ind.kind === 'decimal';
      // Every unit expected to report it sent its return and left it blank: none, not a missing figure.
      if (numeric && returned && slot && slot.missingUnitIds.length > 0 && slot.missingUnitIds.every((id) => returned.has(id)))
        return { text: formatIndicatorValue(ind, '0', options), empty: true };
      return { missing: label };
    }
    const zero = (ind.kind === 'count' || ind.kind === 'decimal') && Number(value) === 0;
    return { text: formatIndicatorValue(ind, value, options), empty: zero };
  };
  return (p) => {
    const r = resolve(p);
    return 'text' in r && p.flags.includes('cap') ? { ...r, text: capFirst(r.text) } : r;
  };
}

/**
 * Vietnamese errors for placeholders that cannot be resolved: malformed ones, unknown indicator codes or
 * fields, unknown flags, a year on something not entered by year, a year outside the template's period.
 */
export function validatePlaceholders(text: string, template: Template, extraFields: string[] = []): string[] {
  const errors: string[] = [];
  const good = new Set(findPlaceholders(text).map((p) => p.start));
  for (const m of text.matchAll(ATTEMPT_RE))
    if (!good.has(m.index ?? -1))
      errors.push(`Trường thay thế “${m[0]}” không đúng cú pháp (ví dụ đúng: {{TONG_DON}}, {{TONG_DON@2022}}, {{period.years}})`);

  const opens = text.split('[[?').length - 1;
  const closes = text.split(']]').length - 1;
  if (opens !== closes) errors.push('Đoạn điều kiện “[[? … ]]” chưa đóng bằng “]]”');

  const byCode = new Map(template.indicators.map((i) => [i.code, i]));
  const fields = new Set([...Object.keys(CONTEXT_FIELDS), ...extraFields]);
  const { fromYear, toYear } = template.regime.period;
  for (const p of findPlaceholders(text)) {
    if (p.target === 'appendix') {
      if (!template.appendices.some((a) => a.id === p.name)) errors.push(`Không có phụ lục “${p.name}” trong mẫu báo cáo (${p.raw})`);
    } else if (p.target === 'rows' || p.target === 'count') {
      const list = template.lists.find((l) => l.id === p.name);
      if (!list) {
        errors.push(`Không có danh sách “${p.name}” trong mẫu báo cáo (${p.raw})`);
        continue;
      }
      const keys = new Set(list.columns.map((c) => c.key));
      const refs = [...(p.rows?.pattern ?? '').matchAll(/\[([a-zA-Z0-9]+)\]/g)].map((m) => m[1]);
      for (const k of [...refs, ...Object.keys(p.rows?.filters ?? {})])
        if (!keys.has(k)) errors.push(`Danh sách “${list.label}” không có cột “${k}” (${p.raw})`);
      if (p.target === 'rows' && refs.length === 0) errors.push(`Chưa ghi cách viết mỗi dòng, ví dụ “số [soKyHieu] ngày [ngay]” (${p.raw})`);
    } else if (p.target === 'prev' || p.target === 'change') {
      const ind = byCode.get(p.name);
      if (!ind) errors.push(`Không có chỉ tiêu mã “${p.name}” trong mẫu báo cáo (${p.raw})`);
      else if (fromYear !== toYear && !ind.byYear)
        errors.push(`Chỉ tiêu “${ind.label}” không nhập theo từng năm nên không so sánh được với năm trước trong kỳ ${fromYear} - ${toYear} (${p.raw})`);
      else if (p.target === 'change' && !['count', 'decimal', 'ratio'].includes(ind.kind))
        errors.push(`Chỉ tiêu “${ind.label}” không phải số nên không tính được mức tăng, giảm (${p.raw})`);
    } else if (p.target === 'indicator') {
      const ind = byCode.get(p.name);
      const at = p.year ?? p.relYear;
      if (!ind) errors.push(`Không có chỉ tiêu mã “${p.name}” trong mẫu báo cáo (${p.raw})`);
      else if (at !== undefined && !ind.byYear)
        errors.push(`Chỉ tiêu “${ind.label}” không nhập theo từng năm nên không dùng được “@${at}” (${p.raw})`);
      else if (p.year !== undefined && (p.year < fromYear || p.year > toYear))
        errors.push(`Năm ${p.year} nằm ngoài kỳ báo cáo ${fromYear} - ${toYear} (${p.raw})`);
    } else {
      if (!fields.has(p.name) && !/^period\.year[1-9]$/.test(p.name))
        errors.push(`Không có trường “${p.name}” (${p.raw}). Các trường dùng được: ${[...fields].join(', ')}`);
      if (p.year !== undefined || p.relYear !== undefined) errors.push(`Trường “${p.name}” không có giá trị theo năm (${p.raw})`);
    }
    for (const f of p.flags)
      if (!(PLACEHOLDER_FLAGS as readonly string[]).includes(f))
        errors.push(`Cờ “${f}” không hợp lệ trong ${p.raw}; chỉ dùng: ${PLACEHOLDER_FLAGS.join(', ')}`);
  }
  return errors;
}

/** Validates every text of a template that may hold placeholders, naming where each error is. */
export function validateTemplatePlaceholders(template: Template, extraFields: string[] = []): { where: string; message: string }[] {
  const out: { where: string; message: string }[] = [];
  const check = (where: string, text: string) =>
    validatePlaceholders(text, template, extraFields).forEach((message) => out.push({ where, message }));
  const checkBlocks = (where: string, blocks: NarrativeBlock[]) => blocks.forEach((b, i) => check(`${where}, đoạn ${i + 1}`, b.text));
  check('Tiêu đề', template.title.subject);
  checkBlocks('Phần mở đầu', template.opening);
  const walk = (sections: Section[]) =>
    sections.forEach((s) => {
      const where = `Mục ${s.number} ${s.heading}`.trim();
      check(`${where}, tên mục`, s.heading);
      checkBlocks(where, s.narrative);
      walk(s.children);
    });
  walk(template.outline);
  checkBlocks('Phần kết', template.closing);
  template.appendices.forEach((a) => check(`Phụ lục ${a.id}, tên phụ lục`, a.title));
  return out;
}
