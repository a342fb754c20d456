/**
 * Earlier years from sealed year files, in Chromium: on Đơn vị, a renamed ward gets its earlier code ("Tên/mã cũ");
 * on Số liệu, that ward's 2022 cell is read-only and its source names the sealed 2022 file and the earlier unit; the
 * Kiểm tra page says which years came from where. Screenshots at 1366×768.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { loadDemo, readDemo } from '../../electron/core/services/demo';
import { sealYear } from '../../electron/core/services/archive-seal';
import { rpc } from '../../shared/rpc';
import { launchChromium } from '../support/chromium';
import { opened } from '../support/dialogs';
import { startTestHost, type TestHost } from '../support/web-host';
import { callOk } from '../support/dispatch';

let host: TestHost;
let browser: Browser;
let page: Page;
let ward: { id: number; code: string; name: string; kind: string };
let code = '';

const call = <T>(channel: string, input: unknown) => callOk<T>(host.ctx, channel, input);

beforeAll(async () => {
  host = await startTestHost();
  const demo = readDemo(host.ctx);
  loadDemo(host.ctx, { ...demo, year: 2022, period: { fromYear: 2022, toYear: 2022 }, figures: demo.figures.filter((f) => f.year === 2022), lists: {} });
  await sealYear(host.ctx, 2022);
  loadDemo(host.ctx, { ...demo, figures: demo.figures.filter((f) => f.year !== 2022) });
  const units = await call<(typeof ward & { active: boolean })[]>(rpc.units.list.channel, { year: 2024 });
  ward = units.find((u) => u.kind === 'phuong' && demo.figures.some((f) => f.year === 2022 && f.unit === u.code))!;
  code = demo.figures.find((f) => f.year === 2022 && f.unit === ward.code)!.code;
  // The 2025 reorganisation renamed the ward: the old one stops, the new one reports.
  await call(rpc.units.update.channel, { year: 2024, id: ward.id, active: false });
  await call(rpc.units.add.channel, { year: 2024, code: 'P-MOI', name: 'Phường Mới', kind: 'phuong' });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  mkdirSync('test-output', { recursive: true });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

describe('earlier years from sealed year files', () => {
  it('links a renamed ward to its earlier code and shows its 2022 figures from the sealed file', async () => {
    await page.goto(host.url);
    await page.evaluate(() => (window.location.hash = '#/2024/don-vi'));
    await page.getByRole('button', { name: 'Mã cũ của P-MOI' }).click();
    const dialog = await opened(page.getByRole('dialog'));
    await dialog.getByText('Tên/mã cũ (đổi tên)').click();
    await dialog.getByRole('textbox', { name: 'Mã cũ', exact: true }).fill(ward.code);
    await page.waitForTimeout(300);
    await page.screenshot({ path: 'test-output/e2e-don-vi-ma-cu-hop-thoai.png' });
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText(`Mã cũ ${ward.code}`, { exact: true }).waitFor();
    await page.getByText(`Mã cũ ${ward.code}`, { exact: true }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-output/e2e-don-vi-ma-cu.png' });

    await page.evaluate(() => (window.location.hash = '#/2024/so-lieu'));
    await page.getByRole('tab', { name: 'Bảng tính' }).click();
    await page.getByLabel('Mục của đề cương').click();
    await page.getByTitle('Tất cả các mục').click();
    await page.getByLabel('Năm số liệu').getByText('Năm 2022').click();
    const cell = page.locator(`td[data-unit="P-MOI"][data-code="${code}"]`);
    // All sections are wider than the window and only the columns in view are drawn: the cursor goes there by keyboard.
    await page.locator('td[data-unit="P-MOI"]').first().click();
    for (let i = 0; i < 80 && !((await cell.count()) && (await cell.getAttribute('aria-selected')) === 'true'); i++) await page.keyboard.press('ArrowRight');
    expect(await cell.getAttribute('aria-selected')).toBe('true');
    expect(await cell.getAttribute('class')).toContain('sealed');
    await page.getByRole('button', { name: 'Nguồn số liệu ô đang chọn' }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByText('Tệp năm 2022 đã khóa sổ').first().waitFor();
    await drawer.getByText(new RegExp(`${ward.name} \\(${ward.code}\\)`)).first().waitFor();
    await page.waitForTimeout(300);
    await page.screenshot({ path: 'test-output/e2e-nguon-so-lieu-tep-khoa-so.png' });
    await page.keyboard.press('Escape');

    await page.evaluate(() => (window.location.hash = '#/2024/kiem-tra'));
    await page.getByText(/Số liệu năm 2022 lấy từ tệp năm 2022 đã khóa sổ \(dấu vân tay [0-9a-f]{12}…/).first().waitFor();
    await page.getByText('Năm 2021 chưa có tệp năm đã khóa sổ: dùng số liệu nhập trong năm 2024.').first().waitFor();
    await page.getByText(/Số liệu năm 2022 lấy từ tệp năm 2022/).first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-output/e2e-kiem-tra-nam-khoa-so.png' });
  });
});
