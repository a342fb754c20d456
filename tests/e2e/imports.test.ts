/**
 * The "Nhập Excel" screen end to end in Chromium: forms generated and downloaded as one zip, filled as units fill
 * them (numbers as text, one return with an error, one unit's own layout), the folder imported through the dry-run
 * table, the own layout mapped, the flagged file fixed and re-imported with its diff, completeness, totals and
 * provenance updated.
 */
import { opened } from '../support/dialogs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { openDemoSession, type DemoSession } from '../support/demo-session';
import type { TestHost } from '../support/web-host';
import { ensureYear } from '../../electron/core/services/years';
import { readYearTemplate } from '../../electron/core/db/repos/year-template';
import { listUnits } from '../../electron/core/db/repos/units';
import { listFigures } from '../../electron/core/db/repos/figures';
import { formFileName, SHEETS } from '../../electron/core/forms/layout';
import { formatNumber } from '../../shared/format/number';
import { cellOf, fillForm, ownLayout } from '../support/returns';
import type { UnitDto } from '../../shared/domain/records';

let session: DemoSession;
let host: TestHost;
let page: Page;

beforeAll(async () => {
  session = await openDemoSession({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
  ({ host, page } = session);
});
afterAll(async () => {
  await session?.close();
});

describe('the Nhập Excel screen', () => {
  it('generates forms, imports a folder of returns, fixes one, and updates totals, completeness and provenance', async () => {
    const db = ensureYear(host.ctx, 2024);
    const yt = readYearTemplate(db)!;
    const period = yt.regime.period;
    const units = listUnits(db);
    const demo = new Map(listFigures(db).map((f) => [`${f.unitId}|${f.code}|${f.year}`, f.value]));
    const value = (u: UnitDto, code: string, year: number) => demo.get(`${u.id}|${code}|${year}`) ?? null;
    const received = 'HOA_GIAI_TIEP_NHAN';
    const totalBefore = [...demo].filter(([k]) => k.split('|')[1] === received).reduce((n, [, v]) => n + Number(v), 0);

    await page.goto(host.url);
    await page.evaluate(() => (window.location.hash = '#/2024/nhap-excel'));
    await page.getByRole('button', { name: 'Tạo biểu mẫu cho các đơn vị' }).click();
    await page.getByText('Đã tạo 40 biểu mẫu.').waitFor();
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Tải tệp nén/ }).click()]);
    const zipPath = join(host.workspace, 'tai-ve.zip');
    await dl.saveAs(zipPath);
    const forms = unzipSync(new Uint8Array(readFileSync(zipPath)));
    expect(Object.keys(forms)).toHaveLength(40);
    const formOf = (u: UnitDto) => forms[formFileName(2024, u.code, u.name)];

    // Four units answer: a ward typing some numbers as Vietnamese text, a commune, an agency whose machine turned
    // "1.270" into 1,27, and another agency in its own layout.
    const [ward] = units.filter((u) => u.kind === 'phuong');
    const [commune] = units.filter((u) => u.kind === 'xa');
    const [agency, own] = units.filter((u) => u.kind === 'co-quan-chuyen-mon');
    const bumpOf = (u: UnitDto, bump: number) => (code: string, year: number) => {
      const v = value(u, code, year);
      if (v === null) return '-';
      const n = Number(v) + (code === received ? bump : 0);
      return n >= 1000 || year === 2022 ? formatNumber(String(n)) : n;
    };
    const folder = join(host.workspace, 'bao-cao-don-vi');
    mkdirSync(folder);
    const note = 'Phường đã tổ chức 04 hội nghị quán triệt Chỉ thị cho cán bộ, công chức.';
    writeFileSync(
      join(folder, 'phuong.xlsx'),
      await fillForm(formOf(ward), period, bumpOf(ward, 5), (wb) =>
        wb.getWorksheet(SHEETS.notes)!.eachRow((r) => {
          if (r.getCell(1).value === yt.template.outline[0].id) r.getCell(4).value = note;
        }),
      ),
    );
    writeFileSync(join(folder, 'xa.xlsx'), await fillForm(formOf(commune), period, bumpOf(commune, 3)));
    // The commune's first attempt, saved a day earlier, still lies in the folder; so do Excel's lock file and a PDF.
    writeFileSync(join(folder, 'xa (ban dau).xlsx'), await fillForm(formOf(commune), period, bumpOf(commune, 40)));
    const dayAgo = new Date(Date.now() - 86_400_000);
    utimesSync(join(folder, 'xa (ban dau).xlsx'), dayAgo, dayAgo);
    writeFileSync(join(folder, '~$phuong.xlsx'), 'khóa tạm');
    writeFileSync(join(folder, 'cong-van.pdf'), '%PDF-1.4');
    const trapCode = 'DON_TONG_SO';
    const agencyFill = (trap: boolean) => (code: string, year: number) =>
      trap && code === trapCode && year === 2022 ? 1.27 : value(agency, code, year) === null ? null : Number(value(agency, code, year));
    const flagged = await fillForm(formOf(agency), period, agencyFill(true));
    writeFileSync(join(folder, 'phong-loi.xlsx'), flagged);
    writeFileSync(
      join(folder, 'bao-cao-rieng.xlsx'),
      await ownLayout(yt.template, period, own.kind, own.name, (code, year) => (value(own, code, year) === null ? null : Number(value(own, code, year))), {
        messy: true,
      }),
    );

    await page.getByLabel('Thư mục báo cáo của đơn vị').setInputFiles(folder);
    const table = page.getByLabel('Kết quả kiểm tra tệp');
    await page
      .getByText('Đã kiểm tra 7 tệp: 2 nhập được, 1 bị từ chối, 1 cần ghép dòng, 1 bản cũ hơn (bỏ qua), 2 không phải báo cáo (không đọc).')
      .waitFor();
    const rowOf = (name: string) => table.getByRole('row', { name: new RegExp(`(?:^|\\s)${name.replace(/[.()$~]/g, '\\$&')}`) });
    await rowOf('phuong.xlsx').getByText('Nhập được').waitFor();
    await rowOf('xa (ban dau).xlsx').getByText('Bản cũ hơn — bỏ qua').waitFor();
    await rowOf('~$phuong.xlsx').getByText('Không đọc').waitFor();
    await rowOf('cong-van.pdf').getByText('Không đọc').waitFor();
    await rowOf('phong-loi.xlsx').getByText('Bị từ chối').waitFor();

    // The refused file's row says which cell is wrong and why.
    await rowOf('phong-loi.xlsx').getByRole('button', { name: /Mở rộng|Expand/ }).click();
    const ref = await cellOf(flagged, period, trapCode, 2022);
    await page.getByText(`${SHEETS.data}!${ref}`).waitFor();
    await page.getByText(/Excel đã hiểu thành 1,27/).waitFor();
    await page.screenshot({ path: 'test-output/e2e-nhap-excel-kiem-tra.png', fullPage: true });

    // The own layout: the unit was guessed from the title, the rows from their labels; the clerk confirms.
    await rowOf('bao-cao-rieng.xlsx').getByRole('button', { name: 'Ghép dòng…' }).click();
    const modal = page.getByRole('dialog');
    await modal.getByText(own.name).first().waitFor();
    await page.waitForTimeout(500); // let the opening animation finish before the screenshot
    await page.screenshot({ path: 'test-output/e2e-nhap-excel-ghep-dong.png' });
    await (await opened(modal)).getByRole('button', { name: 'Xác nhận cách ghép' }).click();
    await modal.waitFor({ state: 'hidden' });
    await rowOf('bao-cao-rieng.xlsx').getByText('Nhập được').waitFor();

    await page.getByRole('button', { name: 'Nhập 3 tệp đã chọn' }).click();
    await page.getByText('Kết quả nhập: 3 tệp đã nhập, 0 tệp không nhập.').waitFor();
    await page.getByText(/Đã nộp 3\/40 đơn vị · Chưa nộp 37/).waitFor();
    const status = page.getByLabel('Tình hình nộp của từng đơn vị');
    await status.getByRole('row', { name: new RegExp(ward.name) }).getByText('phuong.xlsx').waitFor();

    // The agency fixes its file and sends it again: it is accepted, with its diff against the stored figures.
    const inRules = new Set(yt.template.rules.flatMap((r) => (r.kind === 'sum' ? [r.total, ...r.parts] : [r.left, r.right])));
    const corrected = yt.template.indicators.find(
      (i) => i.byYear && i.kind === 'count' && i.reporters.includes(agency.kind) && !inRules.has(i.code) && value(agency, i.code, 2021) !== null,
    )!.code;
    const correctedYears = [2021, 2022, 2023].filter((y) => value(agency, corrected, y) !== null).length;
    const fixed = await fillForm(formOf(agency), period, (code, year) =>
      code === corrected && value(agency, code, year) !== null ? Number(value(agency, code, year)) + 2 : agencyFill(false)(code, year),
    );
    writeFileSync(join(host.workspace, 'phong-da-sua.xlsx'), fixed);
    // A second commune typed its figures into its neighbour's form and retitled it with its own name.
    const [, neighbour, self] = units.filter((u) => u.kind === 'xa');
    const borrowed = await fillForm(
      formOf(neighbour),
      period,
      (code, year) => (value(self, code, year) === null ? null : Number(value(self, code, year))),
      (wb) =>
        wb.getWorksheet(SHEETS.data)!.eachRow((row) =>
          row.eachCell((cell) => {
            if (typeof cell.value === 'string' && cell.value.startsWith('Đơn vị báo cáo:')) cell.value = `Đơn vị báo cáo: ${self.name}`;
          }),
        ),
    );
    writeFileSync(join(host.workspace, 'xa-muon-bieu.xlsx'), borrowed);
    await page.getByLabel('Tệp báo cáo của đơn vị').setInputFiles([join(host.workspace, 'phong-da-sua.xlsx'), join(host.workspace, 'xa-muon-bieu.xlsx')]);
    await rowOf('phong-da-sua.xlsx').getByText('Nhập được').waitFor();
    await rowOf('xa-muon-bieu.xlsx').getByText('Cần xác nhận').waitFor();
    await rowOf('xa-muon-bieu.xlsx').getByRole('button', { name: 'Xác nhận…' }).click();
    const ask = page.getByRole('dialog');
    await ask.getByText(`Đơn vị báo cáo: ${self.name}`, { exact: false }).first().waitFor();
    await (await opened(ask)).getByRole('radio', { name: new RegExp(self.name) }).check();
    await page.waitForTimeout(500);
    await page.screenshot({ path: 'test-output/e2e-nhap-excel-chon-don-vi.png' });
    await ask.getByRole('button', { name: 'Kiểm tra lại theo đơn vị đã chọn' }).click();
    await ask.waitFor({ state: 'hidden' });
    await rowOf('xa-muon-bieu.xlsx').getByText(self.name).waitFor();
    await rowOf('xa-muon-bieu.xlsx').getByText('Nhập được').waitFor();
    await rowOf('phong-da-sua.xlsx').getByRole('button', { name: /Mở rộng|Expand/ }).click();
    const diff = page.getByLabel('Các ô thay đổi');
    await diff.waitFor();
    expect(await diff.getByRole('row').count()).toBe(1 + correctedYears);
    await page.screenshot({ path: 'test-output/e2e-nhap-excel-thay-doi.png', fullPage: true });
    await page.getByRole('button', { name: 'Nhập 2 tệp đã chọn' }).click();
    await page.getByText('Kết quả nhập: 2 tệp đã nhập, 0 tệp không nhập.').waitFor();
    await page.getByText(/Đã nộp 5\/40 đơn vị/).waitFor();
    await status.getByRole('row', { name: new RegExp(self.name) }).getByText('xa-muon-bieu.xlsx').waitFor();
    await page.getByText('Chưa nộp (35)').click();
    await page.screenshot({ path: 'test-output/e2e-nhap-excel-tinh-hinh.png', fullPage: true });
    await page.getByRole('button', { name: 'In danh sách chưa nộp' }).click();
    await page.getByLabel('Danh sách in').getByText('Tổng số: 35 đơn vị.').waitFor();
    await page.waitForTimeout(500);
    await page.screenshot({ path: 'test-output/e2e-danh-sach-chua-nop.png' });
    // Printed, the list alone: the page behind it is not.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByLabel('Danh sách in').innerText()).toContain('DANH SÁCH ĐƠN VỊ CHƯA NỘP BÁO CÁO');
    // (polled: antd's tags fade their visibility out over 0,2 s)
    await expect.poll(() => page.locator('.app-content').innerText()).toBe('');
    await page.emulateMedia({ media: 'screen' });
    await page.getByRole('button', { name: 'Đóng' }).last().click();

    // Totals follow: +5 and +3 per year from the ward and the commune.
    const expected = totalBefore + 3 * (5 + 3);
    await page.evaluate(() => (window.location.hash = '#/2024/bao-cao'));
    const preview = page.getByLabel('Bản xem trước');
    const figure = preview.getByRole('button', { name: formatNumber(String(expected)), exact: true }).first();
    await figure.waitFor();
    await figure.click();
    const drawer = page.getByLabel('Nguồn số liệu');
    await drawer.getByText('phuong.xlsx').first().waitFor();
    await drawer.getByText('xa.xlsx').first().waitFor();
    await drawer.getByText(new RegExp(`${SHEETS.data}!`)).first().waitFor();
    await page.waitForTimeout(500);
    await page.screenshot({ path: 'test-output/e2e-nguon-so-lieu.png' });

    // What the ward wrote in its notes sheet is at hand while writing the narrative of that section.
    await page.keyboard.press('Escape');
    await page.evaluate(() => (window.location.hash = '#/2024/so-lieu'));
    await page.getByRole('tab', { name: 'Lời văn' }).click();
    await page.getByText('Thuyết minh của đơn vị cho mục này (1)').waitFor();
    await page.getByText(ward.name).last().click();
    await page.getByText(note).waitFor();
    await page.screenshot({ path: 'test-output/e2e-thuyet-minh-don-vi.png', fullPage: true });
  }, 240_000);
});
