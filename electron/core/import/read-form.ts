/** Reads a return made from our blank form (it has the meta sheet), and tells when the sheet names another unit. */
import { periodYears, WHOLE_PERIOD, type Period, type UnitDto } from '../../../shared/domain/records';
import type { Indicator, Template, UnitKind } from '../../../shared/domain/template';
import { foldDiacritics, foldLabel } from '../../../shared/format/text';
import type { ImportProblem } from '../../../shared/rpc/imports';
import { DATA_HEADERS, formLists, layoutChecksum, META_KEYS, NOTES_HEADERS, noteSections, SHEETS } from '../forms/layout';
import { cellRef, getCell, type CellValue, type Sheet, type Workbook } from '../xlsx/read';
import { readListCell } from './values';
import {
  cellText,
  checkUnitRules,
  emptyReturn,
  err,
  findHeader,
  foldedLabel,
  headerYear,
  readRow,
  remember,
  SheetText,
  templateForKind,
  warn,
  type ReadChoice,
  type ReadListRow,
  type ReadReturn,
  type YearScope,
} from './read-common';

export function readMeta(sheet: Sheet): Map<string, string> {
  const meta = new Map<string, string>();
  for (const [, cells] of sheet.rows) {
    const k = cells.get(1)?.v;
    const v = cells.get(2)?.v;
    if (k !== undefined && k !== null) meta.set(String(k), v === undefined || v === null ? '' : String(v));
  }
  return meta;
}

export function findSheet(wb: Workbook, name: string): Sheet | undefined {
  return wb.sheets.find((s) => s.name === name) ?? wb.sheets.find((s) => foldLabel(s.name) === foldLabel(name));
}

/** Reads a return made from our blank form (it has the meta sheet). */
export function readFormReturn(wb: Workbook, meta: Map<string, string>, fileName: string, scope: YearScope, choice: ReadChoice): ReadReturn {
  const t = scope.template;
  const get = (k: string) => (meta.get(k) ?? '').trim();
  const out = emptyReturn('form', null);
  // Each sheet's texts with its merged ranges indexed once, for the header searches and title checks below.
  const views = new Map<Sheet, SheetText>();
  const view = (sheet: Sheet) => views.get(sheet) ?? views.set(sheet, new SheetText(sheet)).get(sheet)!;
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
  if (!unit.active) return fatal(`Đơn vị “${unit.name}” đã ngừng báo cáo trong năm ${scope.year}. Nếu vẫn nhận báo cáo của đơn vị này, hãy bấm “Báo cáo lại” ở mục Đơn vị.`);
  out.unit = unit;
  if (!chosen) out.unitDoubt = unitDoubtOf(wb, view, fileName, unit, scope.units);
  if (get(META_KEYS.layoutChecksum) !== layoutChecksum(t, scope.period, unit.kind))
    out.problems.push(warn('Biểu mẫu được tạo theo bố cục khác với mẫu hiện tại; đã đọc theo mã số và tên chỉ tiêu.'));

  // Data sheet.
  const shape = formShape(t, unit.kind);
  const data = findSheet(wb, SHEETS.data);
  if (!data) out.problems.push(err(`Không thấy trang “${SHEETS.data}” trong tệp; có thể trang đã bị xóa hoặc đổi tên.`));
  else readDataSheet(out, view(data), shape, scope.period);

  // Lists.
  for (const { list, columns, sheet: expected } of shape.lists) {
    const name = get(META_KEYS.listPrefix + list.id) || expected;
    const sheet = findSheet(wb, name);
    if (!sheet) {
      out.problems.push(warn(`Không thấy trang “${name}” (${list.label}); danh sách này được giữ như cũ.`));
      continue;
    }
    const header = findHeader(view(sheet), columns.map((c) => c.label));
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
    const notes = view(notesSheet);
    const header = findHeader(notes, [NOTES_HEADERS.section, NOTES_HEADERS.note]);
    if (header) {
      const { sections } = shape;
      const sc = header.cols.get(NOTES_HEADERS.section)!;
      const nc = header.cols.get(NOTES_HEADERS.note)!;
      out.notes = [];
      for (let r = header.row + 1; r <= notesSheet.maxRow; r++) {
        const id = notes.at(r, sc);
        const note = cellText(getCell(notesSheet, r, nc)?.v);
        if (!sections.has(id)) {
          if (note) out.problems.push(warn('Ghi chú ở dòng không thuộc mục nào của đề cương nên không được đọc', notesSheet.name, cellRef(r, nc)));
          continue;
        }
        const cell = cellRef(r, nc);
        if (note.length > 20000) out.problems.push(err('Thuyết minh dài quá 20.000 ký tự', notesSheet.name, cell));
        else out.notes.push({ sectionId: id, text: note, sheet: notesSheet.name, cell });
      }
    } else out.problems.push(warn(`Trang “${notesSheet.name}” không có dòng tiêu đề; phần thuyết minh được giữ như cũ.`, notesSheet.name));
  }
  checkUnitRules(out, scope);
  return out;
}

/** What a unit kind's form holds: worked out once per template and kind, not for each of a batch's returns. */
interface FormShape {
  /** The indicators of the data sheet (ratios are computed, never read). */
  indicators: Indicator[];
  byCode: Map<string, Indicator>;
  /** By folded label. */
  byLabel: Map<string, Indicator>;
  lists: ReturnType<typeof formLists>;
  /** Ids of the outline's sections, which the notes sheet's rows name. */
  sections: Set<string>;
}
const shapes = new WeakMap<Template, FormShape>();

function formShape(t: Template, kind: UnitKind): FormShape {
  // The per-kind template is cached, so it identifies the (template, kind) pair.
  const kindTemplate = templateForKind(t, kind);
  let shape = shapes.get(kindTemplate);
  if (!shape) {
    const indicators = kindTemplate.indicators.filter((i) => i.kind !== 'ratio');
    shape = {
      indicators,
      byCode: new Map(indicators.map((i) => [i.code, i])),
      byLabel: new Map(indicators.map((i) => [foldLabel(i.label), i])),
      lists: formLists(t, kind),
      sections: new Set(noteSections(t).map((s) => s.section.id)),
    };
    shapes.set(kindTemplate, shape);
  }
  return shape;
}

/** The folded header of the code column. */
const CODE_HEADER = foldLabel(DATA_HEADERS.code);

function readDataSheet(out: ReadReturn, view: SheetText, { indicators, byCode, byLabel }: FormShape, period: Period): void {
  const { sheet } = view;
  const header = findHeader(view, [DATA_HEADERS.label]);
  if (!header) {
    out.problems.push(err(`Trang “${sheet.name}”: không thấy dòng tiêu đề có cột “${DATA_HEADERS.label}”.`, sheet.name));
    return;
  }
  const labelCol = header.cols.get(DATA_HEADERS.label)!;
  let codeCol: number | undefined;
  const yearCols = new Map<number, number>();
  let totalCol: number | undefined;
  for (let c = 1; c <= sheet.maxCol; c++) {
    const h = view.at(header.row, c);
    if (foldedLabel(h) === CODE_HEADER) codeCol = c;
    const y = headerYear(h, period);
    if (y === WHOLE_PERIOD) totalCol ??= c;
    else if (typeof y === 'number' && !yearCols.has(y)) yearCols.set(y, c);
  }
  for (const y of periodYears(period))
    if (!yearCols.has(y)) out.problems.push(warn(`Trang “${sheet.name}” không có cột năm ${y}; các chỉ tiêu theo năm của năm ${y} được coi là để trống.`, sheet.name));
  const seen = new Map<string, number>();
  for (let r = header.row + 1; r <= sheet.maxRow; r++) {
    const code = codeCol ? view.at(r, codeCol).toUpperCase() : '';
    // The label is read only when the code names no indicator (a row found by its code needs no label).
    let ind = byCode.get(code);
    const label = ind ? '' : view.at(r, labelCol);
    ind ??= label ? byLabel.get(foldedLabel(label)) : undefined;
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

// ---------------------------------------------------------------------------------------------------------------
// Which unit the file says it is

/** Units named in a text, as whole words of the folded text; a name inside a longer named one does not count. */
export function unitsNamedIn(textToSearch: string, units: UnitDto[]): UnitDto[] {
  // A folded name is whole words of the folded text exactly when it equals a run of its words: the runs are looked
  // up (a province has 400 names to look for in every title of every return).
  const names = foldedNames(units);
  const words = foldLabel(textToSearch).split(' ');
  const hits = new Set<number>();
  for (let i = 0; i < words.length; i++)
    for (let n = 1, key = words[i]; n <= names.maxWords && i + n <= words.length && names.prefixes.has(key); key += ' ' + words[i + n], n++)
      for (const at of names.byKey.get(key) ?? []) hits.add(at);
  const found = [...hits].sort((a, b) => a - b).map((at) => names.list[at]);
  return found.filter((f) => !found.some((g) => g !== f && g.key.length > f.key.length && g.key.includes(f.key))).map((f) => f.u);
}

interface FoldedNames {
  /** Reporting units with their folded names, in the units' order. */
  list: { u: UnitDto; key: string }[];
  /** Positions in `list` by folded name. */
  byKey: Map<string, number[]>;
  /** Words of the longest name. */
  maxWords: number;
  /** The first words of every name ("xa", "xa tinh", "xa tinh an"…): a run that is none of them starts no name. */
  prefixes: Set<string>;
}
const folded = new WeakMap<UnitDto[], FoldedNames>();

/** The reporting units' names folded once per unit list (a province batch checks 400 files against 400 names). */
function foldedNames(units: UnitDto[]): FoldedNames {
  let f = folded.get(units);
  if (!f) {
    const list = units.filter((u) => u.kind !== 'office').map((u) => ({ u, key: foldLabel(u.name) })).filter(({ key }) => key.length > 2);
    const byKey = new Map<string, number[]>();
    list.forEach(({ key }, at) => byKey.set(key, [...(byKey.get(key) ?? []), at]));
    const prefixes = new Set<string>();
    for (const { key } of list) {
      const words = key.split(' ');
      for (let n = 1; n <= words.length; n++) prefixes.add(words.slice(0, n).join(' '));
    }
    folded.set(units, (f = { list, byKey, maxWords: Math.max(0, ...list.map(({ key }) => key.split(' ').length)), prefixes }));
  }
  return f;
}

/** Title cells of our form that name the unit: "Đơn vị báo cáo: …" (data sheet) and "Đơn vị điền biểu: …" (instructions). */
const UNIT_TITLE = /^(?:don vi bao cao|don vi dien bieu)\s*:?\s*(.+)$/;

/**
 * A cell's cleaned text (cellText) when it is a unit title, else null. The same headers ("Đơn vị tính"…) head the
 * corner of every return of a batch: each distinct value is judged once.
 */
function unitTitleText(v: string): string | null {
  const known = unitTitleTexts.get(v);
  if (known !== undefined) return known;
  const t = cellText(v);
  return remember(unitTitleTexts, v, t && isUnitTitle(t) ? t : null);
}
const unitTitleTexts = new Map<string, string | null>();

/** A cell's text is a title naming the unit. */
export function isUnitTitle(t: string): boolean {
  return UNIT_TITLE.test(foldDiacritics(t).trim());
}

/**
 * Whether a cell's value can be a unit title (isUnitTitle of its text), judged by its first letter alone: the folded,
 * trimmed text starts with "d" only when, past spaces and the marks that folding drops (U+0300–U+036F), the value
 * starts with a letter that folds to d (d, D, đ, Đ, ď, Ď, ḋ…ḓ). Most cells are not titles: they are neither cleaned
 * nor folded.
 */
export function mayBeUnitTitle(v: CellValue | null | undefined): v is string {
  if (typeof v !== 'string') return false;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if ((c >= 0x300 && c <= 0x36f) || isSpace(c)) continue;
    return c === 0x44 || c === 0x64 || (c >= 0x10e && c <= 0x111) || (c >= 0x1e0a && c <= 0x1e13);
  }
  return false;
}

/** The characters of a regular expression's \s (white space and line ends), by code. */
function isSpace(c: number): boolean {
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * A commune that typed its figures into its neighbour's form usually retitles it with its own name: the hidden code
 * then names one unit and the visible titles (or the file name) another. When a title or the file name names
 * some other unit and not the form's own, the clerk must say which unit the return is from.
 */
function unitDoubtOf(wb: Workbook, view: (sheet: Sheet) => SheetText, fileName: string, formUnit: UnitDto, units: UnitDto[]): ReadReturn['unitDoubt'] {
  // "Xã Tịnh Ấn Tây" contains "Xã Tịnh An": names are matched whole, the longest first, never by substring alone.
  const others = (t: string) => {
    const named = unitsNamedIn(t, units);
    return named.some((u) => u.id === formUnit.id) ? [] : named;
  };
  // Every data sheet of a form repeats the same title: the units it names are looked for once per file.
  const judged = new Map<string, UnitDto[]>();
  const namedByTitle = (t: string): UnitDto[] => judged.get(t) ?? judged.set(t, others(t)).get(t)!;
  const evidence: { where: string; named: UnitDto[] }[] = [];
  for (const sheet of wb.sheets.filter((x) => x.state === 'visible')) {
    // A title merged across columns reads the same from each of them: one mention per sheet and text.
    const seen = new Set<string>();
    for (const v of view(sheet).corner(Math.min(sheet.maxRow, 8), Math.min(sheet.maxCol, 8))) {
      if (!mayBeUnitTitle(v)) continue;
      const t = unitTitleText(v);
      if (t === null || seen.has(t)) continue;
      seen.add(t);
      const named = namedByTitle(t);
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

