/**
 * The document model of a report: every placeholder resolved and formatted the Vietnamese way, missing figures
 * visible as "[chưa có số liệu: …]" (never 0), the clerk's edited narrative used, ND 30 header, signature
 * block and appendices.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Settings } from '../../shared/domain/settings';
import { Template, regimeForYear, reportNameForPeriod, type NarrativeBlock, type UnitKind } from '../../shared/domain/template';
import type { FigureDto, UnitDto } from '../../shared/domain/records';
import { buildDocument, headingLevel, issuerNameInText, toRoman, type BuildDocumentInput, type ReportDocument } from '../../shared/report/model';
import { runsToText } from '../../shared/domain/placeholders';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const template = Template.parse(JSON.parse(readFileSync(`${ROOT}resources/templates/ct08-so-ket.json`, 'utf8')));
const demo = JSON.parse(readFileSync(`${ROOT}resources/demo/ct08-quang-ngai.json`, 'utf8')) as {
  year: number;
  period: { fromYear: number; toYear: number };
  settings: unknown;
  units: { code: string; name: string; kind: UnitKind; sample: boolean }[];
  figures: { unit: string; code: string; year: number; value: string }[];
  lists: Record<string, { unit: string | null; values: Record<string, string> }[]>;
};
const units: UnitDto[] = demo.units.map((u, i) => ({ id: i + 1, code: u.code, name: u.name, kind: u.kind, order: i + 1, active: true, sample: u.sample }));
const idOf = new Map(units.map((u) => [u.code, u.id]));
const figures: FigureDto[] = demo.figures.map((f) => ({ unitId: idOf.get(f.unit)!, code: f.code, year: f.year, value: f.value }));
const lists = Object.entries(demo.lists).flatMap(([listId, rows]) =>
  rows.map((r, i) => ({ listId, unitId: r.unit ? (idOf.get(r.unit) ?? null) : null, order: i + 1, values: r.values })),
);

function input(over: Partial<BuildDocumentInput> = {}): BuildDocumentInput {
  return {
    template,
    regime: { ...template.regime, period: demo.period },
    settings: Settings.parse(demo.settings),
    units,
    figures,
    narratives: {},
    lists,
    year: demo.year,
    ...over,
  };
}

const allText = (d: ReportDocument) => [...d.body, ...d.closing].map((b) => runsToText(b.runs)).join('\n');

describe('buildDocument', () => {
  const doc = buildDocument(input());

  it('formats the demo figures the Vietnamese way', () => {
    const text = allText(doc);
    for (const s of ['3.848 đơn', '2.932 đơn', '76,2%', '16.015,34 ha', '263.440 người', '162/163', '99,4%', '100%', '09 phường', '14/6/2022'])
      expect(text).toContain(s);
    expect(text).not.toContain('[chưa có số liệu');
    expect(text).not.toContain('{{');
  });

  it('expands placeholders in headings and the title, and levels headings by their numbering', () => {
    const headings = doc.body.filter((b) => b.kind === 'heading');
    const h2 = headings.find((h) => h.kind === 'heading' && h.sectionId === 'ket-qua-thuc-hien-chi-thi');
    expect(h2 && runsToText(h2.runs)).toBe('II. KẾT QUẢ 03 NĂM THỰC HIỆN CHỈ THỊ 08');
    expect(h2?.kind === 'heading' && h2.level).toBe(1);
    expect(h2?.runs.every((r) => r.bold)).toBe(true);
    expect(runsToText(doc.title.subject)).toBe('Kết quả sơ kết 03 năm thực hiện Chỉ thị số 08-CT/TU ngày 25/5/2021 của Ban Thường vụ Tỉnh ủy');
    expect(headingLevel('I.', 1)).toBe(1);
    expect(headingLevel('2.', 2)).toBe(2);
    expect(headingLevel('2.1.', 3)).toBe(3);
    expect(headingLevel('a)', 4)).toBe(4);
    const a = headings.find((h) => h.kind === 'heading' && h.level === 4);
    expect(a?.runs.some((r) => r.bold)).toBe(false);
  });

  it('prefixes dash and plus items', () => {
    const dash = doc.body.find((b) => b.kind === 'paragraph' && b.style === 'dash');
    expect(dash && runsToText(dash.runs).startsWith('- ')).toBe(true);
    const plus = doc.body.find((b) => b.kind === 'paragraph' && b.style === 'plus');
    expect(plus && runsToText(plus.runs).startsWith('+ ')).toBe(true);
  });

  it('shows a missing figure as a marked stand-in, never as 0', () => {
    // The units that report petitions sent no return at all.
    const reporters = template.indicators.find((i) => i.code === 'DON_TONG_SO')!.reporters;
    const silent = new Set(units.filter((u) => reporters.includes(u.kind)).map((u) => u.id));
    const d = buildDocument(input({ figures: figures.filter((f) => !silent.has(f.unitId)) }));
    const para = d.body.find((b) => b.kind === 'paragraph' && runsToText(b.runs).startsWith('- Xử lý đơn thư'));
    expect(para).toBeDefined();
    const miss = para!.runs.find((r) => r.missing);
    expect(miss?.text).toBe('[chưa có số liệu: Tổng số đơn tiếp nhận]');
    expect(runsToText(para!.runs)).not.toMatch(/tiếp nhận 0 đơn/);
    // The ratio built on it is missing too, not 0%.
    expect(runsToText(para!.runs)).toContain('[chưa có số liệu: Tỷ lệ đơn đủ điều kiện xử lý trên tổng số đơn]');
    // The appendix lists what units sent; its total row says "-" where nobody sent anything.
    const total = d.appendices[1].rows.at(-1)!;
    expect(total.total).toBe(true);
    expect(total.cells[2 + 2]).toEqual({ text: '-', value: null });
  });

  it('reads a figure left blank ("-", "x") in returns that were sent as none: the clause drops, nothing is marked missing', () => {
    const d = buildDocument(input({ figures: figures.filter((f) => !['TAP_HUAN_SO_LOP', 'TCD_KY_DOT_XUAT', 'DVK_MOI_KT'].includes(f.code)) }));
    const text = allText(d);
    expect(text).not.toContain('[chưa có số liệu');
    expect(text).not.toMatch(/\b0 (lớp|kỳ|mô hình)/);
    expect(text).toContain('chưa tổ chức lớp tập huấn riêng');
    expect(text).toContain('với 127 lượt người.');
    expect(text).toContain('Mô hình đăng ký mới: 18 mô hình (văn hóa - xã hội: 11 mô hình;');
  });

  it('writes the rows of a list into the text with a final "và", filtered by year', () => {
    const text = allText(doc);
    expect(text).toContain('Kế hoạch số 181/KH-UBND ngày 27/10/2022, số 21/KH-UBND ngày 09/02/2023 và số 46/KH-UBND ngày 28/02/2024');
    expect(text).toContain('Năm 2022, UBND thành phố ban hành Báo cáo số 320/BC-UBND ngày 16/8/2022');
    expect(text).toContain('tại phường Trương Quang Trọng, “Tổ công tác');
    // First citations of decrees carry their dates; 48/2013 with its true date.
    expect(text).toContain('Nghị định số 48/2013/NĐ-CP ngày 14/5/2013');
  });

  it('names the issuer in full once, then by its short form, and refers to every appendix it has', () => {
    const text = allText(doc);
    expect(text.split('Ủy ban nhân dân thành phố Quảng Ngãi').length - 1).toBe(1);
    expect(text).not.toMatch(/Ủy ban nhân dân thành phố (?!Quảng Ngãi)/);
    expect(text).toContain('UBND thành phố');
    expect(text).toContain('chi tiết tại Phụ lục I kèm theo');
    expect(text).toContain('tại Phụ lục II kèm theo');
    const one = buildDocument(input({ template: { ...template, appendices: template.appendices.slice(1) } }));
    expect(one.appendices.map((a) => a.label)).toEqual(['Phụ lục']);
  });

  it('uses the narrative the clerk edited instead of the template default', () => {
    const edited: Record<string, NarrativeBlock[]> = {
      'phan-cong-can-bo': [{ style: 'p', text: 'Đã phân công {{SO_CO_QUAN_CHUYEN_MON}} cán bộ theo dõi.' }],
    };
    const d = buildDocument(input({ narratives: edited }));
    const i = d.body.findIndex((b) => b.kind === 'heading' && b.sectionId === 'phan-cong-can-bo');
    expect(runsToText(d.body[i + 1].runs)).toBe('Đã phân công 12 cán bộ theo dõi.');
    expect(allText(d)).not.toContain('tại Quyết định số 2962/QĐ-UBND');
  });

  it('builds the ND 30 header: blank number and date unless given', () => {
    expect(doc.header.issuerLines).toEqual(['ỦY BAN NHÂN DÂN', 'THÀNH PHỐ QUẢNG NGÃI']);
    expect(doc.header.documentNumber).toBe('Số:      /BC-UBND');
    expect(doc.header.placeDate).toBe('Quảng Ngãi, ngày      tháng      năm 2024');
    const issued = buildDocument(input({ issueDate: '2024-05-08', documentNumber: 5 }));
    expect(issued.header.documentNumber).toBe('Số: 05/BC-UBND');
    expect(issued.header.placeDate).toBe('Quảng Ngãi, ngày 08 tháng 5 năm 2024');
  });

  it('ends the closing with "./." and builds the signature block with Nơi nhận', () => {
    expect(runsToText(doc.closing.at(-1)!.runs)).toMatch(/tổng hợp\.\/\.$/);
    expect(doc.signature.recipients[0]).toBe('- Sở Nội vụ Quảng Ngãi;');
    expect(doc.signature.recipients.at(-1)).toBe('- Lưu: VT, NV(CV,Chi).');
    expect(doc.signature).toMatchObject({ authority: 'TM. ỦY BAN NHÂN DÂN', title: 'CHỦ TỊCH', fullName: 'Trà Thanh Danh' });
  });

  it('builds the appendices with Roman numerals, the "Kèm theo" line, formatted tables and a Tổng cộng row', () => {
    expect(doc.appendices.map((a) => a.label)).toEqual(['Phụ lục I', 'Phụ lục II']);
    const [p1, p2] = doc.appendices;
    expect(p1.reference).toBe('(Kèm theo Báo cáo số      /BC-UBND ngày      tháng      năm 2024 của Ủy ban nhân dân thành phố Quảng Ngãi)');
    expect(p1.title).toBe(p1.title.toLocaleUpperCase('vi'));
    expect(p1.columns[0].label).toBe('STT');
    expect(p1.rows).toHaveLength(10);
    expect(p1.rows[0].cells.map((c) => c.text).slice(0, 3)).toEqual(['1', '112/KH-UBND', '15/7/2021']);
    const total = p2.rows.at(-1)!;
    expect(total.cells[1].text).toBe('Tổng cộng');
    // Short numbered column labels, the full labels in the legend.
    const k = (p2.legend ?? []).findIndex((l) => l.includes('Tổng số đơn tiếp nhận (đơn)'));
    expect(p2.columns[k + 2].label).toBe(`(${k + 1}) Tổng số đơn`);
    expect(total.cells[k + 2]).toEqual({ text: '3.848', value: 3848 });
    expect(p2.title).toMatch(/GIAI ĐOẠN 2021 - 2023$/);
    expect(p2.landscape).toBe(true);
  });

  it('helpers: roman numerals and the issuer name in running text', () => {
    expect([1, 2, 4, 9, 14].map(toRoman)).toEqual(['I', 'II', 'IV', 'IX', 'XIV']);
    expect(issuerNameInText(['ỦY BAN NHÂN DÂN', 'THÀNH PHỐ QUẢNG NGÃI'])).toBe('Ủy ban nhân dân thành phố Quảng Ngãi');
    expect(issuerNameInText(['ỦY BAN NHÂN DÂN', 'XÃ TỊNH KHÊ'])).toBe('Ủy ban nhân dân xã Tịnh Khê');
  });
});

describe('both built-in templates on the demo data', () => {
  const annual = Template.parse(JSON.parse(readFileSync(`${ROOT}resources/templates/dan-van-hang-nam.json`, 'utf8')));
  const builds: [string, ReportDocument][] = [
    ['ct08-so-ket', buildDocument(input())],
    ['dan-van-hang-nam', buildDocument(input({ template: annual, regime: regimeForYear(annual, 2023), year: 2023 }))],
  ];

  it.each(builds)('%s: no "0 …" clause, nothing missing, no placeholder left, every appendix referred to', (_id, d) => {
    const text = [...d.body, ...d.closing].map((b) => runsToText(b.runs)).join('\n');
    expect(text).not.toMatch(/(^|[^\d.,/])0 (mô hình|lớp|đơn|kỳ|vụ|TTHC|lượt|kế hoạch|Tổ)/);
    expect(text).not.toContain('[chưa có số liệu');
    expect(text).not.toMatch(/\{\{|\[\[|\]\]/);
    for (const a of d.appendices) expect(text, a.label).toMatch(new RegExp(`${a.label} kèm theo`));
    expect(d.appendices.length).toBeGreaterThan(0);
  });

  it('ct08-so-ket: prints every dialogue plan, review report and work team of the lists', () => {
    const text = allText(builds[0][1]);
    for (const id of ['ke-hoach-doi-thoai', 'bao-cao-ra-soat-tthc'])
      for (const r of lists.filter((l) => l.listId === id)) expect(text, r.values.soKyHieu).toContain(`số ${r.values.soKyHieu} ngày`);
    for (const r of lists.filter((l) => l.listId === 'to-cong-tac')) expect(text).toContain(`“${r.values.ten}”`);
  });

  it('dan-van-hang-nam: names its one appendix "Phụ lục" and its one-year period "năm 2023"', () => {
    const d = builds[1][1];
    expect(d.appendices.map((a) => a.label)).toEqual(['Phụ lục']);
    expect(runsToText(d.title.subject)).toBe('Công tác dân vận chính quyền năm 2023');
    expect(allText(d)).not.toMatch(/2023 - 2023|giai đoạn 2023/);
  });

  it('moves a template regime to a year and names the report for its period', () => {
    const r = regimeForYear(annual, 2026);
    expect(r).toMatchObject({ period: { fromYear: 2026, toYear: 2026 }, unitDeadline: '2026-12-16', officeDeadline: '2026-12-20', cutoff: '2026-12-14' });
    expect(reportNameForPeriod(r)).toBe('Báo cáo công tác dân vận chính quyền năm 2026');
    expect(regimeForYear(template, 2026).period).toEqual({ fromYear: 2023, toYear: 2025 });
    expect(regimeForYear(template, 2026).request).toBeUndefined();
    expect(reportNameForPeriod(regimeForYear(template, 2026))).toMatch(/, giai đoạn 2023 - 2025$/);
  });
});
