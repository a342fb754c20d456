/**
 * Writes a unit's blank Excel form: instructions, the figures sheet, one sheet per list, the notes sheet and a
 * very hidden meta sheet. Names, headers and meta keys come from ./layout, which the return importer reads too.
 *
 * Input cells are unlocked on protected sheets (no password: protection guards against slips, not people),
 * so a unit can type only where a value belongs, yet still insert rows and resize rows and columns.
 */
import type * as ExcelJS from 'exceljs';
import { periodYears, type Period, type UnitDto } from '../../../shared/domain/records';
import { createResolver, resolveText, runsToText } from '../../../shared/domain/placeholders';
import { reportNameForPeriod, type Indicator, type ListColumn, type Regime, type Section, type Template } from '../../../shared/domain/template';
import { foldDiacritics } from '../../../shared/format/text';
import {
  DATA_HEADERS,
  FORM_LAYOUT_VERSION,
  META_APP,
  META_KEYS,
  NOTES_HEADERS,
  SHEETS,
  formIndicators,
  formLists,
  layoutChecksum,
  noteSections,
  totalHeader,
  yearHeader,
} from './layout';
import { codeCell, dmy, wrappedHeight, numberFormat, figureValidation, inputCell, lockedCell, headerCell, banner, INPUT_FILL, CODE_FONT, PROTECTION, PAGE, INLINE_LIST_MAX, NOTHING_TO_REPORT, font } from './cells';

export interface FormArgs {
  template: Template;
  /** The year's period (from the year's regime, which may differ from the template's default). */
  period: Period;
  /** The reporting year (the year file), not a year of the period. */
  year: number;
  unit: Pick<UnitDto, 'code' | 'name' | 'kind'>;
  /** The compiling body as written in running text ("Ủy ban nhân dân thành phố Quảng Ngãi"); may be empty. */
  issuerName: string;
  /** ISO timestamp. */
  generatedAt: string;
  /** The year's regime, for the report name and the units' deadline; the template's default when absent. */
  regime?: Regime;
  /** The year's "pad counts below 10" setting, for placeholders in headings ("03 năm"). */
  padCounts?: boolean;
  /**
   * The unit whose text sizes the rows when `unit` holds stand-in names (a form built once as a model for the units
   * of a kind, see ./clone): row heights follow the real name, not the stand-in.
   */
  measureUnit?: Pick<UnitDto, 'code' | 'name'>;
}

/** Input rows prepared on each list sheet, below its header (units may insert more). */
export const LIST_INPUT_ROWS = 200;

interface Ctx {
  args: FormArgs;
  regime: Regime;
  heading: (s: Section) => string;
}

/** The instructions' line naming the unit: the only row whose height depends on the unit's name. */
export const unitLine = (unit: Pick<UnitDto, 'code' | 'name'>): string => `Đơn vị điền biểu: ${unit.name} (mã đơn vị ${unit.code}).`;

/** Height of that line: units whose line wraps alike share one model form (./clone). */
export const unitLineHeight = (unit: Pick<UnitDto, 'code' | 'name'>): number => wrappedHeight(unitLine(unit), 95, 17);

function writeInstructions(wb: ExcelJS.Workbook, c: Ctx, hasLists: boolean) {
  const { template, period, year, unit, issuerName } = c.args;
  const ws = wb.addWorksheet(SHEETS.instructions, { pageSetup: { ...PAGE, orientation: 'portrait' }, views: [{ showGridLines: false }] });
  ws.getColumn(1).width = 6;
  ws.getColumn(2).width = 95;
  const range = period.fromYear === period.toYear ? `${period.fromYear}` : `${period.fromYear} - ${period.toYear}`;
  let r = 1;
  const line = (a: string, b: string, f: Partial<ExcelJS.Font> = {}, measured = b) => {
    const row = ws.getRow(r++);
    row.getCell(1).value = a;
    row.getCell(2).value = b;
    [1, 2].forEach((i) => {
      row.getCell(i).font = font(f);
      row.getCell(i).alignment = { vertical: 'top', wrapText: true, horizontal: i === 1 ? 'right' : 'left' };
    });
    row.height = wrappedHeight(measured, 95, 17);
  };
  banner(ws, r++, 2, 'HƯỚNG DẪN ĐIỀN BIỂU MẪU', { bold: true, size: 14 }, 24);
  r++;
  const name = reportNameForPeriod({ ...c.regime, period });
  line('', `Biểu mẫu này dùng để thu thập số liệu phục vụ ${name.charAt(0).toLocaleLowerCase('vi')}${name.slice(1)}.`);
  line('', `Mẫu báo cáo: ${template.name}.`);
  line('', `Kỳ báo cáo: ${range}. Năm báo cáo: ${year}.`);
  line('', unitLine(unit), { bold: true }, unitLine(c.args.measureUnit ?? unit));
  if (issuerName) line('', `Nơi nhận biểu: ${issuerName}.`);
  if (c.regime.unitDeadline) line('', `Hạn gửi lại biểu: ngày ${dmy(c.regime.unitDeadline)}.`, { bold: true });
  r++;
  line('', 'Cách điền:', { bold: true });
  const steps = [
    `Trang “${SHEETS.data}”: nhập vào các ô màu vàng. Các trang danh sách và trang “${SHEETS.notes}”: nhập vào các ô trắng có kẻ khung. Các ô màu xám và các ô tiêu đề đã được khóa.`,
    'Ghi số không kèm đơn vị tính (ghi 12, không ghi “12 đơn”); đơn vị tính đã có ở cột “Đơn vị tính”.',
    'Số đếm (số đơn, số kỳ, số mô hình…) là số nguyên, không có phần thập phân.',
    'Không có gì để báo cáo thì để trống hoặc gõ dấu “-”; chỉ ghi 0 khi số liệu thực sự bằng không.',
    `Chỉ tiêu nhập theo từng năm: cột “${totalHeader(period)}” tự cộng. Chỉ tiêu chỉ có một số cho cả giai đoạn: nhập vào cột đó.`,
    'Không đổi tên, không xóa các trang tính (sheet); không xóa cột “Mã số” và không sửa các mã trong cột này. Được chèn thêm dòng khi cần.',
    ...(hasLists
      ? ['Các trang danh sách (tên bắt đầu bằng “DS”): mỗi dòng ghi một mục; cột có dấu (*) phải ghi; cột có danh mục thì chọn trong danh sách thả xuống; ngày ghi dạng dd/mm/yyyy.']
      : []),
    `Trang “${SHEETS.notes}”: ghi ngắn gọn kết quả, khó khăn, kiến nghị của đơn vị theo từng mục (nếu có).`,
    'Lưu và gửi lại tệp ở định dạng .xlsx (Excel Workbook), không đặt mật khẩu, không đổi tên trang tính.',
  ];
  steps.forEach((s, i) => line(`${i + 1}.`, s));
  ws.protect('', { selectLockedCells: true, selectUnlockedCells: true });
}

/** Sections shown on the data sheet: those holding one of the unit's indicators, and their ancestors. */
function shownSections(template: Template, indicators: Indicator[]): Set<string> {
  const used = new Set(indicators.map((i) => i.section));
  const shown = new Set<string>();
  const walk = (s: Section): boolean => {
    const any = s.children.map(walk).some(Boolean) || used.has(s.id);
    if (any) shown.add(s.id);
    return any;
  };
  template.outline.forEach(walk);
  return shown;
}

function writeData(wb: ExcelJS.Workbook, c: Ctx) {
  const { template, period, unit, issuerName } = c.args;
  const years = periodYears(period);
  const indicators = formIndicators(template, unit.kind);
  const firstYearCol = 5;
  const totalCol = firstYearCol + years.length;
  const lastCol = totalCol;
  const HEADER_ROW = 6;
  const ws = wb.addWorksheet(SHEETS.data, {
    pageSetup: { ...PAGE, printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}` },
    views: [{ state: 'frozen', xSplit: 3, ySplit: HEADER_ROW, topLeftCell: `D${HEADER_ROW + 1}`, activeCell: `E${HEADER_ROW + 1}` }],
  });
  banner(ws, 1, lastCol, 'BIỂU SỐ LIỆU', { bold: true, size: 14 }, 22);
  const title = reportNameForPeriod({ ...c.regime, period });
  banner(ws, 2, lastCol, title, { bold: true }, wrappedHeight(title, 120, 17));
  banner(ws, 3, lastCol, `Đơn vị báo cáo: ${unit.name}`, { bold: true }, 20);
  const sendTo = [issuerName && `Gửi về: ${issuerName}`, c.regime.unitDeadline && `hạn gửi: ngày ${dmy(c.regime.unitDeadline)}`].filter(Boolean).join('; ');
  if (sendTo) banner(ws, 4, lastCol, `${sendTo}.`, { italic: true }, 18);
  banner(ws, 5, lastCol, `Ô màu vàng là ô nhập số liệu; ô màu xám không nhập. ${NOTHING_TO_REPORT}`, { italic: true, size: 11 }, 18);

  const headers = [DATA_HEADERS.code, DATA_HEADERS.stt, DATA_HEADERS.label, DATA_HEADERS.unit, ...years.map(yearHeader), totalHeader(period)];
  const header = ws.getRow(HEADER_ROW);
  headers.forEach((h, i) => headerCell(header.getCell(i + 1), h));
  header.getCell(1).font = { ...CODE_FONT, bold: true };
  header.height = 36;

  const codeWidth = Math.min(22, Math.max(8, ...indicators.map((i) => i.code.length * 0.75 + 1)));
  // 12.5 wide, the total's header breaks as "Cả giai đoạn" / "2021 - 2023" rather than after the first year.
  const widths = [codeWidth, 5, 58, 11, ...years.map(() => 11), 12.5];
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));

  const shown = shownSections(template, indicators);
  let r = HEADER_ROW + 1;
  for (const { section, depth } of noteSections(template)) {
    if (!shown.has(section.id)) continue;
    const row = ws.getRow(r);
    const text = [section.number.trim(), c.heading(section)].filter(Boolean).join(' ');
    for (let col = 1; col <= lastCol; col++) lockedCell(row.getCell(col), false);
    row.getCell(3).value = text;
    row.getCell(3).font = font({ bold: true, italic: depth >= 2 });
    row.getCell(3).alignment = { vertical: 'middle', wrapText: true };
    ws.mergeCells(r, 3, r, lastCol);
    row.height = wrappedHeight(text, widths.slice(2).reduce((a, b) => a + b, 0));
    r++;
    indicators
      .filter((i) => i.section === section.id)
      .forEach((ind, k) => {
        const row = ws.getRow(r);
        codeCell(row.getCell(1), ind.code, 'middle');
        lockedCell(row.getCell(2), false);
        row.getCell(2).value = k + 1;
        row.getCell(2).alignment = { horizontal: 'center', vertical: 'middle' };
        lockedCell(row.getCell(3), false);
        row.getCell(3).value = ind.label;
        row.getCell(3).alignment = { vertical: 'middle', wrapText: true };
        lockedCell(row.getCell(4), false);
        row.getCell(4).value = ind.unit;
        row.getCell(4).alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
        const fmt = numberFormat(ind);
        const numeric = ind.kind === 'count' || ind.kind === 'decimal';
        const yearCells = years.map((_, j) => row.getCell(firstYearCol + j));
        const total = row.getCell(totalCol);
        if (ind.byYear) {
          yearCells.forEach((cell) => inputCell(cell, fmt, figureValidation(ind, cell.address), INPUT_FILL));
          lockedCell(total);
          if (numeric) {
            const span = `${yearCells[0].address}:${yearCells[yearCells.length - 1].address}`;
            // Blank when no year is filled in: a total of 0 would read as "reported zero".
            total.value = { formula: `IF(COUNT(${span})=0,"",SUM(${span}))` } as ExcelJS.CellFormulaValue;
            total.numFmt = fmt;
            total.font = font({ bold: true });
            total.alignment = { horizontal: 'right', vertical: 'middle' };
          }
        } else {
          yearCells.forEach((cell) => lockedCell(cell));
          inputCell(total, fmt, figureValidation(ind, total.address), INPUT_FILL);
        }
        row.height = Math.max(wrappedHeight(ind.label, widths[2]), wrappedHeight(ind.unit, widths[3]));
        r++;
      });
  }
  ws.protect('', PROTECTION);
}

/**
 * Drop-down options too long for Excel's inline list (or holding a comma) go to this very hidden sheet, one column
 * per drop-down; it exists only when needed, after the meta sheet, and nothing on it is read back from a return.
 */
export const OPTIONS_SHEET = '_danhmuc';

interface OptionColumn {
  options: string[];
}

function listValidation(col: ListColumn, helper: OptionColumn[]): ExcelJS.DataValidation | null {
  const base = { allowBlank: true, showErrorMessage: true, errorStyle: 'stop' as const, errorTitle: 'Giá trị không hợp lệ' };
  if (col.type === 'choice' && col.options?.length) {
    const joined = col.options.join(',');
    const inline = joined.length <= INLINE_LIST_MAX - 2 && !col.options.some((o) => /[,"]/.test(o));
    let formula = `"${joined}"`;
    if (!inline) {
      helper.push({ options: col.options });
      const letter = columnLetter(helper.length);
      formula = `'${OPTIONS_SHEET}'!$${letter}$1:$${letter}$${col.options.length}`;
    }
    return { ...base, type: 'list', formulae: [formula], error: `Hãy chọn một giá trị trong danh sách: ${col.options.join('; ')}.` };
  }
  if (col.type === 'date')
    return { ...base, type: 'date', operator: 'greaterThan', formulae: [new Date(Date.UTC(1900, 0, 1))], error: 'Ô này nhập ngày dạng dd/mm/yyyy, ví dụ 05/01/2024.' };
  if (col.type === 'number') {
    // A column headed "Năm…" holds a calendar year; any other number column a non-negative quantity.
    if (foldDiacritics(col.label).startsWith('nam'))
      return { ...base, type: 'whole', operator: 'between', formulae: [1900, 2100], error: 'Ô này nhập năm gồm 4 chữ số, ví dụ 2023.' };
    return { ...base, type: 'decimal', operator: 'greaterThanOrEqual', formulae: [0], error: 'Ô này nhập số không âm, không kèm đơn vị tính.' };
  }
  return null;
}

function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

function writeList(wb: ExcelJS.Workbook, c: Ctx, l: ReturnType<typeof formLists>[number], helper: OptionColumn[]) {
  const HEADER_ROW = 2;
  const ws = wb.addWorksheet(l.sheet, {
    pageSetup: { ...PAGE, printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}` },
    views: [{ state: 'frozen', ySplit: HEADER_ROW, activeCell: `A${HEADER_ROW + 1}` }],
  });
  const n = l.columns.length;
  banner(ws, 1, n, `${l.list.label} – ${c.args.unit.name}`, { bold: true, size: 13 }, 36);
  const header = ws.getRow(HEADER_ROW);
  l.columns.forEach((col, i) => {
    headerCell(header.getCell(i + 1), col.required ? `${col.label} (*)` : col.label);
    ws.getColumn(i + 1).width = Math.min(60, Math.max(10, (col.width ?? 2) * 9));
  });
  header.height = 36;
  const formats = l.columns.map((col) => (col.type === 'date' ? 'dd/mm/yyyy' : col.type === 'number' ? 'General' : '@'));
  const first = HEADER_ROW + 1;
  const last = HEADER_ROW + LIST_INPUT_ROWS;
  for (let r = first; r <= last; r++) {
    const row = ws.getRow(r);
    l.columns.forEach((_, i) => inputCell(row.getCell(i + 1), formats[i], null, null));
  }
  // One validation per column range: ExcelJS 4.4 merges per-cell validations after sorting addresses as text
  // (B10 before B3), which writes overlapping ranges that LibreOffice and Numbers cut short (exceljs#2820).
  const dv = (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations;
  l.columns.forEach((col, i) => {
    const v = listValidation(col, helper);
    const letter = columnLetter(i + 1);
    if (v) dv.add(`${letter}${first}:${letter}${last}`, v);
  });
  ws.protect('', { ...PROTECTION, deleteRows: true });
}

function writeNotes(wb: ExcelJS.Workbook, c: Ctx) {
  const HEADER_ROW = 3;
  const ws = wb.addWorksheet(SHEETS.notes, {
    pageSetup: { ...PAGE, printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}` },
    views: [{ state: 'frozen', ySplit: HEADER_ROW, activeCell: `D${HEADER_ROW + 1}` }],
  });
  const widths = [18, 7, 48, 72];
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  banner(ws, 1, 4, `THUYẾT MINH CỦA ĐƠN VỊ – ${c.args.unit.name}`, { bold: true, size: 13 }, 22);
  banner(ws, 2, 4, 'Ghi ngắn gọn kết quả nổi bật, khó khăn, vướng mắc và kiến nghị theo từng mục; mục không có nội dung thì để trống.', { italic: true, size: 11 }, 18);
  const header = ws.getRow(HEADER_ROW);
  [NOTES_HEADERS.section, NOTES_HEADERS.number, NOTES_HEADERS.heading, NOTES_HEADERS.note].forEach((h, i) => headerCell(header.getCell(i + 1), h));
  header.getCell(1).font = { ...CODE_FONT, bold: true };
  header.height = 24;
  noteSections(c.args.template).forEach(({ section, depth }, k) => {
    const row = ws.getRow(HEADER_ROW + 1 + k);
    codeCell(row.getCell(1), section.id, 'top');
    lockedCell(row.getCell(2), false);
    row.getCell(2).value = section.number.trim();
    row.getCell(2).alignment = { vertical: 'top', horizontal: 'center' };
    const heading = c.heading(section);
    lockedCell(row.getCell(3), false);
    row.getCell(3).value = heading;
    row.getCell(3).font = font({ bold: depth === 0 });
    row.getCell(3).alignment = { vertical: 'top', wrapText: true, indent: depth };
    inputCell(row.getCell(4), '@', null, null);
    row.getCell(4).alignment = { vertical: 'top', wrapText: true };
    row.height = Math.max(48, wrappedHeight(heading, widths[2] - depth * 2));
  });
  ws.protect('', PROTECTION);
}

function writeMeta(wb: ExcelJS.Workbook, c: Ctx, lists: ReturnType<typeof formLists>) {
  const { template, period, year, unit, generatedAt } = c.args;
  const ws = wb.addWorksheet(SHEETS.meta, { state: 'veryHidden' });
  const rows: [string, string][] = [
    [META_KEYS.app, META_APP],
    [META_KEYS.layoutVersion, String(FORM_LAYOUT_VERSION)],
    [META_KEYS.templateId, template.id],
    [META_KEYS.templateVersion, String(template.version)],
    [META_KEYS.year, String(year)],
    [META_KEYS.periodFrom, String(period.fromYear)],
    [META_KEYS.periodTo, String(period.toYear)],
    [META_KEYS.unitCode, unit.code],
    [META_KEYS.unitName, unit.name],
    [META_KEYS.generatedAt, generatedAt],
    [META_KEYS.layoutChecksum, layoutChecksum(template, period, unit.kind)],
    ...lists.map((l): [string, string] => [`${META_KEYS.listPrefix}${l.list.id}`, l.sheet]),
  ];
  rows.forEach(([k, v], i) => {
    ws.getCell(i + 1, 1).value = k;
    ws.getCell(i + 1, 2).value = v;
  });
  ws.protect('', {});
}

function writeOptions(wb: ExcelJS.Workbook, helper: OptionColumn[]) {
  if (helper.length === 0) return;
  const ws = wb.addWorksheet(OPTIONS_SHEET, { state: 'veryHidden' });
  helper.forEach((h, i) => h.options.forEach((o, j) => (ws.getCell(j + 1, i + 1).value = o)));
  ws.protect('', {});
}

/** The blank form of one unit as .xlsx bytes. */
export async function buildForm(args: FormArgs): Promise<Buffer> {
  const ExcelJS = (await import('exceljs')).default;
  const regime = args.regime ?? args.template.regime;
  const resolver = createResolver({
    template: args.template,
    aggregation: { years: periodYears(args.period), indicators: {}, unitTotals: {} },
    period: args.period,
    padCounts: args.padCounts ?? true,
    fields: args.issuerName ? { 'issuer.name': args.issuerName } : {},
  });
  const c: Ctx = { args, regime, heading: (s) => runsToText(resolveText(s.heading.trim(), resolver)) };
  const lists = formLists(args.template, args.unit.kind);
  const helper: OptionColumn[] = [];

  const wb = new ExcelJS.Workbook();
  wb.creator = 'Tổng hợp báo cáo';
  wb.lastModifiedBy = 'Tổng hợp báo cáo';
  wb.title = `Biểu mẫu ${reportNameForPeriod({ ...regime, period: args.period })} – ${args.unit.name}`;
  wb.subject = args.template.name;
  wb.created = new Date(args.generatedAt);
  wb.modified = new Date(args.generatedAt);
  wb.calcProperties.fullCalcOnLoad = true;

  writeInstructions(wb, c, lists.length > 0);
  writeData(wb, c);
  lists.forEach((l) => writeList(wb, c, l, helper));
  writeNotes(wb, c);
  writeMeta(wb, c, lists);
  writeOptions(wb, helper);
  wb.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 0, visibility: 'visible' }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}
