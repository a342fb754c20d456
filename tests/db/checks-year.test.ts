/**
 * The checks of a year's report on a real year file: the demo report (built-in Directive 08 template, demo data)
 * has no error; a number typed by hand that contradicts the data, a unit breaking a rule and a wrong ratio are
 * found; fixes are written into the narrative with history; dismissals are kept with their reason; the report
 * .docx written by the app, read back, passes the checks that need no data.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeCore, createCore, type CoreContext } from '../../electron/core';
import { loadDemo } from '../../electron/core/services/demo';
import { saveFigures, yearData } from '../../electron/core/services/figures';
import { writeFigure } from '../../electron/core/db/repos/figures';
import { ensureYear } from '../../electron/core/services/years';
import { saveNarrative } from '../../electron/core/services/templates';
import { applyFindingFix, checkHistory, checkOutside, checkYear, dismissFinding, outsideDocument } from '../../electron/core/services/checks';
import { generateReport } from '../../electron/core/services/report';
import { AppError } from '../../shared/rpc/envelope';
import { reportModel } from '../../electron/core/services/report';
import { fromReportDocument, runChecks } from '../../shared/checks';
import { narrativeAppendix } from '../../shared/checks/data';
import { tempDir } from '../support/web-host';

let ctx: CoreContext;
let dir: string;
beforeEach(() => {
  dir = tempDir();
  ctx = createCore({ host: 'cli', workspaceDir: dir, actor: 'chuyên viên B' });
  loadDemo(ctx);
});
afterEach(() => {
  closeCore(ctx);
  rmSync(dir, { recursive: true, force: true });
});

const errorsOf = () => checkYear(ctx, 2024).findings.filter((f) => f.severity === 'error');

describe('the demo report', () => {
  it('has no error finding, and its only warnings are the units the demo leaves without figures', () => {
    const r = checkYear(ctx, 2024);
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(r.counts.error).toBe(0);
    // Any other finding on the built-in template's text is a problem of the template (or a false alarm) to look at.
    // Besides those, one note per earlier year of the period says where its figures came from (no sealed year here).
    expect([...new Set(r.findings.map((f) => f.code))].sort()).toEqual(['earlier-year-source', 'units-without-data']);
    expect(r.findings.filter((f) => f.code === 'earlier-year-source').map((f) => [f.severity, f.message])).toEqual(
      [2021, 2022, 2023].map((y) => ['info', `Năm ${y} chưa có tệp năm đã khóa sổ: dùng số liệu nhập trong năm 2024.`]),
    );
  });

  it('the report .docx the app writes, read back from the file, passes every check that needs no data', async () => {
    const out = join(dir, 'ra');
    const files = await generateReport(ctx, 2024, out);
    for (const f of files.filter((x) => x.kind !== 'appendices-xlsx')) {
      const name = f.path.split(/[\\/]/).pop()!;
      const doc = outsideDocument(name, new Uint8Array(readFileSync(f.path)));
      expect(doc.paragraphs.length).toBeGreaterThan(name.startsWith('Bao-cao') ? 50 : 5);
      expect(checkOutside(ctx, doc).findings).toEqual([]);
    }
  });
});

describe('numbers typed by hand', () => {
  const typed = (n: string) =>
    `Xử lý đơn thư: Ủy ban nhân dân thành phố đã tiếp nhận ${n} đơn, trong đó {{DON_DU_DIEU_KIEN}} đơn đủ điều kiện xử lý.`;

  it('flags a typed figure that differs from the data and puts the placeholder back as the fix', () => {
    saveNarrative(ctx, 2024, 'tiep-dan-don-thu', [{ style: 'dash', text: typed('3.850') }]);
    const [f] = errorsOf();
    expect(f).toMatchObject({ code: 'typed-figures', expected: '3.848', location: { kind: 'text', sectionId: 'tiep-dan-don-thu', paragraph: 0 } });
    expect(f.message).toContain('Tổng số đơn tiếp nhận');
    expect(f.message).toContain('Phụ lục II');
    const r = applyFindingFix(ctx, 2024, f.id);
    expect(r.after).toBe(typed('{{DON_TONG_SO}}'));
    expect(yearData(ctx, 2024).narratives['tiep-dan-don-thu'][0].text).toBe(typed('{{DON_TONG_SO}}'));
    expect(errorsOf()).toEqual([]);
    expect(checkHistory(ctx, 2024)[0]).toMatchObject({ kind: 'fix', checkCode: 'typed-figures', before: typed('3.850'), after: typed('{{DON_TONG_SO}}'), by: 'chuyên viên B' });
  });

  it('ties a typed figure of one year to that year by the year written before it', () => {
    const text = (n: string) => `Năm 2021, Ủy ban nhân dân thành phố kiến nghị cắt giảm thời gian thực hiện đối với ${n} TTHC, đơn giản hóa 01 TTHC.`;
    saveNarrative(ctx, 2024, 'tthc-ra-soat', [{ style: 'dash', text: text('03') }]);
    const [f] = errorsOf();
    expect(f).toMatchObject({ code: 'typed-figures', expected: '02' });
    expect(f.message).toContain('năm 2021');
    expect(f.fix?.after).toBe('với {{TTHC_CAT_GIAM_THOI_GIAN@1}} TTHC');
    saveNarrative(ctx, 2024, 'tthc-ra-soat', [{ style: 'dash', text: text('02') }]);
    expect(errorsOf()).toEqual([]);
  });

  it('stays silent on a typed figure equal to the data and on numbers about something else', () => {
    saveNarrative(ctx, 2024, 'tiep-dan-don-thu', [
      { style: 'dash', text: typed('3.848') },
      { style: 'dash', text: 'Đã tiếp nhận 12 đơn kiến nghị của cử tri và 5 đơn thư góp ý.' },
    ]);
    expect(errorsOf()).toEqual([]);
  });
});

describe('the data', () => {
  it('shows a unit that breaks a rule of the template, naming the unit', () => {
    const f = yearData(ctx, 2024).figures.find((x) => x.code === 'DON_TONG_SO' && x.unitId > 0)!;
    saveFigures(ctx, 2024, [{ unitId: f.unitId, code: 'DON_TONG_SO', year: f.year, value: String(Number(f.value) + 1) }]);
    const rules = errorsOf().filter((x) => x.code === 'template-rules');
    const unit = yearData(ctx, 2024).units.find((u) => u.id === f.unitId)!;
    expect(rules.some((x) => x.location.kind === 'data' && x.location.unitId === unit.id && x.message.startsWith(`${unit.name}: Tổng số đơn tiếp nhận`))).toBe(true);
    expect(rules.some((x) => x.message.startsWith('Số tổng hợp: Tổng số đơn tiếp nhận'))).toBe(true);
  });
});

describe('three-way agreement', () => {
  it('narrative, appendix total and aggregate agree on the demo, and a drifted appendix total is caught in both places', () => {
    const d = yearData(ctx, 2024);
    const data = { template: d.template!, regime: d.regime!, settings: d.settings, units: d.units, figures: d.figures, narratives: d.narratives };
    const model = reportModel(ctx, 2024);
    expect(runChecks({ document: fromReportDocument(model), data }, [narrativeAppendix])).toEqual([]);
    const a = model.appendices.find((x) => x.id === 'phu-luc-ii')!;
    const source = d.template!.appendices.find((x) => x.id === 'phu-luc-ii')!.source;
    if (source.kind !== 'indicators-by-unit') throw new Error('Phụ lục II lists figures by unit');
    const col = a.columns.length - source.indicators.length + source.indicators.indexOf('DON_TONG_SO');
    const total = a.rows.find((r) => r.total)!;
    expect(total.cells[col].value).toBe(3848);
    total.cells[col] = { text: '3.847', value: 3847 };
    const f = runChecks({ document: fromReportDocument(model), data }, [narrativeAppendix]);
    expect(f.map((x) => x.location.kind)).toEqual(['text', 'appendix']);
    expect(f[0].message).toContain('Lời văn ghi “3.848” (Tổng số đơn tiếp nhận) nhưng dòng Tổng cộng của Phụ lục II là 3.847');
    expect(f[1].expected).toBe('3.848');
  });
});

describe('the narrative editor', () => {
  it('refuses to save an unknown placeholder instead of printing a marker in the report', () => {
    const e = (() => {
      try {
        saveNarrative(ctx, 2024, 'tiep-dan-don-thu', [{ style: 'p', text: 'Đã tiếp nhận {{DON_TONG}} đơn.' }]);
      } catch (err) {
        return err as AppError;
      }
      throw new Error('saved');
    })();
    expect(e.kind).toBe('Validation');
    expect(e.message).toContain('đoạn 1: Không có chỉ tiêu mã “DON_TONG”');
    expect(yearData(ctx, 2024).narratives['tiep-dan-don-thu']).toBeUndefined();
  });
});

describe('cells of returns', () => {
  it('names the file and the cell a figure breaking a rule came from', () => {
    const f = yearData(ctx, 2024).figures.find((x) => x.code === 'DON_TONG_SO' && x.unitId > 0 && x.year === 2023)!;
    const source = { kind: 'import' as const, importId: 1, file: 'phuong-le-hong-phong.xlsx', sheet: 'Số liệu', cell: 'F15' };
    writeFigure(ensureYear(ctx, 2024), { unitId: f.unitId, code: 'DON_TONG_SO', year: 2023, value: String(Number(f.value) + 5) }, source, 'kiểm thử', ctx.now());
    const rule = errorsOf().find((x) => x.code === 'template-rules' && x.location.kind === 'data' && x.location.unitId === f.unitId && x.location.year === 2023)!;
    expect(rule.location).toMatchObject({ cell: 'Số liệu!F15' });
    expect(rule.message).toContain('(tệp phuong-le-hong-phong.xlsx, ô Số liệu!F15)');
  });
});

describe('fixes and dismissals', () => {
  it('fixes a wrong ratio in the text the clerk edited, and refuses a stale finding', () => {
    const text = 'Giải quyết khiếu nại: đã giải quyết xong 162/163 đơn khiếu nại (đạt 98,4%).';
    saveNarrative(ctx, 2024, 'tiep-dan-don-thu', [{ style: 'dash', text }]);
    const [f] = errorsOf();
    expect(f).toMatchObject({ code: 'ratio-percent', fix: { before: '98,4%', after: '99,4%' } });
    applyFindingFix(ctx, 2024, f.id);
    expect(yearData(ctx, 2024).narratives['tiep-dan-don-thu'][0].text).toBe(text.replace('98,4%', '99,4%'));
    expect(() => applyFindingFix(ctx, 2024, f.id)).toThrow(AppError);
  });

  it('keeps a dismissal with its reason out of the counts, and restores it', () => {
    const before = checkYear(ctx, 2024);
    const w = before.findings.find((f) => f.severity === 'warning')!;
    expect(() => dismissFinding(ctx, 2024, w.id, ' ')).toThrow(/lý do/);
    const after = dismissFinding(ctx, 2024, w.id, 'Đơn vị không phát sinh số liệu');
    expect(after.counts.warning).toBe(before.counts.warning - 1);
    expect(after.findings.find((f) => f.id === w.id)?.dismissed).toMatchObject({ reason: 'Đơn vị không phát sinh số liệu', by: 'chuyên viên B' });
    const restored = dismissFinding(ctx, 2024, w.id, null);
    expect(restored.counts.warning).toBe(before.counts.warning);
    expect(checkHistory(ctx, 2024).map((e) => e.kind)).toEqual(['restore', 'dismiss']);
  });
});
