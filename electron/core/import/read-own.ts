/** Reads a return in the unit's own layout: finds its table and header band, proposes a mapping, applies a confirmed one. */
import { createHash } from 'node:crypto';
import { periodYears, WHOLE_PERIOD, type Period, type UnitDto } from '../../../shared/domain/records';
import type { Indicator } from '../../../shared/domain/template';
import { UNIT_KIND_LABELS } from '../../../shared/domain/template';
import { foldDiacritics, foldLabel } from '../../../shared/format/text';
import type { LayoutMapping, MappingProposal } from '../../../shared/rpc/imports';
import { cellRef, getCell, type Sheet, type Workbook } from '../xlsx/read';
import { checkUnitRules, emptyReturn, err, headerYear, readRow, text, warn, type ReadReturn, type YearScope } from './read-common';

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
export function readOwn(wb: Workbook, fileName: string, scope: YearScope, remembered: (fingerprint: string) => { unitId: number; mapping: LayoutMapping } | null): ReadReturn {
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
