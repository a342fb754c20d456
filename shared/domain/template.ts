/**
 * The report template format: a superior body's outline, indicators, lists, rules and appendices, kept as data.
 * A template is copied into a year when chosen, so a year keeps the template it was made with.
 */
import { z } from 'zod';

export const TEMPLATE_FORMAT_VERSION = 1;

/** Kinds of reporting units. `office` is the compiling office itself (e.g. Văn phòng HĐND và UBND). */
export const UNIT_KINDS = ['office', 'co-quan-chuyen-mon', 'don-vi-su-nghiep', 'phuong', 'xa', 'khac'] as const;
export const UnitKind = z.enum(UNIT_KINDS);
export type UnitKind = z.infer<typeof UnitKind>;

export const UNIT_KIND_LABELS: Record<UnitKind, string> = {
  office: 'Cơ quan tổng hợp',
  'co-quan-chuyen-mon': 'Cơ quan chuyên môn',
  'don-vi-su-nghiep': 'Đơn vị sự nghiệp',
  phuong: 'Phường',
  xa: 'Xã',
  khac: 'Khác',
};

const Code = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]*$/, 'Mã chỉ tiêu chỉ gồm chữ in hoa không dấu, chữ số và dấu gạch dưới, bắt đầu bằng chữ cái');
const Id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'Mã chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang');
/** ISO date yyyy-mm-dd. */
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày phải có dạng yyyy-mm-dd');

export const IndicatorKind = z.enum(['count', 'decimal', 'ratio', 'text', 'date', 'docref']);
export type IndicatorKind = z.infer<typeof IndicatorKind>;

export const Indicator = z
  .object({
    code: Code,
    label: z.string().min(1),
    /** Unit of measure as written in the report: đơn, vụ, lượt người, kỳ, mô hình, văn bản, ha, người, %… */
    unit: z.string(),
    kind: IndicatorKind,
    /** Outline section id under which the indicator is shown in forms. */
    section: Id,
    /** Entered once per year of the period (true) or once for the whole period (false). */
    byYear: z.boolean().default(false),
    /** Which unit kinds report it; `office` alone means the office enters it itself. */
    reporters: z.array(UnitKind).min(1),
    /** How values of several units and years combine. `none`: only the office's own value counts. */
    aggregate: z.enum(['sum', 'max', 'none']).default('sum'),
    /** Decimal places kept for `decimal` (e.g. 2 for hectares). */
    decimals: z.number().int().min(0).max(6).optional(),
    /** For `ratio`: the two indicators whose quotient (×100) this is. */
    ratio: z.object({ numerator: Code, denominator: Code }).optional(),
    /** Never pad with a leading zero (areas, population). Counts below 10 are padded per the year's setting. */
    noPad: z.boolean().optional(),
    /** A short column label for tables by unit ("Kỳ tiếp"); the full label goes into the table's legend. */
    shortLabel: z.string().optional(),
    note: z.string().optional(),
  })
  .superRefine((ind, ctx) => {
    if (ind.kind === 'ratio' && !ind.ratio)
      ctx.addIssue({ code: 'custom', message: `Chỉ tiêu tỷ lệ ${ind.code} phải khai báo tử số và mẫu số`, path: ['ratio'] });
    if (ind.kind !== 'ratio' && ind.ratio)
      ctx.addIssue({ code: 'custom', message: `Chỉ tiêu ${ind.code} không phải tỷ lệ nhưng có khai báo tử số, mẫu số`, path: ['ratio'] });
  });
export type Indicator = z.infer<typeof Indicator>;

const RuleBase = {
  id: Id,
  /** Vietnamese message shown next to a cell that breaks the rule. */
  message: z.string().min(1),
  /** Where the rule is checked: each unit's figures, the totals, or both. */
  scope: z.enum(['unit', 'total', 'both']).default('both'),
  severity: z.enum(['error', 'warning']).default('error'),
};

/** Rules between indicators. Non-negative integers for counts are implied by the kind and need no rule. */
export const Rule = z.discriminatedUnion('kind', [
  /** total = part1 + part2 + … */
  z.object({ ...RuleBase, kind: z.literal('sum'), total: Code, parts: z.array(Code).min(1) }),
  /** left ≤ right */
  z.object({ ...RuleBase, kind: z.literal('lte'), left: Code, right: Code }),
  /** left = right */
  z.object({ ...RuleBase, kind: z.literal('eq'), left: Code, right: Code }),
]);
export type Rule = z.infer<typeof Rule>;

export const ListColumn = z.object({
  key: z.string().regex(/^[a-z][a-zA-Z0-9]*$/),
  label: z.string().min(1),
  type: z.enum(['text', 'date', 'docref', 'number', 'choice', 'unit']),
  /** For `choice`: the allowed values (drop-down in forms). */
  options: z.array(z.string().min(1)).optional(),
  required: z.boolean().default(false),
  /** Relative width in tables (appendix, forms). */
  width: z.number().positive().optional(),
});
export type ListColumn = z.infer<typeof ListColumn>;

export const ListDef = z.object({
  id: Id,
  label: z.string().min(1),
  section: Id,
  reporters: z.array(UnitKind).min(1),
  columns: z.array(ListColumn).min(1),
  /** An indicator that must equal the number of rows (e.g. number of documents issued). */
  countIndicator: Code.optional(),
});
export type ListDef = z.infer<typeof ListDef>;

/**
 * Narrative: paragraphs and "-"/"+" items. Text may hold placeholders:
 *   {{CODE}}          the period total of an indicator, formatted (counts padded per setting)
 *   {{CODE@2021}}     the value for one year
 *   {{CODE|nopad}}    without the leading zero
 *   {{period.years}}  and other context fields (see shared/domain/placeholders.ts)
 */
export const NarrativeBlock = z.object({
  style: z.enum(['p', 'dash', 'plus']).default('p'),
  text: z.string(),
});
export type NarrativeBlock = z.infer<typeof NarrativeBlock>;

export interface Section {
  id: string;
  /** The numbering as the requesting body wrote it: "I.", "1.", "2.1.", "a)". */
  number: string;
  heading: string;
  narrative: NarrativeBlock[];
  children: Section[];
}
export const Section: z.ZodType<Section> = z.lazy(() =>
  z.object({
    id: Id,
    number: z.string(),
    heading: z.string().min(1),
    narrative: z.array(NarrativeBlock).default([]),
    children: z.array(Section).default([]),
  }),
) as z.ZodType<Section>;

/** Ids of every section of an outline, at any depth. */
export function sectionIds(outline: Section[]): Set<string> {
  const ids = new Set<string>();
  const walk = (s: Section[]) => s.forEach((x) => (ids.add(x.id), walk(x.children)));
  walk(outline);
  return ids;
}

/** The opening and closing paragraphs of the body: edited like sections, their narratives kept under these ids. */
export const OPENING_ID = 'opening';
export const CLOSING_ID = 'closing';

/** What the clerk writes, in document order: the opening paragraphs, the outline, the closing paragraphs. */
export function narrativeSections(t: Pick<Template, 'outline' | 'opening' | 'closing'>): Section[] {
  return [
    { id: OPENING_ID, number: '', heading: 'Đoạn mở đầu', narrative: t.opening, children: [] },
    ...t.outline,
    { id: CLOSING_ID, number: '', heading: 'Đoạn kết', narrative: t.closing, children: [] },
  ];
}

export const AppendixDef = z.object({
  id: Id,
  title: z.string().min(1),
  source: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('list'), list: Id }),
    z.object({ kind: z.literal('indicators-by-unit'), indicators: z.array(Code).min(1) }),
  ]),
  landscape: z.boolean().default(false),
});
export type AppendixDef = z.infer<typeof AppendixDef>;

/** The regime fields of Nghị định 09/2019 that a template carries as defaults. */
export const Regime = z.object({
  reportName: z.string().min(1),
  reportType: z.enum(['dinh-ky', 'chuyen-de', 'dot-xuat', 'so-ket', 'tong-ket']),
  request: z
    .object({ number: z.string(), date: IsoDate, body: z.string(), subject: z.string() })
    .optional(),
  period: z.object({ fromYear: z.number().int(), toYear: z.number().int() }),
  cutoff: IsoDate.optional(),
  unitDeadline: IsoDate.optional(),
  officeDeadline: IsoDate.optional(),
  recipient: z.string().min(1),
  frequency: z.string().optional(),
  /** Phương thức gửi, nhận (ND 09): "Văn bản điện tử qua hệ thống quản lý văn bản và điều hành". */
  sendingMethod: z.string().optional(),
  /** Đối tượng thực hiện (ND 09): who reports. */
  reporters: z.string().optional(),
});
export type Regime = z.infer<typeof Regime>;

function shiftIso(iso: string | undefined, years: number): string | undefined {
  if (!iso || years === 0) return iso;
  const [y, m, d] = iso.split('-').map(Number);
  // 29/02 of a leap year becomes 28/02 when the target year has none.
  const leap = (x: number) => (x % 4 === 0 && x % 100 !== 0) || x % 400 === 0;
  const day = m === 2 && d === 29 && !leap(y + years) ? 28 : d;
  return `${String(y + years).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The year a template's default regime was written for: the year of its deadline to the superior. */
function regimeYear(r: Regime): number {
  const iso = r.officeDeadline ?? r.unitDeadline ?? r.cutoff;
  return iso ? Number(iso.slice(0, 4)) : r.period.toYear;
}

/** Why a period cannot be a reporting period, in Vietnamese; null when it can. The one rule, wherever it is set. */
export function periodProblem(p: Partial<{ fromYear: number; toYear: number }>): string | null {
  if (!p.fromYear || !p.toYear) return 'Nhập đủ năm bắt đầu và năm kết thúc của kỳ báo cáo.';
  if (p.toYear < p.fromYear) return 'Kỳ báo cáo: năm kết thúc phải từ năm bắt đầu trở đi.';
  if (p.toYear - p.fromYear > 9) return 'Kỳ báo cáo dài tối đa 10 năm.';
  return null;
}

/**
 * A template's default regime moved to a reporting year: the period, the cut-off and both deadlines keep their
 * distance to the year (an annual report for 2026 covers 2026 and is due in December 2026). The requesting
 * document of another year does not carry over.
 */
export function regimeForYear(template: Pick<Template, 'regime'>, year: number): Regime {
  const r = template.regime;
  const shift = year - regimeYear(r);
  if (shift === 0) return Regime.parse(r);
  const { request: _request, ...rest } = r;
  return Regime.parse({
    ...rest,
    period: { fromYear: r.period.fromYear + shift, toYear: r.period.toYear + shift },
    cutoff: shiftIso(r.cutoff, shift),
    unitDeadline: shiftIso(r.unitDeadline, shift),
    officeDeadline: shiftIso(r.officeDeadline, shift),
  });
}

/** The report's name for a period: "Báo cáo công tác dân vận chính quyền năm 2026", never "… năm, năm 2026". */
export function reportNameForPeriod(r: Regime): string {
  const name = r.reportName.trim().replace(/\s+(năm|hằng năm|hàng năm)$/i, '');
  const { fromYear, toYear } = r.period;
  return fromYear === toYear ? `${name} năm ${fromYear}` : `${name}, giai đoạn ${fromYear} - ${toYear}`;
}

export const Template = z
  .object({
    formatVersion: z.literal(TEMPLATE_FORMAT_VERSION),
    id: Id,
    version: z.number().int().positive(),
    name: z.string().min(1),
    description: z.string().default(''),
    regime: Regime,
    title: z.object({ kind: z.string().default('BÁO CÁO'), subject: z.string().min(1) }),
    opening: z.array(NarrativeBlock).default([]),
    outline: z.array(Section).min(1),
    closing: z.array(NarrativeBlock).default([]),
    indicators: z.array(Indicator),
    rules: z.array(Rule).default([]),
    lists: z.array(ListDef).default([]),
    appendices: z.array(AppendixDef).default([]),
  })
  .superRefine((t, ctx) => {
    const codes = new Set<string>();
    for (const [i, ind] of t.indicators.entries()) {
      if (codes.has(ind.code))
        ctx.addIssue({ code: 'custom', message: `Mã chỉ tiêu ${ind.code} bị trùng`, path: ['indicators', i, 'code'] });
      codes.add(ind.code);
    }
    const sections = sectionIds(t.outline);
    const listIds = new Set(t.lists.map((l) => l.id));
    const need = (code: string, path: (string | number)[]) => {
      if (!codes.has(code)) ctx.addIssue({ code: 'custom', message: `Chỉ tiêu ${code} chưa được khai báo`, path });
    };
    t.indicators.forEach((ind, i) => {
      if (!sections.has(ind.section))
        ctx.addIssue({ code: 'custom', message: `Mục ${ind.section} của chỉ tiêu ${ind.code} không có trong đề cương`, path: ['indicators', i, 'section'] });
      if (ind.ratio) {
        need(ind.ratio.numerator, ['indicators', i, 'ratio', 'numerator']);
        need(ind.ratio.denominator, ['indicators', i, 'ratio', 'denominator']);
      }
    });
    t.rules.forEach((r, i) => {
      const refs = r.kind === 'sum' ? [r.total, ...r.parts] : [r.left, r.right];
      refs.forEach((c) => need(c, ['rules', i]));
    });
    t.lists.forEach((l, i) => {
      if (!sections.has(l.section))
        ctx.addIssue({ code: 'custom', message: `Mục ${l.section} của danh sách ${l.id} không có trong đề cương`, path: ['lists', i, 'section'] });
      if (l.countIndicator) need(l.countIndicator, ['lists', i, 'countIndicator']);
    });
    t.appendices.forEach((a, i) => {
      if (a.source.kind === 'list' && !listIds.has(a.source.list))
        ctx.addIssue({ code: 'custom', message: `Phụ lục ${a.id} dùng danh sách ${a.source.list} chưa được khai báo`, path: ['appendices', i] });
      if (a.source.kind === 'indicators-by-unit') a.source.indicators.forEach((c) => need(c, ['appendices', i]));
    });
    const bad = periodProblem(t.regime.period);
    if (bad) ctx.addIssue({ code: 'custom', message: bad, path: ['regime', 'period'] });
  });
export type Template = z.infer<typeof Template>;
export type TemplateInput = z.input<typeof Template>;
