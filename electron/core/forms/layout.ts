/**
 * The layout of a unit's blank Excel form, shared by the form writer and the return importer.
 *
 * The importer never relies on fixed row numbers: it finds the header row by its labels, the year columns by
 * their headers, and each indicator row by the code in the "Mã số" column (or, failing that, by its label with
 * diacritics and case folded). So units may insert rows, move rows or merge title cells and the return still reads.
 */
import { createHash } from 'node:crypto';
import { periodYears, type Period } from '../../../shared/domain/records';
import { sectionIds, type Indicator, type ListColumn, type ListDef, type Section, type Template, type UnitKind } from '../../../shared/domain/template';
import { foldDiacritics } from '../../../shared/format/text';

/** Bumped when the writer's layout changes in a way the importer must know about. */
export const FORM_LAYOUT_VERSION = 1;

export const SHEETS = {
  instructions: 'Hướng dẫn',
  data: 'Số liệu',
  notes: 'Thuyết minh',
  /** Very hidden: the user cannot unhide it from Excel's menu. */
  meta: '_tonghop',
} as const;

/** Keys of the meta sheet: column A holds the key, column B the value, from row 1 down. */
export const META_KEYS = {
  app: 'app',
  layoutVersion: 'layoutVersion',
  templateId: 'templateId',
  templateVersion: 'templateVersion',
  year: 'year',
  periodFrom: 'periodFrom',
  periodTo: 'periodTo',
  unitCode: 'unitCode',
  unitName: 'unitName',
  generatedAt: 'generatedAt',
  layoutChecksum: 'layoutChecksum',
  /** One row per list sheet: key `list:<listId>`, value the sheet name. */
  listPrefix: 'list:',
} as const;
export const META_APP = 'tonghop';

/** Header labels of the data sheet, left to right, before the year columns. */
export const DATA_HEADERS = { code: 'Mã số', stt: 'STT', label: 'Chỉ tiêu', unit: 'Đơn vị tính' } as const;
export const yearHeader = (year: number): string => `Năm ${year}`;
export const totalHeader = (p: Period): string => `Cả giai đoạn ${p.fromYear} - ${p.toYear}`;

/** Header labels of the notes sheet. Column A holds the section id (locked), like the code column of the data sheet. */
export const NOTES_HEADERS = { section: 'Mã mục', number: 'Mục', heading: 'Nội dung', note: 'Thuyết minh của đơn vị' } as const;

/** Indicators a unit of this kind fills in: it is among the reporters, and the value is not computed. */
export function formIndicators(t: Template, kind: UnitKind): Indicator[] {
  return t.indicators.filter((i) => i.kind !== 'ratio' && i.reporters.includes(kind));
}

/** Lists a unit of this kind fills in, each with the columns shown (a `unit` column is the unit itself, so omitted). */
export function formLists(t: Template, kind: UnitKind): { list: ListDef; columns: ListColumn[]; sheet: string }[] {
  const used = new Set<string>(Object.values(SHEETS));
  return t.lists
    .filter((l) => l.reporters.includes(kind))
    .map((list, i) => ({ list, columns: list.columns.filter((c) => c.type !== 'unit'), sheet: listSheetName(list, i, used) }));
}

/** At most `max` characters, cut after a whole word ("DS1 Danh sách mô hình, điển hình" → "DS1 Danh sách mô hình"). */
export function cutByWords(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max + 1);
  const at = cut.lastIndexOf(' ');
  let out = at > 0 ? cut.slice(0, at) : text.slice(0, max);
  // A quotation cut open ("Mô hình “Dân vận") loses its opened part.
  const open = out.lastIndexOf('“');
  if (open > out.lastIndexOf('”') && open > 0) out = out.slice(0, open);
  return out.replace(/[\s,;:.–-]+$/, '');
}

/** Excel sheet names: at most 31 characters cut by words, none of []:*?/\ , unique (case-insensitive). */
export function listSheetName(list: ListDef, index: number, used: Set<string>): string {
  const base = `DS${index + 1} ${list.label}`.replace(/[[\]:*?/\\]/g, ' ').replace(/\s+/g, ' ').trim();
  let name = cutByWords(base, 31);
  for (let n = 2; [...used].some((u) => u.toLowerCase() === name.toLowerCase()); n++) name = `${cutByWords(base, 26 - String(n).length)} (${n})`;
  used.add(name);
  return name;
}

/** The sections whose narrative a unit may comment on, in outline order, with their depth (0 = top level). */
export function noteSections(t: Template): { section: Section; depth: number }[] {
  const out: { section: Section; depth: number }[] = [];
  const walk = (s: Section[], depth: number) => s.forEach((x) => (out.push({ section: x, depth }), walk(x.children, depth + 1)));
  walk(t.outline, 0);
  return out;
}

/** A short checksum of what the importer expects for a unit kind: template, period, rows, list columns, sections. */
const checksums = new WeakMap<Template, Map<string, string>>();

export function layoutChecksum(t: Template, period: Period, kind: UnitKind): string {
  let m = checksums.get(t);
  if (!m) checksums.set(t, (m = new Map()));
  const key = `${period.fromYear}-${period.toYear}-${kind}`;
  let sum = m.get(key);
  if (sum === undefined) m.set(key, (sum = computeChecksum(t, period, kind)));
  return sum;
}

function computeChecksum(t: Template, period: Period, kind: UnitKind): string {
  const shape = {
    v: FORM_LAYOUT_VERSION,
    t: [t.id, t.version],
    p: periodYears(period),
    i: formIndicators(t, kind).map((i) => [i.code, i.kind, i.byYear]),
    l: formLists(t, kind).map((l) => [l.list.id, l.sheet, l.columns.map((c) => c.key)]),
    s: [...sectionIds(t.outline)],
  };
  return createHash('sha256').update(JSON.stringify(shape)).digest('hex').slice(0, 16);
}

/** File name of a unit's form: "Bieu-mau-2024-<CODE>-<folded name>.xlsx" (ASCII, safe on every file system). */
export function formFileName(year: number, unitCode: string, unitName: string): string {
  const slug = foldDiacritics(unitName)
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `Bieu-mau-${year}-${unitCode}${slug ? `-${slug}` : ''}.xlsx`;
}
