/**
 * The Kiểm tra page as a clerk uses it: types a wrong ratio into a section, sees it counted in the menu and listed,
 * clicks it and lands on the sentence with the wrong figure selected, applies the fix (kept in history), dismisses
 * a warning with a reason, and checks a pasted outside document.
 */
import { readFileSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { listCheckEvents } from '../../electron/core/db/repos/check-events';
import { saveFigures, yearData } from '../../electron/core/services/figures';
import { ensureYear } from '../../electron/core/services/years';
import { saveNarrative } from '../../electron/core/services/templates';
import { openDemoSession, type DemoSession } from '../support/demo-session';
import type { TestHost } from '../support/web-host';

let session: DemoSession;
let host: TestHost;
let page: Page;

beforeAll(async () => {
  session = await openDemoSession({ viewport: { width: 1400, height: 1000 } });
  ({ host, page } = session);
});
afterAll(async () => {
  await session?.close();
});

const WRONG = 'Giải quyết khiếu nại, tố cáo: đã giải quyết xong 162/163 đơn khiếu nại (đạt 98,4%) và {{TC_DA_GIAI_QUYET}}/{{TC_TONG_SO}} đơn tố cáo.';

describe('the Kiểm tra page', () => {
  it('lists a wrong ratio typed into a section, leads to the sentence and fixes it with history', async () => {
    await page.goto(host.url);
    await page.evaluate(() => (window.location.hash = '#/2024/so-lieu/loi-van'));
    await page.getByRole('tree', { name: 'Đề cương báo cáo' }).getByText(/^2\.2\. Kết quả thực hiện công tác tiếp dân/).click();
    const area = page.getByLabel('Nội dung đoạn 3');
    await area.fill(WRONG);
    // Seen as it is typed, before saving.
    await page.locator('[data-live-check="ratio-percent"]').getByText('Kiểm tra: Tỷ lệ 98,4% không khớp: 162/163 tính ra = 99,4%.').waitFor();
    await page.locator('[data-live-check="ratio-percent"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-output/e2e-kiem-tra-khi-go.png' });
    await page.getByRole('button', { name: 'Lưu lời văn' }).click();
    await page.getByText(/Đã lưu lời văn mục 2\.2/).waitFor();

    await page.getByRole('menuitem', { name: /Kiểm tra/ }).click();
    await page.getByRole('heading', { name: 'Kiểm tra báo cáo năm 2024' }).waitFor();
    const item = page.locator('[data-finding="ratio-percent"]');
    await item.waitFor();
    expect(await item.innerText()).toContain('Tỷ lệ 98,4% không khớp: 162/163 tính ra = 99,4%.');
    await expect.poll(() => page.getByRole('menuitem', { name: /Kiểm tra/ }).innerText()).toContain('1');
    expect(await page.locator('[data-severity="error"]').innerText()).toContain('2.2. Kết quả thực hiện công tác tiếp dân');
    await page.screenshot({ path: 'test-output/e2e-kiem-tra.png', fullPage: true });

    await item.getByRole('button', { name: 'Đến chỗ này' }).click();
    const target = page.getByLabel('Nội dung đoạn 3');
    await target.waitFor();
    await expect.poll(() => target.evaluate((el: HTMLTextAreaElement) => el.value.slice(el.selectionStart, el.selectionEnd))).toBe('98,4%');
    expect(await target.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.screenshot({ path: 'test-output/e2e-kiem-tra-den-cau-van.png' });

    await page.getByRole('menuitem', { name: /Kiểm tra/ }).click();
    await page.locator('[data-finding="ratio-percent"]').getByRole('button', { name: 'Sửa tự động' }).click();
    await page.getByText('Đã sửa: “98,4%” → “99,4%”', { exact: false }).waitFor();
    await page.locator('[data-finding="ratio-percent"]').waitFor({ state: 'detached' });
    const narrative = yearData(host.ctx, 2024).narratives['tiep-dan-don-thu'];
    expect(narrative[2].text).toBe(WRONG.replace('98,4%', '99,4%'));
    const events = listCheckEvents(ensureYear(host.ctx, 2024));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'fix', checkCode: 'ratio-percent', before: WRONG, after: WRONG.replace('98,4%', '99,4%') });
    await page.getByText('Lịch sử sửa tự động và bỏ qua (1)').click();
    await page.getByRole('cell', { name: 'Sửa tự động' }).waitFor();
    expect(await page.getByRole('cell', { name: /«Giải quyết khiếu nại/ }).innerText()).toContain('(đạt 99,4%)');
    await page.screenshot({ path: 'test-output/e2e-kiem-tra-da-sua.png', fullPage: true });
  });

  it('dismisses a warning with a reason that is kept and shown', async () => {
    const first = page.locator('[data-severity="warning"] .chk-item').first();
    const id = await first.getAttribute('data-id');
    await first.getByRole('button', { name: 'Bỏ qua…' }).click();
    await page.getByLabel('Lý do bỏ qua').fill('Đơn vị này không phát sinh số liệu trong kỳ');
    await page.getByRole('button', { name: 'Bỏ qua', exact: true }).click();
    const dismissed = page.locator(`[data-id="${id}"]`);
    await dismissed.getByText('Đã bỏ qua: “Đơn vị này không phát sinh số liệu trong kỳ”', { exact: false }).waitFor();
    const events = listCheckEvents(ensureYear(host.ctx, 2024));
    expect(events.at(-1)).toMatchObject({ kind: 'dismiss', findingId: id, reason: 'Đơn vị này không phát sinh số liệu trong kỳ' });
  });

  it('checks a .docx chosen from the disk, and says why a file that is not one cannot be read', async () => {
    const xml = '<w:document xmlns:w="x"><w:body><w:p><w:r><w:t>Đã tiếp nhận 755 vụ, hòa giải thành công 630 vụ, đạt 83,5%.</w:t></w:r></w:p></w:body></w:document>';
    const docx = Buffer.from(zipSync({ 'word/document.xml': strToU8(xml) }));
    await page.locator('input[type=file][accept=".docx,.txt"]').setInputFiles({ name: 'bao-cao-xa.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: docx });
    await page.getByText('Tệp bao-cao-xa.docx:').waitFor();
    expect(await page.locator('.ant-card', { hasText: 'Tệp bao-cao-xa.docx:' }).last().innerText()).toContain('Tỷ lệ 83,5% không khớp: 630/755 = 83,4%.');
    await page.locator('input[type=file][accept=".docx,.txt"]').setInputFiles({ name: 'bao-cao.docx', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7') });
    await page.getByText('Không kiểm tra được văn bản').waitFor();
    expect(await page.getByRole('alert').filter({ hasText: 'Không kiểm tra được văn bản' }).innerText()).toContain('mà là tệp PDF');
  });

  it('checks a pasted outside document without data', async () => {
    const seed = readFileSync(join(__dirname, '../fixtures/bao-cao-so-ket-ct08.txt'), 'utf8');
    await page.getByLabel('Nội dung văn bản cần kiểm tra').fill(seed);
    await page.getByRole('button', { name: 'Kiểm tra văn bản đã dán' }).click();
    await page.getByText('Văn bản dán vào:').waitFor();
    const text = await page.locator('.ant-card', { hasText: 'Kiểm tra văn bản' }).last().innerText();
    expect(text).toContain('3 lỗi');
    expect(text).toContain('Tỷ lệ 83,5% không khớp: 630/755 = 83,4%.');
    await page.locator('.ant-card', { hasText: 'Văn bản dán vào:' }).last().screenshot({ path: 'test-output/e2e-kiem-tra-van-ban.png' });
  });

  it('leads from a unit breaking a rule to its cell in the grid', async () => {
    const d = yearData(host.ctx, 2024);
    const f = d.figures.find((x) => x.code === 'DON_TONG_SO' && x.year === 2022)!;
    const unit = d.units.find((u) => u.id === f.unitId)!;
    saveFigures(host.ctx, 2024, [{ unitId: f.unitId, code: 'DON_TONG_SO', year: 2022, value: String(Number(f.value) + 1) }]);
    await page.getByRole('button', { name: 'Kiểm tra lại' }).click();
    const item = page.locator('[data-finding="template-rules"]', { hasText: `${unit.name}: Tổng số đơn tiếp nhận` }).first();
    await item.getByRole('button', { name: 'Đến chỗ này' }).click();
    const bar = page.getByLabel('Ô đang chọn');
    await expect.poll(() => bar.innerText()).toContain(`${unit.name} · Tổng số đơn tiếp nhận`);
    expect(await bar.innerText()).toContain(String(Number(f.value) + 1).replace(/\B(?=(\d{3})+(?!\d))/g, '.'));
    await page.screenshot({ path: 'test-output/e2e-kiem-tra-bang-tinh.png' });
    saveFigures(host.ctx, 2024, [{ unitId: f.unitId, code: 'DON_TONG_SO', year: 2022, value: f.value }]);
  });

  it('shows the summary next to “Tạo báo cáo”', async () => {
    await page.evaluate(() => (window.location.hash = '#/2024/bao-cao'));
    const summary = page.getByLabel('Kết quả kiểm tra báo cáo');
    await summary.waitFor();
    expect(await summary.innerText()).toContain('0 lỗi');
    await page.screenshot({ path: 'test-output/e2e-kiem-tra-bao-cao.png' });
  });

  it('asks before generating a report that still has errors, and says what is wrong', async () => {
    saveNarrative(host.ctx, 2024, 'tiep-dan-don-thu', [{ style: 'dash', text: WRONG }]);
    await page.getByRole('button', { name: 'Làm mới bản xem trước' }).click();
    await expect.poll(() => page.getByLabel('Kết quả kiểm tra báo cáo').innerText()).toContain('1 lỗi');
    await expect.poll(() => page.getByRole('menuitem', { name: /Kiểm tra/ }).innerText()).toMatch(/Kiểm tra\s*1$/);
    await page.getByRole('button', { name: 'Tạo báo cáo' }).click();
    const dialog = page.locator('.ant-modal-confirm');
    await dialog.getByText('Báo cáo còn 1 lỗi chưa sửa', { exact: true }).filter({ visible: true }).waitFor();
    expect(await dialog.innerText()).toContain('Tỷ lệ 98,4% không khớp: 162/163 tính ra = 99,4%.');
    await page.screenshot({ path: 'test-output/e2e-kiem-tra-truoc-khi-tao.png' });
    await dialog.getByRole('button', { name: 'Xem và sửa lỗi' }).click();
    await page.getByRole('heading', { name: 'Kiểm tra báo cáo năm 2024' }).waitFor();
    // The checks page draws its findings once its own call answers.
    await expect.poll(() => page.locator('[data-finding="ratio-percent"]').count()).toBe(1);
  });
});
