/**
 * What reading a unit's return produces, and the pieces both readers share (our form in ./read-form, the unit's own
 * layout in ./read-own): header and year-column finding, reading one indicator row, the unit's rules. Nothing here
 * touches the database; problems are collected, never thrown, so the dry run can show all of them at once.
 */
import { sum } from '../../../shared/domain/decimal';
import { unitRuleFailures } from '../../../shared/domain/rules';
import { periodYears, WHOLE_PERIOD, type Period, type UnitDto } from '../../../shared/domain/records';
import type { Indicator, Template, UnitKind } from '../../../shared/domain/template';
import { foldDiacritics, foldLabel } from '../../../shared/format/text';
import type { ImportProblem, MappingProposal } from '../../../shared/rpc/imports';
import { cellRef, getCell, mergedValue, nfc, packCell, type CellValue, type Sheet } from '../xlsx/read';
import { formatNumber } from '../../../shared/format/number';
import { readIndicatorCell } from './values';

export interface YearScope {
  year: number;
  template: Template;
  period: Period;
  units: UnitDto[];
}

export interface ReadFigure {
  code: string;
  year: number;
  /** null: the unit left the cell blank (or wrote "-"), which clears an earlier value. */
  value: string | null;
  sheet: string;
  cell: string;
}
export interface ReadListRow {
  values: Record<string, string>;
  sheet: string;
  cell: string;
}
export interface ReadReturn {
  layout: 'form' | 'own';
  unit: UnitDto | null;
  /** Every slot the file covers (blank ones with value null). */
  figures: ReadFigure[];
  /** Rows per list id, for the lists the file carries; lists absent from the file are left as they are. */
  lists: Map<string, ReadListRow[]>;
  notes: { sectionId: string; text: string; sheet: string; cell: string }[] | null;
  problems: ImportProblem[];
  /** Own layout: what the app proposes, when no confirmed mapping applies. */
  proposal: MappingProposal | null;
  mappingRemembered: boolean;
  /** Own layout: the fingerprint under which a confirmed mapping is remembered. */
  fingerprint: string | null;
  /** The file is so far off (wrong template, year, unit…) that nothing can be read. */
  fatal: boolean;
  /** Slots ("code|year") whose cell was refused: rules over them are not checked. */
  refused: Set<string>;
  /** When the generated form was made (meta sheet), ISO. */
  generatedAt: string | null;
  /**
   * The sheet or the file name names another unit than the one the form was made for: which units it could be.
   * Set only when the clerk has not chosen the unit yet.
   */
  unitDoubt: { message: string; named: UnitDto[] } | null;
}

/** What the clerk already said about a file: the unit it belongs to, when the form's own unit was in doubt. */
export interface ReadChoice {
  unitId?: number;
}

export const err = (message: string, sheet?: string, cell?: string): ImportProblem => ({ severity: 'error', sheet, cell, message });
export const warn = (message: string, sheet?: string, cell?: string): ImportProblem => ({ severity: 'warning', sheet, cell, message });

/** A cell's text as a person reads it: a merged range's value from every cell it covers, trimmed, NFC; '' when empty. */
export function text(sheet: Sheet, row: number, col: number): string {
  return cellText(mergedValue(sheet, row, col));
}

/**
 * A value as text, trimmed and NFC: String(v).normalize('NFC').trim(), '' for none. The reader's `nfc` skips the
 * normalization for text it cannot change (Vietnamese included).
 */
export function cellText(v: CellValue | null | undefined): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? nfc(v).trim() : String(v);
}

/** foldLabel, each short text of a batch folded once (the same labels and headers come back in all 400 returns). */
export function foldedLabel(t: string): string {
  return labelFolds.get(t) ?? remember(labelFolds, t, foldLabel(t));
}
const labelFolds = new Map<string, string>();

/** A header cell's text folded without the "(*)" that marks a required column, once per distinct text. */
function foldedHeader(t: string): string {
  return headerFolds.get(t) ?? remember(headerFolds, t, foldLabel(t.replace(/\(\*\)\s*$/, '')));
}
const headerFolds = new Map<string, string>();

/** Keeps a short text's result for the rest of the batch (at most 20.000 of them, then it starts over). */
export function remember<V>(cache: Map<string, V>, text: string, value: V): V {
  if (text.length <= 300) {
    if (cache.size >= 20_000) cache.clear();
    cache.set(text, value);
  }
  return value;
}

/** Merged cells indexed at most this many per sheet; larger ranges (a hostile A1:XFD1048576) are scanned. */
const MERGE_INDEX_CELLS = 100_000;
/** A sheet with this few merged ranges (a form has a dozen) is scanned: cheaper than indexing their cells. */
const MERGES_SCANNED = 16;

/**
 * The texts of one sheet (text()) for the many lookups of one reading: the merged ranges of a sheet with many are
 * indexed once, so that a cell is not checked against every range. The first range listed that covers a cell gives
 * its value, as in mergedValue. The sheet must not change while the view is in use.
 */
export class SheetText {
  /** Cell (packCell) → position in sheet.merges of the first range covering it, for the ranges indexed. */
  private readonly covered = new Map<number, number>();
  /** Positions of the ranges not indexed (all of them on a sheet with few, else those too large), ascending. */
  private readonly scanned: number[] = [];

  constructor(readonly sheet: Sheet) {
    const { merges } = sheet;
    let room = merges.length <= MERGES_SCANNED ? 0 : MERGE_INDEX_CELLS;
    for (let at = 0; at < merges.length; at++) {
      const m = merges[at];
      const area = (m.bottom - m.top + 1) * (m.right - m.left + 1);
      if (area > room) {
        this.scanned.push(at);
        continue;
      }
      room -= area;
      for (let r = m.top; r <= m.bottom; r++)
        for (let c = m.left; c <= m.right; c++) {
          const key = packCell(r, c);
          if (!this.covered.has(key)) this.covered.set(key, at);
        }
    }
  }

  /** text(sheet, row, col). */
  at(row: number, col: number): string {
    return cellText(this.valueAt(row, col));
  }

  /** mergedValue(sheet, row, col): the raw value that at() reads. */
  valueAt(row: number, col: number): CellValue | null | undefined {
    const { sheet } = this;
    let at = this.covered.get(packCell(row, col)) ?? sheet.merges.length;
    for (const i of this.scanned) {
      if (i >= at) break;
      const m = sheet.merges[i];
      if (row >= m.top && row <= m.bottom && col >= m.left && col <= m.right) at = i;
    }
    const m = sheet.merges[at];
    return m ? getCell(sheet, m.top, m.left)?.v : getCell(sheet, row, col)?.v;
  }

  /**
   * valueAt of every cell of the sheet's first `rows` rows and `cols` columns, row by row: one pass over the merged
   * ranges for them all instead of one per cell. The first range listed that covers a cell still gives its value.
   */
  corner(rows: number, cols: number): (CellValue | null | undefined)[] {
    const { sheet } = this;
    const coveredBy = new Int32Array(rows * cols).fill(-1);
    for (let at = 0; at < sheet.merges.length; at++) {
      const m = sheet.merges[at];
      for (let r = Math.max(m.top, 1); r <= Math.min(m.bottom, rows); r++)
        for (let c = Math.max(m.left, 1); c <= Math.min(m.right, cols); c++) {
          const i = (r - 1) * cols + c - 1;
          if (coveredBy[i] < 0) coveredBy[i] = at;
        }
    }
    const out = new Array<CellValue | null | undefined>(rows * cols);
    for (let r = 1, i = 0; r <= rows; r++)
      for (let c = 1; c <= cols; c++, i++) {
        const m = coveredBy[i] < 0 ? undefined : sheet.merges[coveredBy[i]];
        out[i] = m ? getCell(sheet, m.top, m.left)?.v : getCell(sheet, r, c)?.v;
      }
    return out;
  }
}

export function emptyReturn(layout: 'form' | 'own', unit: UnitDto | null): ReadReturn {
  return {
    layout,
    unit,
    figures: [],
    lists: new Map(),
    notes: null,
    problems: [],
    proposal: null,
    mappingRemembered: false,
    fingerprint: null,
    fatal: false,
    refused: new Set(),
    generatedAt: null,
    unitDoubt: null,
  };
}

/** The first row (of the first 40) holding every one of the labels, with the column of each. */
export function findHeader(view: SheetText, labels: string[]): { row: number; cols: Map<string, number> } | null {
  const { sheet } = view;
  const wanted = labels.map((l) => foldedLabel(l));
  for (let r = 1; r <= Math.min(sheet.maxRow, 40); r++) {
    const cols = new Map<string, number>();
    for (let c = 1; c <= Math.min(sheet.maxCol, 60); c++) {
      const t = view.at(r, c);
      if (!t || t.length > 120) continue;
      const i = wanted.indexOf(foldedHeader(t));
      if (i >= 0 && !cols.has(labels[i])) cols.set(labels[i], c);
    }
    if (cols.size === labels.length) return { row: r, cols };
  }
  return null;
}

/** A column header naming a year of the period ("Năm 2021", "2021") or the whole period ("Cả giai đoạn", "Tổng"). */
export function headerYear(header: string, period: Period): number | null | undefined {
  // The same few headers head every return of a batch: each is judged once per period.
  const key = `${period.fromYear}-${period.toYear}|${header}`;
  return headerYears.has(key) ? headerYears.get(key) : remember(headerYears, key, yearOfColumn(header, period));
}
const headerYears = new Map<string, number | null | undefined>();

function yearOfColumn(header: string, period: Period): number | null | undefined {
  const f = foldDiacritics(header);
  const m = /(?:^|\D)(\d{4})(?:\D|$)/.exec(f);
  const years = periodYears(period);
  if (/ca giai doan|tong|luy ke|ca ky|toan ky/.test(f)) return WHOLE_PERIOD;
  if (m && years.includes(Number(m[1])) && !/-\s*\d{4}/.test(f)) return Number(m[1]);
  return m ? null : undefined;
}

/** Reads the indicator values of one row: year cells for byYear indicators, the period cell otherwise. */
export function readRow(
  out: ReadReturn,
  sheet: Sheet,
  row: number,
  ind: Indicator,
  yearCols: Map<number, number>,
  totalCol: number | undefined,
): void {
  if (!ind.byYear && totalCol === undefined) {
    out.problems.push(warn(`Không có cột cả giai đoạn nên chưa đọc được “${ind.label}”`, sheet.name, cellRef(row, 1)));
    return;
  }
  const slots: Iterable<[number, number]> = ind.byYear ? yearCols : [[WHOLE_PERIOD, totalCol!]];
  const cells = sheet.rows.get(row);
  const read: string[] = [];
  const blank: string[] = [];
  for (const [year, col] of slots) {
    const ref = cellRef(row, col);
    const r = readIndicatorCell(ind, cells?.get(col));
    if ('error' in r) {
      out.problems.push(err(`“${ind.label}”${year ? ` năm ${year}` : ''}: ${r.error}`, sheet.name, ref));
      out.refused.add(`${ind.code}|${year}`);
      continue;
    }
    for (const w of r.warnings) out.problems.push(warn(w, sheet.name, ref));
    out.figures.push({ code: ind.code, year, value: r.value, sheet: sheet.name, cell: ref });
    if (r.value === null) blank.push(ref);
    else if (ind.kind === 'count' || ind.kind === 'decimal') read.push(r.value);
  }
  if (ind.byYear && totalCol !== undefined && (ind.kind === 'count' || ind.kind === 'decimal'))
    checkPeriodTotal(out, sheet, row, ind, totalCol, sum(read), blank);
}

/**
 * The period column of a by-year row is a formula over the years. A number typed there (no formula) that the years
 * do not add up to means the unit typed a total over the formula: with year cells left blank the figures would be
 * lost without a word, so the file is refused with the cells named. Otherwise the years are taken and the clerk told.
 */
export function checkPeriodTotal(out: ReadReturn, sheet: Sheet, row: number, ind: Indicator, totalCol: number, sum: string, blank: string[]): void {
  const cell = getCell(sheet, row, totalCol);
  const t = readIndicatorCell(ind, cell);
  // Both are canonical decimals (as every value read for a count or a decimal), equal exactly when their texts are.
  if ('error' in t || t.value === null || t.value === sum) return;
  const ref = cellRef(row, totalCol);
  const shown = formatNumber(t.value);
  // A formula's result is Excel's own sum (which leaves out numbers typed as text): only a typed total can hold
  // figures that the year cells lack.
  if (blank.length && !cell?.formula)
    out.problems.push(
      err(
        `“${ind.label}”: cột cả giai đoạn ghi ${shown} nhưng ${blank.length === 1 ? 'ô' : 'các ô'} ${blank.join(', ')} của từng năm để trống${sum === '0' ? '' : ` (các năm đã ghi cộng được ${formatNumber(sum)})`}. Chỉ tiêu này được tổng hợp theo từng năm: hãy ghi số của từng năm; ứng dụng không tự chia số tổng cho các năm`,
        sheet.name,
        ref,
      ),
    );
  else out.problems.push(warn(`Cột cả giai đoạn ghi ${shown} nhưng cộng các năm được ${formatNumber(sum)}; đã lấy số từng năm`, sheet.name, ref));
}

const perKind = new WeakMap<Template, Map<UnitKind, Template>>();

/**
 * The part of a template that concerns one unit kind: the indicators it reports and the unit-level rules between
 * them. Checking a return against it gives the same unit results as the whole template, at a fraction of the work.
 */
export function templateForKind(t: Template, kind: UnitKind): Template {
  let m = perKind.get(t);
  if (!m) perKind.set(t, (m = new Map()));
  let k = m.get(kind);
  if (!k) {
    const reported = t.indicators.filter((i) => i.reporters.includes(kind));
    const codes = new Set(reported.map((i) => i.code));
    const indicators = reported.filter((i) => !i.ratio || (codes.has(i.ratio.numerator) && codes.has(i.ratio.denominator)));
    const kept = new Set(indicators.map((i) => i.code));
    const rules = t.rules
      .filter((r) => r.scope !== 'total' && (r.kind === 'sum' ? [r.total, ...r.parts] : [r.left, r.right]).every((c) => kept.has(c)))
      .map((r) => ({ ...r, scope: 'unit' as const }));
    m.set(kind, (k = { ...t, indicators, rules }));
  }
  return k;
}

/** Rules that apply to one unit, checked on the return alone; a broken error rule refuses the file. */
export function checkUnitRules(out: ReadReturn, scope: YearScope): void {
  const unit = out.unit;
  if (!unit) return;
  const figures = out.figures.filter((f) => f.value !== null).map((f) => ({ unitId: unit.id, code: f.code, year: f.year, value: f.value! }));
  // The unit's failed results of evaluateRules, computed on its own figures (no aggregation of a one-unit year).
  const failed = unitRuleFailures(templateForKind(scope.template, unit.kind), unit, figures, scope.period);
  if (!failed.length) return;
  const where = new Map(out.figures.map((f) => [`${f.code}|${f.year}`, f]));
  // A rule broken in one year is also broken over the period; the year's message is the one that points at a cell.
  const byYear = new Set(failed.filter((r) => r.year !== WHOLE_PERIOD).map((r) => r.ruleId));
  const results = failed.filter((r) => r.year !== WHOLE_PERIOD || !byYear.has(r.ruleId));
  // A rule over a refused cell would judge the cells the unit filled correctly by a value that was not read.
  const hitsRefused = (r: (typeof results)[number]) =>
    r.codes.some((c) => (r.year === WHOLE_PERIOD ? [...out.refused].some((k) => k.startsWith(`${c}|`)) : out.refused.has(`${c}|${r.year}`)));
  const labels = new Map(scope.template.indicators.map((i) => [i.code, i.label]));
  const skipped = new Set<string>();
  for (const r of results) {
    if (hitsRefused(r)) {
      const key = `${r.ruleId}|${r.year}`;
      if (!skipped.has(key))
        out.problems.push(
          warn(
            `Chưa kiểm tra quan hệ giữa ${r.codes.map((c) => `“${labels.get(c) ?? c}”`).join(', ')}${r.year === WHOLE_PERIOD ? '' : ` năm ${r.year}`} vì có ô liên quan bị từ chối (xem lỗi ở trên); sửa ô đó rồi nhập lại thì ứng dụng sẽ kiểm tra`,
          ),
        );
      skipped.add(key);
      continue;
    }
    // Point at the first named cell that the file holds for that year (the period's cell for whole-period checks).
    const at =
      r.codes.map((c) => where.get(`${c}|${r.year}`)).find(Boolean) ??
      out.figures.filter((f) => f.code === r.codes[0] && f.value !== null).at(-1);
    out.problems.push({ severity: r.severity, sheet: at?.sheet, cell: at?.cell, message: r.message });
  }
}

