/**
 * "So sánh các năm": one indicator across every year file of the workspace.
 *
 * - Each year file is opened read-only (sealed years are read-only anyway); a file that does not open (damaged, from
 *   a newer version, half-made) is skipped and named, the others are shown.
 * - Only the asked indicator is read (plus a ratio's numerator and denominator), in one pass over the year's
 *   figures (a few milliseconds at province scale; there is no index on code since migration 0006, so that an
 *   import writes each figure once); the template is parsed only for those indicators. Totals come from
 *   `aggregate`, the very rule the report uses, and units' own values from `unitViewValue`, so a figure here is
 *   the figure the year's report printed.
 * - Columns are calendar years: a year file of a multi-year period (the three-year review of 2024 holds 2021, 2022
 *   and 2023) gives one column per year of an indicator entered by year, one column for the period otherwise. When
 *   two files give the same column, the file of that very year wins, then a sealed one, then the newer.
 * - Units are matched across years by code, and by the earlier codes a unit keeps after a rename or a merge
 *   (`unit_links`, where the year files have it): a merged unit's earlier years add up its predecessors.
 * - The change is taken from the column before when both are single consecutive years (shared/domain/year-change).
 * - A year's read of an indicator, and the table made of them, are kept while the year files (and WALs) keep their
 *   size and modification time, so another view of the same indicator, or coming back to it, reads nothing again.
 */
import { aggregate, formatIndicatorValue, unitViewValue, type Aggregation } from '../../../shared/domain/aggregate';
import { isCanonical, percentOf, sum } from '../../../shared/domain/decimal';
import { isNumericKind, isQuantityKind } from '../../../shared/domain/indicator-kinds';
import { figureKey, Period, periodYears, WHOLE_PERIOD, type FigureDto, type UnitDto } from '../../../shared/domain/records';
import { Indicator, IndicatorKind, type Template, type UnitKind } from '../../../shared/domain/template';
import { changeShown } from '../../../shared/domain/year-change';
import { AppError } from '../../../shared/rpc/envelope';
import type { CompareColumnDto, CompareIndicatorDto, CompareRowDto, CompareTableDto, SkippedYearDto } from '../../../shared/rpc/compare';
import { withAccess } from '../access';
import { requireWorkspace, type CoreContext } from '../context';
import { compareUnits, earlierCodes, isSealedYear, storedTemplateJson, valuesOfCode } from '../db/repos/year-compare';
import { yearFileName } from '../workspace/workspace';
import { ensureYear } from './years';
import { stampOf } from './earlier-years';

interface RawTemplate {
  indicators?: unknown[];
  outline?: RawSection[];
}
interface RawSection {
  id?: string;
  number?: string;
  heading?: string;
  children?: RawSection[];
}

/** Every readable year file, oldest first, and the ones that do not open with the reason. */
function eachYear<T>(ctx: CoreContext, read: (year: number) => T): { years: { year: number; read: T }[]; skipped: SkippedYearDto[] } {
  const ws = requireWorkspace(ctx);
  const years: { year: number; read: T }[] = [];
  const skipped: SkippedYearDto[] = [];
  for (const year of [...ws.listYears()].sort((a, b) => a - b))
    try {
      years.push({ year, read: withAccess('read', () => read(year)) });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      skipped.push({ year, file: yearFileName(year), problem: e.message });
    }
  return { years, skipped };
}

function rawTemplateOf(ctx: CoreContext, year: number): { template: RawTemplate; period: Period } | null {
  const stored = storedTemplateJson(ensureYear(ctx, year));
  if (!stored) return null;
  try {
    return { template: JSON.parse(stored.template) as RawTemplate, period: Period.parse((JSON.parse(stored.regime) as { period: unknown }).period) };
  } catch {
    throw new AppError('Internal', `Mẫu báo cáo lưu trong tệp ${yearFileName(year)} không đọc được.`);
  }
}

function sectionTitles(outline: RawSection[] = [], out = new Map<string, string>()): Map<string, string> {
  for (const s of outline) {
    if (s.id) out.set(s.id, [s.number, s.heading].filter(Boolean).join(' '));
    sectionTitles(s.children, out);
  }
  return out;
}

/** The indicators of every year's template, newest year's wording first, grouped by the caller by `section`. */
export function compareIndicators(ctx: CoreContext): { indicators: CompareIndicatorDto[]; skipped: SkippedYearDto[] } {
  const { years, skipped } = eachYear(ctx, (y) => rawTemplateOf(ctx, y));
  const byCode = new Map<string, CompareIndicatorDto>();
  for (const { year, read } of [...years].reverse()) {
    if (!read) continue;
    const sections = sectionTitles(read.template.outline);
    for (const raw of read.template.indicators ?? []) {
      const i = raw as { code?: string; label?: string; unit?: string; kind?: string; section?: string };
      if (!i.code || !i.label) continue;
      const known = byCode.get(i.code);
      if (known) known.years.unshift(year);
      else {
        const kind = IndicatorKind.safeParse(i.kind);
        if (!kind.success) continue;
        byCode.set(i.code, { code: i.code, label: i.label, unit: i.unit ?? '', kind: kind.data, section: sections.get(i.section ?? '') ?? i.section ?? '', years: [year] });
      }
    }
  }
  return { indicators: [...byCode.values()], skipped };
}

interface YearRead {
  year: number;
  sealed: boolean;
  period: Period;
  /** The indicator as this year's template defines it; null when the template does not have it. */
  indicator: Indicator | null;
  units: UnitDto[];
  byCode: Map<string, UnitDto>;
  /** Units with a stored value of the indicator (or its parts). */
  withValues: Set<number>;
  agg: Aggregation | null;
  figureMap: Map<string, string>;
  earlier: Map<string, string[]>;
}

function parseIndicator(raw: RawTemplate, code: string): Indicator | null {
  const found = (raw.indicators ?? []).find((i) => (i as { code?: string }).code === code);
  if (!found) return null;
  const parsed = Indicator.safeParse(found);
  return parsed.success ? parsed.data : null;
}

/** One year file: the indicator's definition there, its units, its figures (and a ratio's parts) and the totals. */
function readYear(ctx: CoreContext, year: number, code: string): YearRead {
  const db = ensureYear(ctx, year);
  const raw = rawTemplateOf(ctx, year);
  const units: UnitDto[] = compareUnits(db).map((u) => ({ id: u.id, code: u.code, name: u.name, kind: u.kind as UnitKind, order: u.sortOrder, active: u.active === 1, sample: false }));
  const base = {
    year,
    sealed: isSealedYear(db),
    units,
    byCode: new Map(units.map((u) => [u.code, u])),
    withValues: new Set<number>(),
    earlier: earlierCodes(db),
    figureMap: new Map<string, string>(),
  };
  const indicator = raw ? parseIndicator(raw.template, code) : null;
  if (!raw || !indicator) return { ...base, period: raw?.period ?? { fromYear: year, toYear: year }, indicator: null, agg: null };
  const parts = indicator.ratio ? [indicator.ratio.numerator, indicator.ratio.denominator].map((c) => parseIndicator(raw.template, c)) : [];
  const indicators = [indicator, ...parts.filter((p): p is Indicator => p !== null)];
  const figures: FigureDto[] = [];
  for (const ind of indicators)
    for (const f of valuesOfCode(db, ind.code)) {
      figures.push({ unitId: f.unitId, code: ind.code, year: f.year, value: f.value });
      base.figureMap.set(figureKey(f.unitId, ind.code, f.year), f.value);
      base.withValues.add(f.unitId);
    }
  // Only the indicators asked for: the rest of the template plays no part in their totals.
  const agg = aggregate({ ...(raw.template as Template), indicators }, units, figures, raw.period);
  return { ...base, period: raw.period, indicator, agg };
}

const readCache = new Map<string, { stamp: string; read: YearRead }>();
const KEPT = 64;

/** `readYear`, kept while the year file and its WAL are unchanged. */
function cachedRead(ctx: CoreContext, year: number, code: string): YearRead {
  const file = requireWorkspace(ctx).yearFile(year);
  const key = `${file}\n${code}`;
  const stamp = stampOf([file, `${file}-wal`]);
  const hit = readCache.get(key);
  if (hit && hit.stamp === stamp) return hit.read;
  const read = readYear(ctx, year, code);
  readCache.delete(key);
  readCache.set(key, { stamp, read });
  if (readCache.size > KEPT) readCache.delete(readCache.keys().next().value!);
  return read;
}

interface Slot {
  fromYear: number;
  toYear: number;
  read: YearRead;
}

function slotsOf(r: YearRead): Slot[] {
  if (r.indicator && !r.indicator.byYear) return [{ fromYear: r.period.fromYear, toYear: r.period.toYear, read: r }];
  return periodYears(r.period).map((y) => ({ fromYear: y, toYear: y, read: r }));
}

/** Of two files giving the same column: the one with the indicator, the file of that year, a sealed one, the newer. */
function better(a: Slot, b: Slot): Slot {
  const score = (s: Slot) => [s.read.indicator ? 1 : 0, s.fromYear === s.read.year && s.toYear === s.read.year ? 1 : 0, s.read.sealed ? 1 : 0, s.read.year];
  const x = score(a);
  const y = score(b);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] > y[i] ? a : b;
  return a;
}

const slotYear = (s: Slot) => (s.read.indicator?.byYear ? s.fromYear : WHOLE_PERIOD);

function officeValue(s: Slot): string | null {
  const agg = s.read.agg?.indicators[s.read.indicator?.code ?? ''];
  if (!agg) return null;
  return s.read.indicator!.byYear ? (agg.years[s.fromYear]?.value ?? null) : agg.period.value;
}

/** A unit's value in one column: its own, or its predecessors' added up (a ratio from its added-up parts). */
function unitValue(s: Slot, sources: UnitDto[]): string | null {
  const ind = s.read.indicator;
  if (!ind || !s.read.agg || sources.length === 0) return null;
  const m = { figureMap: s.read.figureMap, agg: s.read.agg, years: periodYears(s.read.period) };
  const y = slotYear(s);
  if (sources.length === 1) return unitViewValue(m, sources[0].id, ind, y);
  const own = (code: string) => {
    const vs = sources.map((u) => s.read.figureMap.get(figureKey(u.id, code, y)) ?? null).filter((v): v is string => v !== null && isCanonical(v));
    return vs.length ? sum(vs) : null;
  };
  if (ind.kind === 'ratio' && ind.ratio) {
    const n = own(ind.ratio.numerator);
    const d = own(ind.ratio.denominator);
    return n !== null && d !== null ? percentOf(n, d) : null;
  }
  if (!isQuantityKind(ind.kind)) return sources.map((u) => unitViewValue(m, u.id, ind, y)).find((v) => v !== null) ?? null;
  return own(ind.code);
}

function rowOf(ind: Indicator, columns: Slot[], unitCode: string | null, name: string, values: (string | null)[], note: string | null): CompareRowDto {
  const single = (c: Slot) => c.fromYear === c.toYear;
  return {
    unitCode,
    name,
    values,
    shown: values.map((v, i) => (v === null ? '—' : formatIndicatorValue(columns[i].read.indicator ?? ind, v, { padCounts: false }))),
    changes: values.map((v, i) => {
      const prev = columns[i - 1];
      if (!prev || !single(prev) || !single(columns[i]) || prev.toYear + 1 !== columns[i].fromYear) return null;
      return changeShown(ind.kind, v, values[i - 1]);
    }),
    note,
  };
}

const tables = new Map<string, { stamp: string; table: CompareTableDto }>();

/** One indicator across all years: the office's total, and each unit when asked (kept while no year file changes). */
export function compareTable(ctx: CoreContext, code: string, byUnit = false): CompareTableDto {
  const ws = requireWorkspace(ctx);
  const key = `${ws.dir}\n${code}\n${byUnit}`;
  const stamp = ws
    .listYears()
    .map((y) => `${y}:${stampOf([ws.yearFile(y), `${ws.yearFile(y)}-wal`])}`)
    .join('|');
  const hit = tables.get(key);
  if (hit && hit.stamp === stamp) return hit.table;
  const table = buildTable(ctx, code, byUnit);
  tables.delete(key);
  tables.set(key, { stamp, table });
  if (tables.size > KEPT) tables.delete(tables.keys().next().value!);
  return table;
}

function buildTable(ctx: CoreContext, code: string, byUnit: boolean): CompareTableDto {
  const { years, skipped } = eachYear(ctx, (y) => cachedRead(ctx, y, code));
  const yearReads = years.map((y) => y.read);
  const newest = [...yearReads].reverse().find((r) => r.indicator) ?? null;
  if (!newest)
    throw new AppError('NotFound', `Không năm nào trong thư mục làm việc có chỉ tiêu ${code}${skipped.length ? ` (không đọc được: ${skipped.map((s) => s.file).join(', ')})` : ''}.`);
  const ind = newest.indicator!;
  const chosen = new Map<string, Slot>();
  for (const r of yearReads)
    for (const s of slotsOf(r)) {
      const key = `${s.fromYear}-${s.toYear}`;
      const had = chosen.get(key);
      chosen.set(key, had ? better(had, s) : s);
    }
  const columns = [...chosen.values()].sort((a, b) => a.fromYear - b.fromYear || a.toYear - b.toYear);
  const columnDtos: CompareColumnDto[] = columns.map((c) => ({
    fromYear: c.fromYear,
    toYear: c.toYear,
    label: c.fromYear === c.toYear ? String(c.fromYear) : `${c.fromYear} - ${c.toYear}`,
    file: yearFileName(c.read.year),
    fileYear: c.read.year,
    sealed: c.read.sealed,
  }));
  const total = rowOf(ind, columns, null, 'Tổng cộng (toàn cơ quan)', columns.map(officeValue), null);

  const notes: string[] = [];
  const linked = yearReads.some((r) => r.earlier.size > 0);
  notes.push(
    linked
      ? 'Đơn vị được ghép giữa các năm theo mã đơn vị và theo mã cũ đã khai báo khi đổi tên, sáp nhập (số của các đơn vị sáp nhập được cộng lại).'
      : 'Đơn vị được ghép giữa các năm theo mã đơn vị (chưa có đơn vị nào khai báo mã cũ khi đổi tên, sáp nhập).',
  );
  if (isNumericKind(ind.kind))
    notes.push(
      ind.kind === 'ratio'
        ? 'Tăng, giảm: so với năm liền trước, tính bằng điểm phần trăm, làm tròn một chữ số thập phân.'
        : 'Tăng, giảm: so với năm liền trước, làm tròn một chữ số thập phân như mọi tỷ lệ trong báo cáo.',
    );
  for (const c of columnDtos) if (c.fileYear !== c.toYear || c.fromYear !== c.toYear) notes.push(`Cột ${c.label} lấy từ tệp ${c.file}${c.sealed ? ' (đã khóa sổ)' : ''}.`);
  for (const r of yearReads) if (!r.indicator) notes.push(`Mẫu báo cáo năm ${r.year} không có chỉ tiêu ${ind.code}.`);
  if (!isNumericKind(ind.kind)) notes.push('Chỉ tiêu dạng chữ: chỉ có giá trị của cơ quan, không so sánh theo đơn vị.');

  const units: CompareRowDto[] = [];
  if (byUnit && isNumericKind(ind.kind)) {
    // Earlier codes, this year's own first: a chain of renames resolves through the years that recorded it.
    const linkOf = new Map<string, string[]>();
    for (const r of [...yearReads].reverse()) for (const [c, e] of r.earlier) if (!linkOf.has(c)) linkOf.set(c, e);
    // Codes some row reads as its predecessor: such a unit is not listed again on its own.
    const claimed = new Set<string>();
    const sourcesIn = (r: YearRead, code: string, seen = new Set<string>()): UnitDto[] => {
      const direct = r.byCode.get(code);
      if (direct) return [direct];
      if (seen.has(code)) return [];
      seen.add(code);
      return (linkOf.get(code) ?? []).flatMap((c) => sourcesIn(r, c, seen));
    };
    const rowFor = (code: string, name: string) => {
      const linkedYears: string[] = [];
      const values = columns.map((c) => {
        const sources = sourcesIn(c.read, code);
        sources.filter((u) => u.code !== code).forEach((u) => claimed.add(u.code));
        if (sources.some((u) => u.code !== code)) linkedYears.push(`${c.fromYear === c.toYear ? c.fromYear : `${c.fromYear} - ${c.toYear}`}: ${sources.map((u) => u.code).join(' + ')}`);
        return unitValue(c, sources);
      });
      return rowOf(ind, columns, code, name, values, linkedYears.length ? `theo mã cũ — ${linkedYears.join('; ')}` : null);
    };
    // The units that report it (or hold a value of it in some year): an office's own indicator is not a unit row.
    for (const u of newest.units.filter((x) => x.active)) {
      const row = rowFor(u.code, u.name);
      if (ind.reporters.includes(u.kind) || row.values.some((v) => v !== null)) units.push(row);
    }
    // Units of other years that no unit of the newest year follows: listed, so their figures never vanish unseen.
    const seen = new Set(units.map((r) => r.unitCode));
    for (const r of [...yearReads].reverse())
      for (const u of r.units)
        if (r.withValues.has(u.id) && !seen.has(u.code) && !claimed.has(u.code)) {
          seen.add(u.code);
          const row = rowFor(u.code, u.name);
          if (row.values.some((v) => v !== null)) units.push({ ...row, note: [row.note, `không có trong danh sách đơn vị năm ${newest.year}`].filter(Boolean).join('; ') });
        }
  }
  return { indicator: { code: ind.code, label: ind.label, unit: ind.unit, kind: ind.kind }, columns: columnDtos, total, units, skipped, notes };
}

/** The comparison as an .xlsx workbook: years as columns, the change beside each year, the notes below. */
export async function compareWorkbook(ctx: CoreContext, code: string, byUnit = false): Promise<{ name: string; base64: string }> {
  const t = compareTable(ctx, code, byUnit);
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('So sánh các năm');
  ws.addRow([`${t.indicator.label}${t.indicator.unit ? ` (${t.indicator.unit})` : ''}`]).font = { bold: true, size: 13 };
  const head = ['Mã', 'Đơn vị', ...t.columns.flatMap((c, i) => (i === 0 ? [`Năm ${c.label}`] : [`Năm ${c.label}`, 'Tăng, giảm']))];
  ws.addRow(head).font = { bold: true };
  for (const r of [t.total, ...t.units])
    ws.addRow([r.unitCode ?? '', r.name, ...r.values.flatMap((v, i) => {
      const cell = v !== null && isCanonical(v) && isNumericKind(t.indicator.kind) ? Number(v) : (v ?? '—');
      return i === 0 ? [cell] : [cell, r.changes[i] ?? ''];
    })]);
  ws.addRow([]);
  for (const n of [...t.notes, ...t.skipped.map((s) => `Không đọc được ${s.file}: ${s.problem}`)]) ws.addRow([n]);
  ws.getColumn(1).width = 14;
  ws.getColumn(2).width = 40;
  for (let i = 3; i <= head.length; i++) ws.getColumn(i).width = 14;
  ws.views = [{ state: 'frozen', xSplit: 2, ySplit: 2 }];
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  return { name: `So-sanh-cac-nam-${t.indicator.code}.xlsx`, base64: buf.toString('base64') };
}
