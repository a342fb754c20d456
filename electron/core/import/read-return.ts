/**
 * Reads a unit's return from a parsed workbook: identifies it (our meta sheet, or the unit's own layout matched
 * by labels), and extracts figures, list rows and notes with the sheet and cell each came from. Nothing here
 * touches the database; problems are collected, never thrown, so the dry run can show all of them at once.
 */
import { createHash } from 'node:crypto';
import { add, compare } from '../../../shared/domain/decimal';
import { evaluateRules } from '../../../shared/domain/rules';
import { periodYears, WHOLE_PERIOD, type Period, type UnitDto } from '../../../shared/domain/records';
import type { Indicator, Template, UnitKind } from '../../../shared/domain/template';
import { UNIT_KIND_LABELS } from '../../../shared/domain/template';
import { foldDiacritics } from '../../../shared/format/text';
import type { ImportProblem, LayoutMapping, MappingProposal } from '../../../shared/rpc/imports';
import {
  DATA_HEADERS,
  foldLabel,
  formLists,
  layoutChecksum,
  META_APP,
  META_KEYS,
  NOTES_HEADERS,
  noteSections,
  SHEETS,
} from '../forms/layout';
import { cellRef, getCell, mergedValue, type Sheet, type Workbook } from '../xlsx/read';
import { formatNumber } from '../../../shared/format/number';
import { readIndicatorCell, readListCell } from './values';

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

const err = (message: string, sheet?: string, cell?: string): ImportProblem => ({ severity: 'error', sheet, cell, message });
const warn = (message: string, sheet?: string, cell?: string): ImportProblem => ({ severity: 'warning', sheet, cell, message });

function text(sheet: Sheet, row: number, col: number): string {
  const v = mergedValue(sheet, row, col);
  return v === null ? '' : String(v).normalize('NFC').trim();
}

function emptyReturn(layout: 'form' | 'own', unit: UnitDto | null): ReadReturn {
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

function readMeta(sheet: Sheet): Map<string, string> {
  const meta = new Map<string, string>();
  for (const [, cells] of sheet.rows) {
    const k = cells.get(1)?.v;
    const v = cells.get(2)?.v;
    if (k !== undefined && k !== null) meta.set(String(k), v === undefined || v === null ? '' : String(v));
  }
  return meta;
}

/** The first row (of the first 40) holding every one of the labels, with the column of each. */
function findHeader(sheet: Sheet, labels: string[]): { row: number; cols: Map<string, number> } | null {
  const wanted = labels.map((l) => foldLabel(l));
  for (let r = 1; r <= Math.min(sheet.maxRow, 40); r++) {
    const cols = new Map<string, number>();
    for (let c = 1; c <= Math.min(sheet.maxCol, 60); c++) {
      const t = text(sheet, r, c);
      if (!t || t.length > 120) continue;
      const f = foldLabel(t.replace(/\(\*\)\s*$/, ''));
      const i = wanted.indexOf(f);
      if (i >= 0 && !cols.has(labels[i])) cols.set(labels[i], c);
    }
    if (cols.size === labels.length) return { row: r, cols };
  }
  return null;
}

/** A column header naming a year of the period ("Năm 2021", "2021") or the whole period ("Cả giai đoạn", "Tổng"). */
function headerYear(header: string, period: Period): number | null | undefined {
  const f = foldDiacritics(header);
  const m = /(?:^|\D)(\d{4})(?:\D|$)/.exec(f);
  const years = periodYears(period);
  if (/ca giai doan|tong|luy ke|ca ky|toan ky/.test(f)) return WHOLE_PERIOD;
  if (m && years.includes(Number(m[1])) && !/-\s*\d{4}/.test(f)) return Number(m[1]);
  return m ? null : undefined;
}

/** Reads the indicator values of one row: year cells for byYear indicators, the period cell otherwise. */
function readRow(
  out: ReadReturn,
  sheet: Sheet,
  row: number,
  ind: Indicator,
  yearCols: Map<number, number>,
  totalCol: number | undefined,
): void {
  const slots: [number, number | undefined][] = ind.byYear ? [...yearCols].map(([y, c]) => [y, c]) : [[WHOLE_PERIOD, totalCol]];
  if (!ind.byYear && totalCol === undefined) {
    out.problems.push(warn(`Không có cột cả giai đoạn nên chưa đọc được “${ind.label}”`, sheet.name, cellRef(row, 1)));
    return;
  }
  let sum = '0';
  const blank: string[] = [];
  for (const [year, col] of slots) {
    if (col === undefined) continue;
    const ref = cellRef(row, col);
    const r = readIndicatorCell(ind, getCell(sheet, row, col));
    if ('error' in r) {
      out.problems.push(err(`“${ind.label}”${year ? ` năm ${year}` : ''}: ${r.error}`, sheet.name, ref));
      out.refused.add(`${ind.code}|${year}`);
      continue;
    }
    r.warnings.forEach((w) => out.problems.push(warn(w, sheet.name, ref)));
    out.figures.push({ code: ind.code, year, value: r.value, sheet: sheet.name, cell: ref });
    if (r.value === null) blank.push(ref);
    else if (ind.kind === 'count' || ind.kind === 'decimal') sum = add(sum, r.value);
  }
  if (ind.byYear && totalCol !== undefined && (ind.kind === 'count' || ind.kind === 'decimal')) checkPeriodTotal(out, sheet, row, ind, totalCol, sum, blank);
}

/**
 * The period column of a by-year row is a formula over the years. A number typed there (no formula) that the years
 * do not add up to means the unit typed a total over the formula: with year cells left blank the figures would be
 * lost without a word, so the file is refused with the cells named. Otherwise the years are taken and the clerk told.
 */
function checkPeriodTotal(out: ReadReturn, sheet: Sheet, row: number, ind: Indicator, totalCol: number, sum: string, blank: string[]): void {
  const ref = cellRef(row, totalCol);
  const cell = getCell(sheet, row, totalCol);
  const t = readIndicatorCell(ind, cell);
  if ('error' in t || t.value === null || compare(t.value, sum) === 0) return;
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

function findSheet(wb: Workbook, name: string): Sheet | undefined {
  return wb.sheets.find((s) => s.name === name) ?? wb.sheets.find((s) => foldLabel(s.name) === foldLabel(name));
}

/** Reads a return made from our blank form (it has the meta sheet). */
function readForm(wb: Workbook, meta: Map<string, string>, fileName: string, scope: YearScope, choice: ReadChoice): ReadReturn {
  const t = scope.template;
  const get = (k: string) => (meta.get(k) ?? '').trim();
  const out = emptyReturn('form', null);
  const fatal = (message: string) => (out.problems.push(err(message)), (out.fatal = true), out);

  out.generatedAt = get(META_KEYS.generatedAt) || null;
  if (get(META_KEYS.templateId) !== t.id)
    return fatal(
      `Tệp là biểu mẫu của một mẫu báo cáo khác, không phải “${t.name}” mà năm ${scope.year} đang dùng. Hãy tạo biểu mẫu năm ${scope.year} (mục “Nhập Excel”) và gửi đơn vị điền lại.`,
    );
  if (Number(get(META_KEYS.templateVersion)) !== t.version)
    return fatal(
      `Tệp được lập từ phiên bản ${get(META_KEYS.templateVersion)} của mẫu “${t.name}”, còn năm ${scope.year} dùng phiên bản ${t.version}. Hãy tạo lại biểu mẫu và gửi đơn vị điền lại.`,
    );
  if (Number(get(META_KEYS.year)) !== scope.year)
    return fatal(`Tệp là biểu mẫu của năm ${get(META_KEYS.year)}, không phải năm ${scope.year}. Hãy chọn đúng năm hoặc đúng tệp.`);
  if (Number(get(META_KEYS.periodFrom)) !== scope.period.fromYear || Number(get(META_KEYS.periodTo)) !== scope.period.toYear)
    return fatal(
      `Tệp lập cho kỳ ${get(META_KEYS.periodFrom)} - ${get(META_KEYS.periodTo)}, còn kỳ báo cáo hiện nay là ${scope.period.fromYear} - ${scope.period.toYear}. Hãy tạo lại biểu mẫu.`,
    );
  const code = get(META_KEYS.unitCode);
  const formUnit = scope.units.find((u) => u.code === code);
  const chosen = choice.unitId === undefined ? undefined : scope.units.find((u) => u.id === choice.unitId);
  if (choice.unitId !== undefined && !chosen) return fatal('Không tìm thấy đơn vị đã chọn cho tệp này trong danh sách đơn vị của năm.');
  if (!formUnit && !chosen)
    return fatal(`Mã đơn vị “${code}” (${get(META_KEYS.unitName) || 'không rõ tên'}) không có trong danh sách đơn vị năm ${scope.year}. Hãy thêm đơn vị hoặc kiểm tra lại tệp.`);
  const unit = chosen ?? formUnit!;
  if (!unit.active) return fatal(`Đơn vị “${unit.name}” đã ngừng theo dõi trong năm ${scope.year}. Hãy bật lại đơn vị nếu vẫn nhận báo cáo của đơn vị này.`);
  out.unit = unit;
  if (!chosen) out.unitDoubt = unitDoubtOf(wb, fileName, unit, scope.units);
  if (get(META_KEYS.layoutChecksum) !== layoutChecksum(t, scope.period, unit.kind))
    out.problems.push(warn('Biểu mẫu được tạo theo bố cục khác với mẫu hiện tại; đã đọc theo mã số và tên chỉ tiêu.'));

  // Data sheet.
  const kindTemplate = templateForKind(t, unit.kind);
  const indicators = kindTemplate.indicators.filter((i) => i.kind !== 'ratio');
  const data = findSheet(wb, SHEETS.data);
  if (!data) out.problems.push(err(`Không thấy trang “${SHEETS.data}” trong tệp; có thể trang đã bị xóa hoặc đổi tên.`));
  else readDataSheet(out, data, indicators, labelIndex(kindTemplate), scope.period);

  // Lists.
  for (const { list, columns, sheet: expected } of formLists(t, unit.kind)) {
    const name = get(META_KEYS.listPrefix + list.id) || expected;
    const sheet = findSheet(wb, name);
    if (!sheet) {
      out.problems.push(warn(`Không thấy trang “${name}” (${list.label}); danh sách này được giữ như cũ.`));
      continue;
    }
    const header = findHeader(sheet, columns.map((c) => c.label));
    if (!header) {
      out.problems.push(err(`Trang “${sheet.name}”: không thấy dòng tiêu đề cột (${columns.map((c) => c.label).join(', ')}).`, sheet.name));
      continue;
    }
    const rows: ReadListRow[] = [];
    for (let r = header.row + 1; r <= sheet.maxRow; r++) {
      const values: Record<string, string> = {};
      const rowProblems: ImportProblem[] = [];
      for (const col of columns) {
        const c = header.cols.get(col.label)!;
        const res = readListCell(col, getCell(sheet, r, c));
        if ('error' in res) rowProblems.push(err(`${list.label}, cột “${col.label}”: ${res.error}`, sheet.name, cellRef(r, c)));
        else if (res.value !== null) values[col.key] = res.value;
      }
      if (!Object.keys(values).length && !rowProblems.length) continue;
      for (const col of columns) {
        const v = values[col.key];
        const ref = cellRef(r, header.cols.get(col.label)!);
        if (!v && col.required) rowProblems.push(err(`${list.label}: dòng ${r} thiếu “${col.label}”`, sheet.name, ref));
        if (v && col.type === 'choice' && col.options && !col.options.includes(v)) {
          const match = col.options.find((o) => foldLabel(o) === foldLabel(v));
          if (match) values[col.key] = match;
          else rowProblems.push(err(`${list.label}, cột “${col.label}”: “${v}” không có trong danh sách chọn (${col.options.join('; ')})`, sheet.name, ref));
        }
      }
      for (const col of list.columns) if (col.type === 'unit') values[col.key] = unit.code;
      out.problems.push(...rowProblems);
      rows.push({ values, sheet: sheet.name, cell: cellRef(r, 1) });
    }
    // An untouched list sheet is more likely skipped than a report of "none": rows already stored are kept.
    if (rows.length) out.lists.set(list.id, rows);
  }

  // Notes.
  const notesSheet = findSheet(wb, SHEETS.notes);
  if (notesSheet) {
    const header = findHeader(notesSheet, [NOTES_HEADERS.section, NOTES_HEADERS.note]);
    if (header) {
      const sections = new Set(noteSections(t).map((s) => s.section.id));
      const sc = header.cols.get(NOTES_HEADERS.section)!;
      const nc = header.cols.get(NOTES_HEADERS.note)!;
      out.notes = [];
      for (let r = header.row + 1; r <= notesSheet.maxRow; r++) {
        const id = text(notesSheet, r, sc);
        const note = String(getCell(notesSheet, r, nc)?.v ?? '').normalize('NFC').trim();
        if (!sections.has(id)) {
          if (note) out.problems.push(warn('Ghi chú ở dòng không thuộc mục nào của đề cương nên không được đọc', notesSheet.name, cellRef(r, nc)));
          continue;
        }
        if (note.length > 20000) out.problems.push(err('Thuyết minh dài quá 20.000 ký tự', notesSheet.name, cellRef(r, nc)));
        else out.notes.push({ sectionId: id, text: note, sheet: notesSheet.name, cell: cellRef(r, nc) });
      }
    } else out.problems.push(warn(`Trang “${notesSheet.name}” không có dòng tiêu đề; phần thuyết minh được giữ như cũ.`, notesSheet.name));
  }
  checkUnitRules(out, scope);
  return out;
}

const labelIndexes = new WeakMap<Template, Map<string, Indicator>>();

/** A kind's form indicators by folded label, computed once per (cached) per-kind template. */
function labelIndex(kindTemplate: Template): Map<string, Indicator> {
  let m = labelIndexes.get(kindTemplate);
  if (!m) {
    const inds = kindTemplate.indicators.filter((i) => i.kind !== 'ratio');
    labelIndexes.set(kindTemplate, (m = new Map(inds.map((i) => [foldLabel(i.label), i]))));
  }
  return m;
}

function readDataSheet(out: ReadReturn, sheet: Sheet, indicators: Indicator[], byLabel: Map<string, Indicator>, period: Period): void {
  const header = findHeader(sheet, [DATA_HEADERS.label]);
  if (!header) {
    out.problems.push(err(`Trang “${sheet.name}”: không thấy dòng tiêu đề có cột “${DATA_HEADERS.label}”.`, sheet.name));
    return;
  }
  const labelCol = header.cols.get(DATA_HEADERS.label)!;
  let codeCol: number | undefined;
  const yearCols = new Map<number, number>();
  let totalCol: number | undefined;
  for (let c = 1; c <= sheet.maxCol; c++) {
    const h = text(sheet, header.row, c);
    if (foldLabel(h) === foldLabel(DATA_HEADERS.code)) codeCol = c;
    const y = headerYear(h, period);
    if (y === WHOLE_PERIOD) totalCol ??= c;
    else if (typeof y === 'number' && !yearCols.has(y)) yearCols.set(y, c);
  }
  for (const y of periodYears(period))
    if (!yearCols.has(y)) out.problems.push(warn(`Trang “${sheet.name}” không có cột năm ${y}; các chỉ tiêu theo năm của năm ${y} được coi là để trống.`, sheet.name));
  const byCode = new Map(indicators.map((i) => [i.code, i]));
  const seen = new Map<string, number>();
  for (let r = header.row + 1; r <= sheet.maxRow; r++) {
    const code = codeCol ? text(sheet, r, codeCol).toUpperCase() : '';
    const label = text(sheet, r, labelCol);
    const ind = byCode.get(code) ?? (label ? byLabel.get(foldLabel(label)) : undefined);
    if (!ind) {
      const hasValue = [...yearCols.values(), ...(totalCol ? [totalCol] : [])].some((c) => {
        const v = getCell(sheet, r, c)?.v;
        return v !== null && v !== undefined && String(v).trim() !== '';
      });
      if (hasValue && label)
        out.problems.push(warn(`Dòng ${r} “${label}” không khớp chỉ tiêu nào của biểu mẫu nên không được đọc`, sheet.name, cellRef(r, labelCol)));
      continue;
    }
    if (seen.has(ind.code)) {
      out.problems.push(err(`Chỉ tiêu “${ind.label}” xuất hiện hai lần (dòng ${seen.get(ind.code)} và dòng ${r})`, sheet.name, cellRef(r, labelCol)));
      continue;
    }
    seen.set(ind.code, r);
    readRow(out, sheet, r, ind, yearCols, totalCol);
  }
  for (const ind of indicators)
    if (!seen.has(ind.code)) out.problems.push(warn(`Không thấy dòng của chỉ tiêu “${ind.label}”; chỉ tiêu này được coi là để trống.`, sheet.name));
}

const perKind = new WeakMap<Template, Map<UnitKind, Template>>();

/**
 * The part of a template that concerns one unit kind: the indicators it reports and the unit-level rules between
 * them. Checking a return against it gives the same unit results as the whole template, at a fraction of the work.
 */
function templateForKind(t: Template, kind: UnitKind): Template {
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
function checkUnitRules(out: ReadReturn, scope: YearScope): void {
  const unit = out.unit;
  if (!unit) return;
  const figures = out.figures.filter((f) => f.value !== null).map((f) => ({ unitId: unit.id, code: f.code, year: f.year, value: f.value! }));
  const where = new Map(out.figures.map((f) => [`${f.code}|${f.year}`, f]));
  const failed = evaluateRules(templateForKind(scope.template, unit.kind), [unit], figures, scope.period).filter(
    (r) => r.scope === 'unit' && r.status === 'failed',
  );
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

// ---------------------------------------------------------------------------------------------------------------
// Which unit the file says it is

/** Units named in a text, as whole words of the folded text; a name inside a longer named one does not count. */
export function unitsNamedIn(textToSearch: string, units: UnitDto[]): UnitDto[] {
  const hay = ` ${foldLabel(textToSearch)} `;
  const found = units
    .filter((u) => u.kind !== 'office')
    .map((u) => ({ u, key: foldLabel(u.name) }))
    .filter(({ key }) => key.length > 2 && hay.includes(` ${key} `));
  return found.filter((f) => !found.some((g) => g !== f && g.key.length > f.key.length && g.key.includes(f.key))).map((f) => f.u);
}

/** Title cells of our form that name the unit: "Đơn vị báo cáo: …" (data sheet) and "Đơn vị điền biểu: …" (instructions). */
const UNIT_TITLE = /^(?:don vi bao cao|don vi dien bieu)\s*:?\s*(.+)$/;

/**
 * A commune that typed its figures into its neighbour's form usually retitles it with its own name: the hidden code
 * then names one unit and the visible titles (or the file name) another. When a title or the file name names
 * some other unit and not the form's own, the clerk must say which unit the return is from.
 */
function unitDoubtOf(wb: Workbook, fileName: string, formUnit: UnitDto, units: UnitDto[]): ReadReturn['unitDoubt'] {
  // "Xã Tịnh Ấn Tây" contains "Xã Tịnh An": names are matched whole, the longest first, never by substring alone.
  const others = (t: string) => {
    const named = unitsNamedIn(t, units);
    return named.some((u) => u.id === formUnit.id) ? [] : named;
  };
  const evidence: { where: string; named: UnitDto[] }[] = [];
  for (const sheet of wb.sheets.filter((x) => x.state === 'visible')) {
    // A title merged across columns reads the same from each of them: one mention per sheet and text.
    const seen = new Set<string>();
    for (let r = 1; r <= Math.min(sheet.maxRow, 8); r++)
      for (let c = 1; c <= Math.min(sheet.maxCol, 8); c++) {
        const t = text(sheet, r, c);
        if (seen.has(t) || !UNIT_TITLE.test(foldDiacritics(t).trim())) continue;
        seen.add(t);
        const named = others(t);
        if (named.length) evidence.push({ where: `tiêu đề “${t}” (trang ${sheet.name})`, named });
      }
  }
  const named = others(fileName.replace(/\.[^.]+$/, '').replace(/[-_]+/g, ' '));
  if (named.length) evidence.push({ where: `tên tệp “${fileName}”`, named });
  if (!evidence.length) return null;
  const all = [...new Map(evidence.flatMap((e) => e.named).map((u) => [u.id, u])).values()];
  return {
    named: all,
    message: `Biểu mẫu này được tạo cho ${formUnit.name} (mã ${formUnit.code}) nhưng ${evidence.map((e) => e.where).join(' và ')} ghi ${all.map((u) => u.name).join(', ')}. Có thể đơn vị này đã điền vào biểu mẫu của đơn vị khác: hãy xác nhận đây là báo cáo của đơn vị nào trước khi nhập.`,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The unit's own layout

interface OwnCandidate {
  sheet: Sheet;
  labelCol: number;
  headerRow: number;
  matches: number;
}

/** A cell that heads a year column: "Năm 2021", "NĂM 2021", "2021", "Số liệu năm 2021 (người)"; not a title that mentions a year. */
function yearOfHeader(header: string, period: Period): number | null {
  const f = foldDiacritics(header).replace(/\s+/g, ' ').trim();
  if (f.length > 40) return null;
  const m = /^(?:so lieu )?(?:nam )?(\d{4})(?:\D|$)/.exec(f);
  const y = m ? Number(m[1]) : NaN;
  return periodYears(period).includes(y) && !/^\d{4}\s*-\s*\d{4}/.test(f) ? y : null;
}

/** How many distinct columns right of the label column head a year of the period in this row (a merged cell counts once). */
function yearColumnsIn(sheet: Sheet, row: number, labelCol: number, period: Period): number {
  const years = new Set<number>();
  for (let c = labelCol + 1; c <= Math.min(sheet.maxCol, labelCol + 30); c++) {
    const merged = sheet.merges.find((m) => row >= m.top && row <= m.bottom && c >= m.left && c <= m.right);
    if (merged && merged.left !== c) continue;
    if (merged && merged.right > merged.left) continue;
    const y = yearOfHeader(text(sheet, row, c), period);
    if (y !== null) years.add(y);
  }
  return years.size;
}

/**
 * Finds the sheet and column whose cells name the most indicators, and the header row above them: of the rows
 * above the first indicator, the one heading the most year columns (the lowest, when a two-row band repeats them).
 * A title row ("TỔNG HỢP SỐ LIỆU NĂM 2023") heads no column, and in a two-row band ("Số liệu qua các năm" merged
 * over "2021 2022 2023", "Tổng 3 năm" merged down) the row of years is the header; merged cells read from both rows.
 */
function findOwnLayout(wb: Workbook, byLabel: Map<string, Indicator>, period: Period): OwnCandidate | null {
  let best: OwnCandidate | null = null;
  for (const sheet of wb.sheets) {
    if (sheet.state !== 'visible') continue;
    const counts = new Map<number, { n: number; first: number }>();
    for (const [r, cells] of sheet.rows)
      for (const [c, cell] of cells)
        if (typeof cell.v === 'string' && byLabel.has(foldLabel(cell.v))) {
          const k = counts.get(c);
          counts.set(c, { n: (k?.n ?? 0) + 1, first: Math.min(k?.first ?? r, r) });
        }
    for (const [col, { n: matches, first }] of counts) {
      if (best && matches <= best.matches) continue;
      let headerRow = 0;
      let most = 0;
      for (let r = 1; r < Math.min(first, 41); r++) {
        const n = yearColumnsIn(sheet, r, col, period);
        if (n > 0 && n >= most) {
          headerRow = r;
          most = n;
        }
      }
      if (headerRow) best = { sheet, labelCol: col, headerRow, matches };
    }
  }
  return best;
}

function fingerprintOf(c: OwnCandidate): string {
  const h = createHash('sha256').update(foldLabel(c.sheet.name)).update(`|${c.labelCol}|${c.headerRow}|`);
  for (let col = 1; col <= c.sheet.maxCol; col++) h.update(foldLabel(text(c.sheet, c.headerRow, col))).update('\u0001');
  for (let r = c.headerRow + 1; r <= c.sheet.maxRow; r++) h.update(foldLabel(text(c.sheet, r, c.labelCol))).update('\u0002');
  return h.digest('hex').slice(0, 24);
}

function guessUnit(wb: Workbook, fileName: string, units: UnitDto[]): UnitDto | null {
  const hay = [foldLabel(fileName.replace(/\.[^.]+$/, '').replace(/[-_]+/g, ' '))];
  for (const s of wb.sheets.filter((x) => x.state === 'visible'))
    for (let r = 1; r <= Math.min(s.maxRow, 12); r++) for (let c = 1; c <= Math.min(s.maxCol, 12); c++) hay.push(foldLabel(text(s, r, c)));
  const all = ` ${hay.join(' | ')} `;
  const found = units
    .filter((u) => u.active && u.kind !== 'office')
    .map((u) => ({ u, key: foldLabel(u.name) }))
    .filter(({ key }) => key.length > 2 && all.includes(key))
    .sort((a, b) => b.key.length - a.key.length);
  return found[0]?.u ?? null;
}

/** Reads a return in the unit's own layout, through a confirmed mapping when there is one. */
function readOwn(wb: Workbook, fileName: string, scope: YearScope, remembered: (fingerprint: string) => { unitId: number; mapping: LayoutMapping } | null): ReadReturn {
  const out = emptyReturn('own', null);
  const all = scope.template.indicators.filter((i) => i.kind !== 'ratio');
  const byLabel = new Map(all.map((i) => [foldLabel(i.label), i]));
  const cand = findOwnLayout(wb, byLabel, scope.period);
  if (!cand) {
    out.problems.push(
      err(
        'Tệp không phải biểu mẫu của ứng dụng (không có trang thông tin ẩn) và không tìm thấy bảng nào có tên chỉ tiêu cùng cột năm. Hãy gửi đơn vị biểu mẫu để điền lại.',
      ),
    );
    out.fatal = true;
    return out;
  }
  const fp = fingerprintOf(cand);
  out.fingerprint = fp;
  const known = remembered(fp);
  const sheet = cand.sheet;
  const columns: MappingProposal['columns'] = [];
  for (let c = 1; c <= sheet.maxCol; c++) {
    if (c === cand.labelCol) continue;
    const h = text(sheet, cand.headerRow, c);
    if (!h) continue;
    const y = yearOfHeader(h, scope.period) ?? (headerYear(h, scope.period) === WHOLE_PERIOD ? WHOLE_PERIOD : null);
    columns.push({ col: c, header: h, year: y });
  }
  const rows: MappingProposal['rows'] = [];
  for (let r = cand.headerRow + 1; r <= sheet.maxRow; r++) {
    const label = text(sheet, r, cand.labelCol);
    if (!label) continue;
    const sample = columns
      .filter((c) => c.year !== null)
      .map((c) => getCell(sheet, r, c.col)?.v)
      .filter((v) => v !== null && v !== undefined && String(v).trim() !== '')
      .slice(0, 3)
      .map(String)
      .join(' · ');
    rows.push({ row: r, label, code: byLabel.get(foldLabel(label))?.code ?? null, sample });
  }
  out.proposal = { fingerprint: fp, sheet: sheet.name, labelCol: cand.labelCol, headerRow: cand.headerRow, unitGuess: guessUnit(wb, fileName, scope.units)?.id ?? null, rows, columns };
  if (!known) return out;

  out.mappingRemembered = true;
  out.unit = scope.units.find((u) => u.id === known.unitId) ?? null;
  if (!out.unit) {
    out.problems.push(err('Đơn vị đã ghép với bố cục này không còn trong danh sách; hãy xác nhận lại.'));
    return out;
  }
  applyMapping(out, sheet, known.mapping, scope);
  return out;
}

/** Reads figures through a confirmed mapping; rows are found by label, so inserted rows do not shift them. */
export function applyMapping(out: ReadReturn, sheet: Sheet, mapping: LayoutMapping, scope: YearScope): void {
  const unit = out.unit!;
  const byCode = new Map(scope.template.indicators.map((i) => [i.code, i]));
  const codeOf = new Map(mapping.rows.map((r) => [r.label, r.code]));
  const yearCols = new Map(mapping.columns.filter((c) => c.year !== WHOLE_PERIOD).map((c) => [c.year, c.col]));
  const totalCol = mapping.columns.find((c) => c.year === WHOLE_PERIOD)?.col;
  const seen = new Set<string>();
  for (let r = mapping.headerRow + 1; r <= sheet.maxRow; r++) {
    const code = codeOf.get(foldLabel(text(sheet, r, mapping.labelCol)));
    const ind = code ? byCode.get(code) : undefined;
    if (!ind || seen.has(ind.code)) continue;
    if (!ind.reporters.includes(unit.kind)) {
      out.problems.push(warn(`“${ind.label}” không do ${UNIT_KIND_LABELS[unit.kind].toLowerCase()} báo cáo nên không được đọc`, sheet.name, cellRef(r, mapping.labelCol)));
      continue;
    }
    seen.add(ind.code);
    readRow(out, sheet, r, ind, yearCols, totalCol);
  }
  out.problems.push(warn('Tệp theo bố cục riêng của đơn vị nên chỉ đọc các chỉ tiêu; danh sách và thuyết minh được giữ như cũ.'));
  checkUnitRules(out, scope);
}

/** Identifies and reads a parsed workbook. `remembered` looks up a confirmed own-layout mapping by fingerprint. */
export function readReturn(
  wb: Workbook,
  fileName: string,
  scope: YearScope,
  remembered: (fingerprint: string) => { unitId: number; mapping: LayoutMapping } | null,
  choice: ReadChoice = {},
): ReadReturn {
  const metaSheet = wb.sheets.find((s) => s.name === SHEETS.meta);
  const meta = metaSheet ? readMeta(metaSheet) : null;
  if (meta && meta.get(META_KEYS.app) === META_APP) return readForm(wb, meta, fileName, scope, choice);
  return readOwn(wb, fileName, scope, remembered);
}

/** The mapping a clerk confirmed from a proposal: rows by folded label, columns by position. */
export function mappingFromConfirmation(
  proposal: MappingProposal,
  rows: { row: number; code: string | null }[],
  columns: { col: number; year: number | null }[],
): LayoutMapping {
  const labelOf = new Map(proposal.rows.map((r) => [r.row, r.label]));
  return {
    sheet: proposal.sheet,
    labelCol: proposal.labelCol,
    headerRow: proposal.headerRow,
    rows: rows.filter((r) => r.code && labelOf.has(r.row)).map((r) => ({ label: foldLabel(labelOf.get(r.row)!), code: r.code! })),
    columns: columns.filter((c): c is { col: number; year: number } => c.year !== null),
  };
}
