import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { closeCore, createCore, type CoreContext } from '../../electron/core';
import { createYear } from '../../electron/core/services/years';
import { builtinTemplates, chooseTemplate, parseTemplateText, saveNarrative, setRegime } from '../../electron/core/services/templates';
import { reportModel } from '../../electron/core/services/report';
import { CLOSING_ID, OPENING_ID } from '../../shared/domain/template';
import { figureHistory, saveFigures, yearData } from '../../electron/core/services/figures';
import { addUnit, changeUnit, importUnitsFromExcel } from '../../electron/core/services/units';
import { deleteListRow, listRowsOf, saveListRow } from '../../electron/core/services/lists';
import { loadDemo } from '../../electron/core/services/demo';
import { AppError } from '../../shared/rpc/envelope';
import { tempDir } from '../support/web-host';

let ctx: CoreContext;
let dir: string;
beforeEach(() => {
  dir = tempDir();
  ctx = createCore({ host: 'cli', workspaceDir: dir, actor: 'chuyên viên A' });
});
afterEach(() => {
  closeCore(ctx);
  rmSync(dir, { recursive: true, force: true });
});

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

function setupYear() {
  createYear(ctx, 2024);
  chooseTemplate(ctx, 2024, { templateId: 'ct08-so-ket', period: { fromYear: 2021, toYear: 2023 } });
  const office = addUnit(ctx, 2024, { code: 'VP', name: 'Văn phòng HĐND và UBND', kind: 'office' });
  const ward = addUnit(ctx, 2024, { code: 'P01', name: 'Phường Lê Hồng Phong', kind: 'phuong' });
  return { office, ward };
}

describe('templates of a year', () => {
  it('offers both built-in templates', () => {
    expect(builtinTemplates(ctx).map((t) => t.id).sort()).toEqual(['ct08-so-ket', 'dan-van-hang-nam']);
  });

  it('keeps a copy of the chosen template and its period in the year file', () => {
    setupYear();
    const d = yearData(ctx, 2024);
    expect(d.template?.id).toBe('ct08-so-ket');
    expect(d.regime?.period).toEqual({ fromYear: 2021, toYear: 2023 });
  });

  it('starts a year without a regime from the template moved to the year: an annual report for 2026 is due in 2026', () => {
    createYear(ctx, 2026);
    const { regime } = chooseTemplate(ctx, 2026, { templateId: 'dan-van-hang-nam' });
    expect(regime.period).toEqual({ fromYear: 2026, toYear: 2026 });
    expect(regime.unitDeadline?.slice(0, 4)).toBe('2026');
    expect(regime.officeDeadline?.slice(0, 4)).toBe('2026');
    expect(regime.request).toBeUndefined();
  });

  it("keeps the year's period, deadlines and request when a template is chosen again or changed", () => {
    setupYear();
    const first = yearData(ctx, 2024).regime!;
    setRegime(ctx, 2024, { ...first, unitDeadline: '2024-04-25', request: { number: '12/SNV-XDCQ', date: '2024-04-10', body: 'Sở Nội vụ', subject: 'báo cáo sơ kết' } });
    const { regime } = chooseTemplate(ctx, 2024, { templateId: 'dan-van-hang-nam' });
    expect(regime.period).toEqual({ fromYear: 2021, toYear: 2023 });
    expect(regime.unitDeadline).toBe('2024-04-25');
    expect(regime.request?.number).toBe('12/SNV-XDCQ');
    expect(regime.reportName).toBe('Báo cáo công tác dân vận chính quyền');
    expect(refusal(() => setRegime(ctx, 2024, { ...regime, unitDeadline: '2024-06-01', officeDeadline: '2024-05-10' })).message).toMatch(/Hạn đơn vị/);
  });

  it('refuses a period that ends before it starts', () => {
    createYear(ctx, 2024);
    expect(refusal(() => chooseTemplate(ctx, 2024, { templateId: 'ct08-so-ket', period: { fromYear: 2023, toYear: 2021 } })).message).toMatch(
      /năm kết thúc/,
    );
  });

  it('refuses a template file that is not JSON, or breaks the format, naming the problem', () => {
    expect(refusal(() => parseTemplateText('{ "id": ', 'mau.json')).message).toMatch(/không phải JSON hợp lệ.*Chưa có gì được lưu/);
    const t = JSON.parse(JSON.stringify(builtinTemplates(ctx)[0]));
    t.indicators.push({ ...t.indicators[0] });
    expect(refusal(() => parseTemplateText(JSON.stringify(t), 'mau.json')).message).toMatch(/bị trùng/);
  });

  it('refuses a template whose narrative names an unknown indicator', () => {
    const t = JSON.parse(JSON.stringify(builtinTemplates(ctx)[0]));
    t.outline[0].narrative.push({ style: 'p', text: 'Có {{KHONG_CO_MA_NAY}} đơn.' });
    expect(refusal(() => parseTemplateText(JSON.stringify(t), 'mau.json')).message).toMatch(/KHONG_CO_MA_NAY/);
  });

  it('saves the narrative a clerk edited and refuses an unknown section', () => {
    setupYear();
    saveNarrative(ctx, 2024, 'dac-diem-tinh-hinh', [{ style: 'p', text: 'Lời văn đã sửa {{DON_TONG_SO}}.' }]);
    expect(yearData(ctx, 2024).narratives['dac-diem-tinh-hinh']).toEqual([{ style: 'p', text: 'Lời văn đã sửa {{DON_TONG_SO}}.' }]);
    expect(refusal(() => saveNarrative(ctx, 2024, 'khong-co', [])).kind).toBe('NotFound');
  });

  it('saves the opening and closing paragraphs like sections, and the report prints them', () => {
    setupYear();
    saveNarrative(ctx, 2024, OPENING_ID, [{ style: 'p', text: 'Thực hiện Kế hoạch của cấp trên, đơn vị báo cáo như sau:' }]);
    saveNarrative(ctx, 2024, CLOSING_ID, [{ style: 'p', text: 'Trên đây là báo cáo của đơn vị./.' }]);
    const doc = reportModel(ctx, 2024);
    const text = (runs: { text: string }[]) => runs.map((r) => r.text).join('');
    const body = doc.body.filter((b) => b.kind === 'paragraph').map((b) => text((b as { runs: { text: string }[] }).runs));
    expect(body[0]).toBe('Thực hiện Kế hoạch của cấp trên, đơn vị báo cáo như sau:');
    expect(doc.closing.map((b) => text(b.runs))).toContain('Trên đây là báo cáo của đơn vị./.');
  });
});

describe('figures', () => {
  it('saves a batch with who and when, and keeps every change in history', () => {
    const { office } = setupYear();
    saveFigures(ctx, 2024, [{ unitId: office.id, code: 'DON_TONG_SO', year: 2022, value: '1270' }]);
    saveFigures(ctx, 2024, [{ unitId: office.id, code: 'DON_TONG_SO', year: 2022, value: '1280' }]);
    saveFigures(ctx, 2024, [{ unitId: office.id, code: 'DON_TONG_SO', year: 2022, value: null }]);
    const h = figureHistory(ctx, 2024, office.id, 'DON_TONG_SO', 2022);
    expect(h.map((x) => [x.oldValue, x.newValue])).toEqual([
      [null, '1270'],
      ['1270', '1280'],
      ['1280', null],
    ]);
    expect(h.every((x) => x.changedBy === 'chuyên viên A' && x.source.kind === 'manual')).toBe(true);
    expect(yearData(ctx, 2024).figures).toEqual([]);
  });

  it('keeps decimals exact', () => {
    const { office } = setupYear();
    saveFigures(ctx, 2024, [{ unitId: office.id, code: 'DIEN_TICH', year: 0, value: '16015.34' }]);
    expect(yearData(ctx, 2024).figures[0].value).toBe('16015.34');
  });

  it('saves all cells of a batch or none, saying which cells were wrong', () => {
    const { office, ward } = setupYear();
    const e = refusal(() =>
      saveFigures(ctx, 2024, [
        { unitId: office.id, code: 'DON_TONG_SO', year: 2022, value: '10' },
        { unitId: office.id, code: 'DON_DU_DIEU_KIEN', year: 2022, value: '1.5' },
        { unitId: ward.id, code: 'SO_PHUONG', year: 0, value: '1' },
        { unitId: office.id, code: 'DON_TONG_SO', year: 2019, value: '1' },
        { unitId: office.id, code: 'TY_LE_DON_DU_DIEU_KIEN', year: 0, value: '50' },
      ]),
    );
    expect(e.kind).toBe('Validation');
    expect(e.message).toMatch(/Chưa lưu ô nào trong 5 ô/);
    expect(e.message).toMatch(/số đếm phải là số nguyên không âm/);
    expect(e.message).toMatch(/không do phường báo cáo/);
    expect(e.message).toMatch(/năm 2019 không thuộc kỳ báo cáo 2021 - 2023/);
    expect(e.message).toMatch(/tỷ lệ được tính tự động/);
    expect(yearData(ctx, 2024).figures).toEqual([]);
  });

  it('asks for a template before figures can be entered', () => {
    createYear(ctx, 2024);
    expect(refusal(() => saveFigures(ctx, 2024, [{ unitId: 1, code: 'X', year: 0, value: '1' }])).kind).toBe('Precondition');
  });
});

describe('units', () => {
  it('adds, renames and deactivates a unit, keeping its figures', () => {
    const { ward } = setupYear();
    saveFigures(ctx, 2024, [{ unitId: ward.id, code: 'HOA_GIAI_TIEP_NHAN', year: 2021, value: '12' }]);
    changeUnit(ctx, 2024, ward.id, { name: 'Phường Trần Phú', active: false });
    const d = yearData(ctx, 2024);
    expect(d.units.find((u) => u.id === ward.id)).toMatchObject({ name: 'Phường Trần Phú', active: false });
    expect(d.figures).toHaveLength(1);
  });

  it('refuses a duplicate code and a second office', () => {
    setupYear();
    expect(refusal(() => addUnit(ctx, 2024, { code: 'P01', name: 'Khác', kind: 'xa' })).kind).toBe('Conflict');
    expect(refusal(() => addUnit(ctx, 2024, { code: 'VP2', name: 'Văn phòng 2', kind: 'office' })).kind).toBe('Conflict');
  });

  async function xlsx(rows: (string | number)[][]): Promise<string> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Đơn vị');
    ws.addRow(['Danh sách đơn vị năm 2024']);
    rows.forEach((r) => ws.addRow(r));
    return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
  }

  it('loads units from an Excel sheet with Mã / Tên / Loại columns', async () => {
    setupYear();
    const file = await xlsx([
      ['Mã', 'Tên', 'Loại'],
      ['P01', 'Phường Lê Hồng Phong (đổi tên)', 'Phường'],
      ['X01', 'Xã Tịnh Ấn Tây', 'xa'],
      ['PTP', 'Phòng Tư pháp', 'Cơ quan chuyên môn'],
    ]);
    const r = await importUnitsFromExcel(ctx, 2024, 'don-vi.xlsx', file);
    expect(r).toMatchObject({ added: 2, updated: 1 });
    expect(r.units.map((u) => u.code)).toEqual(['VP', 'P01', 'X01', 'PTP']);
    expect(r.units.find((u) => u.code === 'P01')?.name).toBe('Phường Lê Hồng Phong (đổi tên)');
  });

  it('refuses the whole sheet when one row is wrong, naming the cell', async () => {
    setupYear();
    const file = await xlsx([
      ['Mã', 'Tên', 'Loại'],
      ['X01', 'Xã Tịnh Ấn Tây', 'Xã'],
      ['X02', 'Xã Tịnh Long', 'Huyện'],
    ]);
    await expect(importUnitsFromExcel(ctx, 2024, 'don-vi.xlsx', file)).rejects.toThrow(/Đơn vị!C4: loại “Huyện” không rõ/);
    expect(yearData(ctx, 2024).units.map((u) => u.code)).toEqual(['VP', 'P01']);
  });

  it('refuses a file that is not an Excel workbook', async () => {
    setupYear();
    await expect(importUnitsFromExcel(ctx, 2024, 'anh.xlsx', Buffer.from('not a zip').toString('base64'))).rejects.toThrow(
      /không phải tệp Excel/,
    );
  });
});

describe('lists', () => {
  it('adds, edits and deletes a documents row, checking typed columns', () => {
    const { office } = setupYear();
    const row = saveListRow(ctx, 2024, {
      listId: 'van-ban-trien-khai',
      unitId: office.id,
      values: { soKyHieu: '112/KH-UBND', ngay: '2021-07-15', coQuanBanHanh: 'UBND thành phố', trichYeu: 'Kế hoạch triển khai Chỉ thị 08' },
    });
    saveListRow(ctx, 2024, { listId: 'van-ban-trien-khai', id: row.id, unitId: office.id, values: { ...row.values, trichYeu: 'Đã sửa' } });
    expect(listRowsOf(ctx, 2024).map((r) => r.values.trichYeu)).toEqual(['Đã sửa']);
    const bad = refusal(() =>
      saveListRow(ctx, 2024, { listId: 'van-ban-trien-khai', unitId: null, values: { soKyHieu: '1/KH', ngay: '2021-02-30', trichYeu: 'x' } }),
    );
    expect(bad.message).toMatch(/không phải ngày hợp lệ/);
    expect(deleteListRow(ctx, 2024, row.id)).toEqual({ deleted: true });
    expect(listRowsOf(ctx, 2024)).toEqual([]);
  });
});

describe('the demo year', () => {
  it('loads 41 units and refuses to load over an existing year', () => {
    const y = loadDemo(ctx);
    expect(y).toMatchObject({ year: 2024, unitCount: 41, period: { fromYear: 2021, toYear: 2023 } });
    expect(refusal(() => loadDemo(ctx)).kind).toBe('Conflict');
  });
});
