/**
 * The report as a document model: every element of a Báo cáo laid out per Nghị định 30/2020 (Phụ lục I), with
 * every placeholder already resolved into formatted text. Writers (.docx, .xlsx, previews) only lay this out;
 * they never format a number or decide what a heading looks like.
 *
 * Decisions:
 * - A figure nobody reported prints as "[chưa có số liệu: …]" with `missing: true`, never as 0.
 * - The narrative the clerk edited (narratives[sectionId]) replaces the template's default text. The keys
 *   "opening" and "closing" do the same for the opening and closing paragraphs.
 * - The heading level comes from the shape of the number the requesting body wrote: "I." → 1, "1." → 2,
 *   "2.1." → 3, "a)" → 4; anything else falls back to the depth in the outline.
 * - Number and date are left blank for the văn thư unless given ("Số:      /BC-UBND", "ngày      tháng …").
 * PURE: no Node, no DOM.
 */
import { aggregate } from '../domain/aggregate';
import { createResolver, resolveText, runsToText, type Run } from '../domain/placeholders';
import { issuerNameInText, issuerNames, unitNameInText } from './names';
import { indicatorAppendix, listAppendix, returnedUnits } from './appendices';
import type { FigureDto, UnitDto } from '../domain/records';
import type { Settings } from '../domain/settings';
import { periodYears } from '../domain/records';
import type { AppendixDef, NarrativeBlock, Regime, Section, Template } from '../domain/template';
import { blankHeaderDate, formatHeaderDate } from '../format/date';
import { formatDocumentNumber } from '../format/number';

/** The fixed words of every document (ND 30/2020): the national title, the motto and the recipients' label. */
export const NATIONAL_TITLE = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const MOTTO = 'Độc lập - Tự do - Hạnh phúc';
export const RECIPIENTS_LABEL = 'Nơi nhận:';

export interface TextRun {
  text: string;
  bold?: boolean;
  italic?: boolean;
  /** A figure or field nobody supplied: the text is the "[chưa có số liệu: …]" marker. */
  missing?: boolean;
  /** The run shows an indicator's value (year 0 = the period), so a preview can trace it to its sources. */
  figure?: { code: string; year: number };
  /** Written by the app from data but not an indicator's own value (a year-on-year change "tăng 5,6% so với năm 2024"). */
  generated?: boolean;
}

export type HeadingLevel = 1 | 2 | 3 | 4;
export type ParagraphStyle = NarrativeBlock['style'];

export interface HeadingBlock {
  kind: 'heading';
  level: HeadingLevel;
  sectionId: string;
  /** Runs including the number ("II. KẾT QUẢ 03 NĂM …"). */
  runs: TextRun[];
}

export interface ParagraphBlock {
  kind: 'paragraph';
  style: ParagraphStyle;
  /** Runs including the "- " / "+ " prefix of dash and plus items. */
  runs: TextRun[];
}

export type BodyBlock = HeadingBlock | ParagraphBlock;

export interface DocumentHeader {
  /** Cơ quan chủ quản, uppercase, printed non-bold above the issuer; "" when none. */
  superiorBody: string;
  /** Issuer, uppercase, one entry per printed line. */
  issuerLines: string[];
  /** "Số:      /BC-UBND" or "Số: 05/BC-UBND". */
  documentNumber: string;
  /** "Quảng Ngãi, ngày      tháng      năm 2024" or with the issue date filled. */
  placeDate: string;
}

export interface SignatureBlock {
  /** Full Nơi nhận lines: "- Sở Nội vụ Quảng Ngãi;", …, "- Lưu: VT, NV(CV,Chi)." */
  recipients: string[];
  authority: string;
  title: string;
  fullName: string;
}

export type CellAlign = 'left' | 'center' | 'right';

export interface TableColumn {
  label: string;
  align: CellAlign;
  /** Relative width. */
  width: number;
  numeric: boolean;
  /** Short codes that should not wrap (STT, số ký hiệu, dates, numbers): writers size the column to fit them. */
  nowrap?: boolean;
}

export interface TableCell {
  text: string;
  /** The number behind a numeric cell (for spreadsheets); null for text and empty cells. */
  value: number | null;
}

export interface TableRow {
  cells: TableCell[];
  /** The "Tổng cộng" row: bold. */
  total?: boolean;
}

export interface AppendixModel {
  id: string;
  /** "I", "II", … */
  numeral: string;
  /** "Phụ lục I" */
  label: string;
  /** Uppercase title. */
  title: string;
  /** "(Kèm theo Báo cáo số      /BC-UBND ngày      tháng      năm 2024 của Ủy ban nhân dân …)" */
  reference: string;
  landscape: boolean;
  columns: TableColumn[];
  rows: TableRow[];
  /** Full labels of columns shown by a short label: "(3) Tổng số đơn tiếp nhận (đơn)"; none when labels are full. */
  legend?: string[];
}

export interface ReportDocument {
  year: number;
  header: DocumentHeader;
  title: { kind: string; subject: TextRun[] };
  /** Opening paragraphs, then the outline's headings and paragraphs. */
  body: BodyBlock[];
  /** Closing paragraphs (the last one ends "./."). */
  closing: ParagraphBlock[];
  signature: SignatureBlock;
  appendices: AppendixModel[];
}

export interface ListRowInput {
  listId: string;
  unitId: number | null;
  order: number;
  values: Record<string, string>;
}

export interface BuildDocumentInput {
  template: Template;
  regime: Regime;
  settings: Settings;
  units: UnitDto[];
  figures: FigureDto[];
  narratives: Record<string, NarrativeBlock[]>;
  lists?: ListRowInput[];
  /** The reporting year (the year file), printed in the blank date line. */
  year: number;
  /** Issue date (ISO) when the number has been given; blank otherwise. */
  issueDate?: string;
  documentNumber?: number;
  padAllMonths?: boolean;
  /** The previous year's totals when the period does not hold it, for `{{prev CODE}}` and `{{change CODE}}`. */
  previous?: { year: number; values: Record<string, string | null> } | null;
}

const ROMAN: [number, string][] = [
  [1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'],
  [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I'],
];

export function toRoman(n: number): string {
  let out = '';
  let rest = n;
  for (const [v, s] of ROMAN)
    while (rest >= v) {
      out += s;
      rest -= v;
    }
  return out;
}

const upper = (s: string) => s.toLocaleUpperCase('vi');

export { issuerNameInText };

/**
 * The fields the settings and the year's regime give to placeholders: the issuer, its short form and locality,
 * the superior, the party committee, the place (see shared/report/names.ts).
 */
export function reportFields(settings: Settings): Record<string, string> {
  const n = issuerNames(settings);
  const fields: Record<string, string> = {
    'issuer.name': n.name,
    'issuer.short': n.short,
    'issuer.area': n.area,
    'issuer.head': n.head,
    'superior.name': n.superior,
    'superior.short': n.superiorShort,
    'party.committee': n.party,
  };
  if (settings.placeName.trim()) fields['issuer.place'] = settings.placeName.trim();
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v.trim() !== ''));
}

/** Heading level from the numbering shape; `depth` (1-based) when the number says nothing. */
export function headingLevel(number: string, depth: number): HeadingLevel {
  const n = number.trim();
  if (/^[IVXLCDM]+\.?$/.test(n)) return 1;
  if (/^\d+\.?$/.test(n)) return 2;
  if (/^\d+(\.\d+)+\.?$/.test(n)) return 3;
  if (/^[a-zđ]\)$/i.test(n) || /^[a-zđ]\.$/i.test(n)) return 4;
  return Math.min(Math.max(depth, 1), 4) as HeadingLevel;
}

function toTextRuns(runs: Run[], style: Omit<TextRun, 'text'> = {}): TextRun[] {
  return runs.map((r) => ({
    ...style,
    text: r.text,
    ...(r.missing ? { missing: true } : {}),
    ...(r.placeholder && (r.placeholder.target === 'prev' || r.placeholder.target === 'change')
      ? { generated: true }
      : r.placeholder && r.placeholder.target !== 'field'
        ? { figure: { code: r.placeholder.name, year: r.placeholder.year ?? 0 } }
        : {}),
  }));
}

function documentNumberText(settings: Settings, number?: number): string {
  if (number !== undefined) return `Số: ${formatDocumentNumber(number, settings.documentSymbol)}`;
  return `Số:${' '.repeat(6)}/${settings.documentSymbol}`;
}

function placeDateText(settings: Settings, year: number, issueDate?: string, padAllMonths?: boolean): string {
  const place = settings.placeName.trim() || undefined;
  return issueDate ? formatHeaderDate(issueDate, { place, padAllMonths }) : blankHeaderDate(year, place);
}

/** "(Kèm theo Báo cáo số      /BC-UBND ngày      tháng      năm 2024 của Ủy ban nhân dân thành phố Quảng Ngãi)" */
function appendixReference(input: BuildDocumentInput, kind: string): string {
  const { settings } = input;
  const num = input.documentNumber !== undefined ? formatDocumentNumber(input.documentNumber, settings.documentSymbol) : `${' '.repeat(6)}/${settings.documentSymbol}`;
  const date = input.issueDate ? formatHeaderDate(input.issueDate, { padAllMonths: input.padAllMonths }) : blankHeaderDate(input.year);
  const kindText = kind.charAt(0) + kind.slice(1).toLocaleLowerCase('vi');
  const issuer = issuerNames(settings).name;
  return `(Kèm theo ${kindText} số${num.startsWith(' ') ? '' : ' '}${num} ${date}${issuer ? ` của ${issuer}` : ''})`;
}

function recipientLines(settings: Settings): string[] {
  const items = settings.recipients.map((r) => r.trim().replace(/^-\s*/, '').replace(/[;.]\s*$/, '')).filter(Boolean);
  return [...items.map((r) => `- ${r};`), `- Lưu: ${settings.draftingUnit.trim() ? `VT, ${settings.draftingUnit.trim()}` : 'VT'}.`];
}

export function buildDocument(input: BuildDocumentInput): ReportDocument {
  const { template, regime, settings, units, figures, narratives } = input;
  const period = regime.period;
  const agg = aggregate(template, units, figures, period);
  const single = template.appendices.length === 1;
  const appendixLabels = template.appendices.map((a, i) => ({ id: a.id, numeral: single ? '' : toRoman(i + 1), label: single ? 'Phụ lục' : `Phụ lục ${toRoman(i + 1)}` }));
  const byId = new Map(units.map((u) => [String(u.id), u.name]));
  const byCode = new Map(units.map((u) => [u.code, u.name]));
  const resolver = createResolver({
    template,
    regime,
    aggregation: agg,
    period,
    padCounts: settings.padCounts,
    padAllMonths: input.padAllMonths,
    fields: reportFields(settings),
    lists: input.lists,
    unitName: (v) => unitNameInText(byId.get(v) ?? byCode.get(v) ?? v),
    returnedUnitIds: returnedUnits(figures, periodYears(period)),
    appendices: appendixLabels,
    previous: input.previous,
  });
  const resolve = (text: string) => resolveText(text, resolver);

  const paragraphs = (blocks: NarrativeBlock[]): ParagraphBlock[] =>
    blocks
      .filter((b) => b.text.trim() !== '')
      .map((b): ParagraphBlock => {
        const runs = toTextRuns(resolve(b.text.trim()));
        const prefix = b.style === 'dash' ? '- ' : b.style === 'plus' ? '+ ' : '';
        if (prefix && runs.length) runs.unshift({ text: prefix });
        return { kind: 'paragraph', style: b.style, runs };
      })
      // A paragraph made only of clauses that dropped (no activity) leaves nothing to print.
      .filter((p) => runsToText(p.runs).trim() !== '');

  const body: BodyBlock[] = [...paragraphs(narratives.opening ?? template.opening)];
  const walk = (sections: Section[], depth: number) => {
    for (const s of sections) {
      const level = headingLevel(s.number, depth);
      // ND 30: "a)" points are upright and regular; headings above them bold.
      const style = { bold: level <= 3 ? true : undefined };
      const clean = (r: TextRun): TextRun => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as unknown as TextRun;
      const headingRuns = toTextRuns(resolve(s.heading.trim()), style).map((r) => clean(level === 1 && !r.missing ? { ...r, text: upper(r.text) } : r));
      const number = s.number.trim();
      if (number) headingRuns.unshift(clean({ text: `${number} `, ...style }));
      body.push({ kind: 'heading', level, sectionId: s.id, runs: headingRuns });
      body.push(...paragraphs(narratives[s.id] ?? s.narrative));
      walk(s.children, depth + 1);
    }
  };
  walk(template.outline, 1);

  const closing = paragraphs(narratives.closing ?? template.closing);
  const last = closing[closing.length - 1];
  if (last) {
    const tail = last.runs[last.runs.length - 1];
    if (!/\.\/\.\s*$/.test(tail.text)) last.runs.push({ text: tail.text.trimEnd().endsWith('.') ? '/.' : './.' });
  }

  const appendices: AppendixModel[] = template.appendices.map((def, i) => {
    const { numeral, label } = appendixLabels[i];
    const table =
      def.source.kind === 'list'
        ? listAppendix(def as AppendixDef & { source: { kind: 'list' } }, input, units)
        : indicatorAppendix(def.source.indicators, input, agg, units);
    return {
      id: def.id,
      numeral,
      label,
      title: upper(runsToText(toTextRuns(resolve(def.title.trim())))),
      reference: appendixReference(input, template.title.kind || 'BÁO CÁO'),
      landscape: def.landscape || table.columns.length > 7,
      ...table,
    };
  });

  return {
    year: input.year,
    header: {
      superiorBody: upper(settings.superiorBody.trim()),
      issuerLines: settings.issuerLines.map((l) => upper(l.trim())).filter(Boolean),
      documentNumber: documentNumberText(settings, input.documentNumber),
      placeDate: placeDateText(settings, input.year, input.issueDate, input.padAllMonths),
    },
    title: { kind: upper(template.title.kind || 'BÁO CÁO'), subject: toTextRuns(resolve(template.title.subject.trim()), { bold: true }) },
    body,
    closing,
    signature: {
      recipients: recipientLines(settings),
      authority: upper(settings.signer.authority.trim()),
      title: upper(settings.signer.title.trim()),
      fullName: settings.signer.fullName.trim(),
    },
    appendices,
  };
}

