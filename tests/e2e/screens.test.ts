/**
 * The data screens in Chromium on the demo year: units, the office's own figures, a list, the narrative editor,
 * and choosing a template for a fresh year. Each change is checked after a reload and in the year file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { opened } from '../support/dialogs';
import { openDemoSession, type DemoSession } from '../support/demo-session';
import type { TestHost } from '../support/web-host';
import { yearData } from '../../electron/core/services/figures';
import { listRowsOf } from '../../electron/core/services/lists';
import { aggregate, aggregatedValue, formatIndicatorValue } from '../../shared/domain/aggregate';
import { WHOLE_PERIOD } from '../../shared/domain/records';

let session: DemoSession;
let host: TestHost;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  session = await openDemoSession({ viewport: { width: 1440, height: 900 } });
  ({ host, page } = session);
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(host.url);
  await page.getByText('Các năm đã có').waitFor();
});
afterAll(async () => {
  await session?.close();
});

async function open(hash: string) {
  await page.evaluate((h) => (window.location.hash = h), hash);
}

const unitOf = (code: string) => yearData(host.ctx, 2024).units.find((u) => u.code === code);
const officeFigure = (code: string, year: number) => {
  const d = yearData(host.ctx, 2024);
  const office = d.units.find((u) => u.kind === 'office')!;
  return d.figures.find((f) => f.unitId === office.id && f.code === code && f.year === year)?.value ?? null;
};

async function xlsx(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Đơn vị');
  rows.forEach((r) => ws.addRow(r));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('the data screens', () => {
  it('adds a unit, renames it, changes its kind, stops it, imports units from Excel, and keeps it all', async () => {
    await open('#/2024/don-vi');
    await page.getByRole('heading', { name: 'Đơn vị năm 2024' }).waitFor();
    await page.getByText('dữ liệu mẫu').first().waitFor();

    await page.getByLabel('Mã đơn vị mới').fill('X-THU');
    await page.getByLabel('Tên đơn vị mới').fill('Xã Thử Nghiệm');
    await page.getByRole('button', { name: 'Thêm đơn vị' }).click();
    await page.getByText('Đã thêm đơn vị “Xã Thử Nghiệm”.').waitFor();

    // The same code twice is refused with the app's message.
    await page.getByLabel('Mã đơn vị mới').fill('X-THU');
    await page.getByLabel('Tên đơn vị mới').fill('Xã Trùng Mã');
    await page.getByRole('button', { name: 'Thêm đơn vị' }).click();
    await page.getByText('Mã đơn vị “X-THU” đã có').waitFor();

    await page.getByRole('button', { name: 'Đổi tên đơn vị X-THU' }).click();
    await page.getByLabel('Tên mới của đơn vị X-THU').fill('Xã Thử Nghiệm Mới');
    await page.getByLabel('Tên mới của đơn vị X-THU').press('Enter');
    await page.getByText('Đã đổi tên thành “Xã Thử Nghiệm Mới”.').waitFor();

    await page.getByLabel('Loại của đơn vị X-THU').click();
    await page.locator('.ant-select-item-option', { hasText: /^Phường$/ }).click();
    await page.getByText('Đã đổi loại của Xã Thử Nghiệm Mới thành phường.').waitFor();

    await page.getByRole('button', { name: 'Ngừng báo cáo X-THU' }).click();
    await page.getByText('Xã Thử Nghiệm Mới đã ngừng báo cáo.').waitFor();

    const file = await xlsx([
      ['Mã', 'Tên', 'Loại'],
      ['X-EXCEL', 'Xã Nhập Từ Excel', 'Xã'],
      ['PNV', 'Phòng Nội vụ thành phố', 'Cơ quan chuyên môn'],
    ]);
    await page.getByLabel('Tệp Excel danh sách đơn vị').setInputFiles({ name: 'don-vi.xlsx', mimeType: 'application/octet-stream', buffer: file });
    await page.getByText('Đã nhập tệp don-vi.xlsx: thêm 1 đơn vị, cập nhật 1 đơn vị.').waitFor();
    const bad = await xlsx([['Mã', 'Tên', 'Loại'], ['X-SAI', 'Xã Sai Loại', 'Tỉnh']]);
    await page.getByLabel('Tệp Excel danh sách đơn vị').setInputFiles({ name: 'sai.xlsx', mimeType: 'application/octet-stream', buffer: bad });
    await page.getByRole('alert').filter({ hasText: 'Tệp sai.xlsx có 1 lỗi, chưa thêm đơn vị nào' }).waitFor();

    await page.reload();
    const row = page.getByRole('row').filter({ hasText: 'X-THU' });
    await row.waitFor();
    expect(await row.textContent()).toContain('Xã Thử Nghiệm Mới');
    expect(await row.textContent()).toContain('Ngừng báo cáo');
    expect(await row.textContent()).toContain('Phường');
    await page.getByRole('row').filter({ hasText: 'Xã Nhập Từ Excel' }).waitFor();
    expect(unitOf('X-THU')).toMatchObject({ name: 'Xã Thử Nghiệm Mới', kind: 'phuong', active: false });
    expect(unitOf('X-SAI')).toBeUndefined();
    await page.getByLabel('Tìm đơn vị').fill('thu nghiem');
    await page.screenshot({ path: 'test-output/e2e-don-vi.png', fullPage: true });
  });

  it('saves the office’s own figures from the form, refuses bad input, and keeps them after a reload', async () => {
    await open('#/2024/so-lieu/co-quan');
    const classes = page.getByLabel('Số lớp tập huấn, bồi dưỡng nghiệp vụ công tác dân vận năm 2022');
    await classes.waitFor();
    await classes.fill('1.250');
    await classes.press('Enter');
    await expect.poll(() => officeFigure('TAP_HUAN_SO_LOP', 2022)).toBe('1250');

    await classes.fill('2,5');
    await classes.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'Số đếm phải là số nguyên không âm' }).waitFor();
    expect(officeFigure('TAP_HUAN_SO_LOP', 2022)).toBe('1250');
    await classes.press('Escape');

    const date = page.getByLabel('Ngày ban hành quyết định phân công cán bộ phụ trách công tác dân vận chính quyền');
    await date.fill('31/2/2022');
    await date.blur();
    await page.getByRole('alert').filter({ hasText: '“31/2/2022” không phải ngày hợp lệ' }).waitFor();
    await date.fill('5/3/2022');
    await date.blur();
    await expect.poll(() => officeFigure('QD_PHAN_CONG_CAN_BO_NGAY', WHOLE_PERIOD)).toBe('2022-03-05');

    await page.reload();
    await expect.poll(() => page.getByLabel('Số lớp tập huấn, bồi dưỡng nghiệp vụ công tác dân vận năm 2022').inputValue()).toBe('1.250');
    expect(await page.getByLabel('Ngày ban hành quyết định phân công cán bộ phụ trách công tác dân vận chính quyền').inputValue()).toBe('05/3/2022');
    // A refused entry stays in its box with the reason under it, for the clerk to fix.
    const y2023 = page.getByLabel('Số lớp tập huấn, bồi dưỡng nghiệp vụ công tác dân vận năm 2023');
    const before = officeFigure('TAP_HUAN_SO_LOP', 2023);
    await y2023.fill('mười');
    await y2023.blur();
    await page.getByRole('alert').filter({ hasText: '“mười” không phải là số' }).waitFor();
    expect(officeFigure('TAP_HUAN_SO_LOP', 2023)).toBe(before);
    await y2023.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await page.screenshot({ path: 'test-output/e2e-so-lieu-co-quan.png' });
  });

  it('adds a row to a list with typed inputs and keeps it after a reload', async () => {
    await open('#/2024/so-lieu/danh-sach');
    await page.getByLabel('Chọn danh sách').click();
    await page.locator('.ant-select-item-option', { hasText: 'Kế hoạch tổ chức đối thoại' }).click();
    await page.getByRole('button', { name: 'Thêm dòng' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Năm đối thoại').fill('2023');
    await dialog.getByLabel('Số, ký hiệu').fill('199/KH-UBND');
    await dialog.getByLabel('Ngày ban hành').fill('31/11/2023');
    await dialog.getByLabel('Trích yếu nội dung').fill('Tổ chức đối thoại chuyên đề về giải phóng mặt bằng năm 2023');
    await dialog.getByRole('button', { name: 'Thêm dòng' }).click();
    await dialog.getByText('“31/11/2023” không phải ngày hợp lệ').waitFor();
    await dialog.getByLabel('Ngày ban hành').fill('1/12/2023');
    await dialog.getByRole('button', { name: 'Thêm dòng' }).click();
    await page.getByText('Đã thêm dòng.').waitFor();

    await page.reload();
    const row = page.getByRole('row').filter({ hasText: '199/KH-UBND' });
    await row.waitFor();
    expect(await row.textContent()).toContain('01/12/2023');
    const saved = listRowsOf(host.ctx, 2024).find((r) => r.values.soKyHieu === '199/KH-UBND');
    expect(saved?.values).toMatchObject({ nam: '2023', ngay: '2023-12-01', trichYeu: 'Tổ chức đối thoại chuyên đề về giải phóng mặt bằng năm 2023' });
    await page.screenshot({ path: 'test-output/e2e-danh-sach.png', fullPage: true });

    // Edit the row, then delete it.
    await row.getByRole('button', { name: 'Sửa dòng' }).click();
    await dialog.getByLabel('Số, ký hiệu').fill('200/KH-UBND');
    await dialog.getByRole('button', { name: 'Lưu dòng' }).click();
    await page.getByText('Đã lưu dòng.').waitFor();
    const edited = page.getByRole('row').filter({ hasText: '200/KH-UBND' });
    await edited.waitFor();
    expect(listRowsOf(host.ctx, 2024).find((r) => r.id === saved!.id)?.values.soKyHieu).toBe('200/KH-UBND');
    await edited.getByRole('button', { name: 'Xóa dòng' }).click();
    await page.getByRole('button', { name: 'Xóa', exact: true }).click();
    await page.getByText('Đã xóa dòng.').waitFor();
    expect(listRowsOf(host.ctx, 2024).some((r) => r.id === saved!.id)).toBe(false);
  });

  it('inserts a placeholder from the picker, previews its value, saves the narrative and keeps it', async () => {
    const d = yearData(host.ctx, 2024);
    const agg = aggregate(d.template!, d.units, d.figures, d.regime!.period);
    const ind = d.template!.indicators.find((i) => i.code === 'DON_TONG_SO')!;
    const shown = formatIndicatorValue(ind, aggregatedValue(agg, 'DON_TONG_SO')!, { padCounts: d.settings.padCounts });
    const section = d.template!.outline[1].children[1].children.find((s) => s.id === 'tiep-dan-don-thu')!;
    const n = section.narrative.length + 1;

    await open('#/2024/so-lieu/loi-van');
    await page.getByRole('tree').getByText('2.2. Kết quả thực hiện công tác tiếp dân').click();
    await page.getByRole('button', { name: 'Thêm đoạn văn' }).click();
    const area = page.getByLabel(`Nội dung đoạn ${n}`);
    await area.fill('Tổng số đơn tiếp nhận trong kỳ là  đơn.');
    await area.press('End');
    for (let i = 0; i < ' đơn.'.length; i++) await area.press('ArrowLeft');
    await page.getByLabel('Chèn số liệu').click();
    await page.keyboard.type('DON_TONG_SO');
    await page.keyboard.press('Enter');
    await expect.poll(() => area.inputValue()).toBe('Tổng số đơn tiếp nhận trong kỳ là {{DON_TONG_SO}} đơn.');
    await expect.poll(() => page.getByLabel(`Xem trước đoạn ${n}`).textContent()).toBe(`Tổng số đơn tiếp nhận trong kỳ là ${shown} đơn.`);
    expect(shown).toBe('3.848');
    await page.getByText('Có thay đổi chưa lưu').waitFor();
    await page.locator('.ant-select-dropdown').first().waitFor({ state: 'hidden' });
    await page.screenshot({ path: 'test-output/e2e-loi-van.png' });
    await page.getByRole('button', { name: 'Lưu lời văn' }).click();
    await page.getByText(/^Đã lưu lời văn mục 2\.2\. \S/).waitFor();

    await page.reload();
    await page.getByRole('tree').getByText('2.2. Kết quả thực hiện công tác tiếp dân').click();
    await expect.poll(() => page.getByLabel(`Nội dung đoạn ${n}`).inputValue()).toBe('Tổng số đơn tiếp nhận trong kỳ là {{DON_TONG_SO}} đơn.');
    expect(yearData(host.ctx, 2024).narratives['tiep-dan-don-thu']?.[n - 1]?.text).toBe('Tổng số đơn tiếp nhận trong kỳ là {{DON_TONG_SO}} đơn.');

    // Restoring the template's text shows it again, unsaved until the clerk saves.
    await page.getByRole('button', { name: 'Khôi phục lời văn mặc định' }).click();
    await page.getByRole('button', { name: 'Khôi phục', exact: true }).click();
    await expect.poll(() => page.getByLabel(`Nội dung đoạn ${n}`).count()).toBe(0);
    await page.getByText('Có thay đổi chưa lưu').waitFor();
    // Leaving with that text unsaved asks first; "Không lưu" keeps the saved text.
    await open('#/2024/cai-dat');
    const question = page.getByRole('dialog', { name: 'Có thay đổi chưa lưu' });
    await (await opened(question)).getByRole('button', { name: 'Không lưu', exact: true }).click();
    await page.getByRole('heading', { name: 'Cài đặt năm 2024' }).waitFor();
    expect(yearData(host.ctx, 2024).narratives['tiep-dan-don-thu']?.[n - 1]?.text).toBe('Tổng số đơn tiếp nhận trong kỳ là {{DON_TONG_SO}} đơn.');
  });

  it("sets the year's regime on the settings screen: deadlines and the requesting document reach the year file", async () => {
    await open('#/2024/cai-dat');
    await page.getByRole('heading', { name: 'Cài đặt năm 2024' }).waitFor();
    await page.getByText('Công văn số 598/SNV-XDCQ ngày 17/04/2024 của Sở Nội vụ').waitFor();
    await page.getByRole('button', { name: 'Sửa chế độ báo cáo' }).click();
    await page.getByLabel('Hạn đơn vị gửi số liệu').fill('26/4/2024');
    await page.getByLabel('Phương thức gửi').fill('Hệ thống quản lý văn bản và điều hành');
    await page.getByRole('button', { name: 'Lưu chế độ báo cáo' }).click();
    await page.getByText('Đã lưu chế độ báo cáo của năm.').waitFor();
    await page.getByText('26/04/2024', { exact: true }).waitFor();
    expect(yearData(host.ctx, 2024).regime).toMatchObject({ unitDeadline: '2024-04-26', sendingMethod: 'Hệ thống quản lý văn bản và điều hành', period: { fromYear: 2021, toYear: 2023 } });

    await page.getByRole('button', { name: 'Sửa chế độ báo cáo' }).click();
    await page.getByLabel('Hạn gửi báo cáo lên cấp trên').fill('31/02/2024');
    await page.getByRole('button', { name: 'Lưu chế độ báo cáo' }).click();
    await page.getByText('Hạn gửi báo cáo: “31/02/2024” không phải ngày').waitFor();
    expect(yearData(host.ctx, 2024).regime?.officeDeadline).toBe('2024-05-10');
    await page.getByRole('button', { name: 'Hủy' }).last().click();
    expect(errors).toEqual([]);
  });

  it('chooses a template and a period for a fresh year, then changes the period', async () => {
    await open('#/nam');
    await page.getByLabel('Năm mới').fill('2025');
    await page.getByRole('button', { name: 'Tạo năm' }).click();
    await page.getByRole('heading', { name: 'Cài đặt năm 2025' }).waitFor();

    await page.getByLabel('Tải tệp mẫu báo cáo').setInputFiles({ name: 'mau-hong.json', mimeType: 'application/json', buffer: Buffer.from('{"formatVersion": 1, "id": "x"}') });
    await page.getByRole('alert').filter({ hasText: 'Tệp mẫu mau-hong.json không hợp lệ' }).waitFor();

    const good = JSON.parse(readFileSync('resources/templates/dan-van-hang-nam.json', 'utf8'));
    good.name = 'Mẫu thử nạp từ tệp';
    await page.getByLabel('Tải tệp mẫu báo cáo').setInputFiles({ name: 'mau-thu.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(good)) });
    await page.getByText('Tệp mẫu mau-thu.json hợp lệ.').waitFor();
    await page.getByText('tệp mau-thu.json', { exact: false }).waitFor();

    await page.getByText('Báo cáo công tác dân vận chính quyền hằng năm').click();
    await page.screenshot({ path: 'test-output/e2e-mau-bao-cao.png' });
    await page.getByLabel('Kỳ báo cáo từ năm').fill('2025');
    await page.getByLabel('Kỳ báo cáo đến năm').fill('2025');
    await page.getByRole('button', { name: 'Dùng mẫu này' }).click();
    await page.getByText('Đã chọn mẫu “Báo cáo công tác dân vận chính quyền hằng năm”, kỳ báo cáo 2025 - 2025.').waitFor();
    await page.getByText('2025 - 2025', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Đổi kỳ báo cáo' }).click();
    await page.getByLabel('Kỳ báo cáo từ năm').fill('2024');
    await page.getByRole('button', { name: 'Lưu kỳ báo cáo' }).click();
    await page.getByText('2024 - 2025', { exact: true }).waitFor();
    expect(yearData(host.ctx, 2025).regime?.period).toEqual({ fromYear: 2024, toYear: 2025 });

    await page.getByRole('menuitem', { name: 'Số liệu' }).click();
    await page.getByRole('tab', { name: 'Bảng tính' }).waitFor();
    expect(errors).toEqual([]);
  });
});
