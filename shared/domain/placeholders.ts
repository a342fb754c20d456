/**
 * Placeholders in narrative text:
 *   {{CODE}}            period total of an indicator (a name starting with an uppercase letter)
 *   {{CODE@2021}}       its value for one year
 *   {{CODE|nopad}}      flags after "|", comma-separated: `nopad` (no leading zero), `pad` (force one)
 *   {{period.years}}    a context field (lowercase, dotted)
 * Text is resolved into runs rather than a flat string so that the document model can style a value, and a
 * missing figure becomes the visible "[chưa có số liệu: …]" instead of a plausible-looking 0.
 */
import { aggregatedValue, formatIndicatorValue, missingFigureText, type Aggregation } from './aggregate';
import { type Period, WHOLE_PERIOD, periodYears } from './records';
import type { NarrativeBlock, Section, Template } from './template';
import { formatBodyDate, isValidIsoDate } from '../format/date';
import { formatCount, formatYear } from '../format/number';

export interface Placeholder {
  name: string;
  target: 'indicator' | 'field';
  year?: number;
  flags: string[];
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

/** What a resolver gives back: the text to print, or the label of what is missing. */
export type Resolution = { text: string } | { missing: string };
export type Resolver = (p: Placeholder) => Resolution;

export const PLACEHOLDER_FLAGS = ['nopad', 'pad'] as const;

/** Context fields a template may use, with the Vietnamese label shown when one has no value. */
export const CONTEXT_FIELDS: Record<string, string> = {
  'period.years': 'số năm của kỳ báo cáo',
  'period.from': 'năm bắt đầu kỳ báo cáo',
  'period.to': 'năm kết thúc kỳ báo cáo',
  'period.range': 'kỳ báo cáo',
  'request.number': 'số văn bản đề nghị báo cáo',
  'request.date': 'ngày văn bản đề nghị báo cáo',
  'request.body': 'cơ quan đề nghị báo cáo',
  'request.subject': 'trích yếu văn bản đề nghị báo cáo',
  'issuer.name': 'tên cơ quan ban hành',
  'issuer.place': 'địa danh',
};

const CODE_RE = /^[A-Z][A-Z0-9_]*$/;
const FIELD_RE = /^[a-z][a-zA-Z0-9]*(?:\.[a-z][a-zA-Z0-9]*)*$/;
const PLACEHOLDER_RE = /\{\{\s*([A-Za-z][A-Za-z0-9_.]*)\s*(?:@\s*(\d{4})\s*)?(?:\|\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)\s*)?\}\}/g;
/** Anything that looks like an attempt at a placeholder, for reporting the malformed ones. */
const ATTEMPT_RE = /\{\{[^{}]*\}\}|\{\{|\}\}/g;

function toPlaceholder(m: RegExpExecArray): PlaceholderMatch | null {
  const name = m[1];
  const target = CODE_RE.test(name) ? 'indicator' : FIELD_RE.test(name) ? 'field' : null;
  if (!target) return null;
  const flags = m[3] ? m[3].split(',').map((f) => f.trim()) : [];
  const p: PlaceholderMatch = { name, target, flags, start: m.index, end: m.index + m[0].length, raw: m[0] };
  if (m[2]) p.year = Number(m[2]);
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

/** Splits text into plain runs and resolved placeholder runs. */
export function resolveText(text: string, resolver: Resolver): Run[] {
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
    const r = resolver(placeholder);
    runs.push('missing' in r ? { text: missingFigureText(r.missing), placeholder, missing: true } : { text: r.text, placeholder });
    at = p.end;
  }
  plain(text.slice(at));
  return runs;
}

/** Joins runs back into a string (for previews, CLI output and tests). */
export function runsToText(runs: Run[]): string {
  return runs.map((r) => r.text).join('');
}

export interface ResolverContext {
  template: Template;
  aggregation: Aggregation;
  period: Period;
  /** The year's setting "pad counts below 10". */
  padCounts: boolean;
  padAllMonths?: boolean;
  /** Further fields (issuer.name, …) or overrides, inserted verbatim. */
  fields?: Record<string, string>;
}

function builtInFields(ctx: ResolverContext, pad: boolean): Record<string, string> {
  const years = periodYears(ctx.period);
  const { fromYear, toYear } = ctx.period;
  const out: Record<string, string> = {
    'period.years': formatCount(years.length, pad),
    'period.from': formatYear(fromYear),
    'period.to': formatYear(toYear),
    'period.range': fromYear === toYear ? formatYear(fromYear) : `${formatYear(fromYear)} - ${formatYear(toYear)}`,
  };
  const req = ctx.template.regime.request;
  if (req) {
    out['request.number'] = req.number;
    out['request.date'] = isValidIsoDate(req.date) ? formatBodyDate(req.date, { padAllMonths: ctx.padAllMonths }) : req.date;
    out['request.body'] = req.body;
    out['request.subject'] = req.subject;
  }
  return out;
}

/** The standard resolver: indicator values from the aggregation, fields from the period, the request and `fields`. */
export function createResolver(ctx: ResolverContext): Resolver {
  const byCode = new Map(ctx.template.indicators.map((i) => [i.code, i]));
  return (p) => {
    const pad = p.flags.includes('pad') || (ctx.padCounts && !p.flags.includes('nopad'));
    if (p.target === 'field') {
      const value = ctx.fields?.[p.name] ?? builtInFields(ctx, pad)[p.name];
      return value !== undefined && value !== '' ? { text: value } : { missing: CONTEXT_FIELDS[p.name] ?? p.name };
    }
    const ind = byCode.get(p.name);
    if (!ind) return { missing: p.name };
    const value = aggregatedValue(ctx.aggregation, p.name, p.year ?? WHOLE_PERIOD);
    if (value === null) return { missing: p.year ? `${ind.label} năm ${p.year}` : ind.label };
    return {
      text: formatIndicatorValue(ind, value, {
        padCounts: pad,
        nopad: p.flags.includes('nopad'),
        padAllMonths: ctx.padAllMonths,
      }),
    };
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
      errors.push(`Trường thay thế "${m[0]}" không đúng cú pháp (ví dụ đúng: {{TONG_DON}}, {{TONG_DON@2022}}, {{period.years}})`);

  const byCode = new Map(template.indicators.map((i) => [i.code, i]));
  const fields = new Set([...Object.keys(CONTEXT_FIELDS), ...extraFields]);
  const { fromYear, toYear } = template.regime.period;
  for (const p of findPlaceholders(text)) {
    if (p.target === 'indicator') {
      const ind = byCode.get(p.name);
      if (!ind) errors.push(`Không có chỉ tiêu mã "${p.name}" trong mẫu báo cáo (${p.raw})`);
      else if (p.year !== undefined && !ind.byYear)
        errors.push(`Chỉ tiêu "${ind.label}" không nhập theo từng năm nên không dùng được "@${p.year}" (${p.raw})`);
      else if (p.year !== undefined && (p.year < fromYear || p.year > toYear))
        errors.push(`Năm ${p.year} nằm ngoài kỳ báo cáo ${fromYear} - ${toYear} (${p.raw})`);
    } else {
      if (!fields.has(p.name))
        errors.push(`Không có trường "${p.name}" (${p.raw}). Các trường dùng được: ${[...fields].join(', ')}`);
      if (p.year !== undefined) errors.push(`Trường "${p.name}" không có giá trị theo năm (${p.raw})`);
    }
    for (const f of p.flags)
      if (!(PLACEHOLDER_FLAGS as readonly string[]).includes(f))
        errors.push(`Cờ "${f}" không hợp lệ trong ${p.raw}; chỉ dùng: ${PLACEHOLDER_FLAGS.join(', ')}`);
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
  return out;
}
