import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { launchChromium } from '../support/chromium';
import { startTestHost, type TestHost } from '../support/web-host';

let host: TestHost;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  host = await startTestHost();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  mkdirSync('test-output', { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

describe('the app shell in Chromium', () => {
  it('creates a year, saves every setting, and finds them again after a reload', async () => {
    await page.goto(host.url);
    await expect.poll(() => page.getByText('Thư mục làm việc chưa có năm nào').isVisible()).toBe(true);
    // The launch token leaves the address bar once read.
    expect(page.url()).not.toContain('token=');

    await page.getByLabel('Năm mới').fill('2024');
    await page.getByRole('button', { name: 'Tạo năm' }).click();
    await page.getByRole('heading', { name: 'Cài đặt năm 2024' }).waitFor();

    await page.getByLabel('Tên cơ quan ban hành').fill('ỦY BAN NHÂN DÂN\nTHÀNH PHỐ QUẢNG NGÃI');
    await page.getByLabel('Địa danh').fill('Quảng Ngãi');
    await page.getByLabel('Ký hiệu văn bản').fill('BC-UBND');
    await page.getByLabel('Quyền hạn ký').fill('TM. ỦY BAN NHÂN DÂN');
    await page.getByLabel('Chức vụ người ký').fill('CHỦ TỊCH');
    await page.getByLabel('Họ và tên người ký').fill('Trà Thanh Danh');
    await page.getByLabel('Nơi nhận').fill('Sở Nội vụ Quảng Ngãi\nBTV Thành ủy\nCT, PCT UBND thành phố');
    await page.getByLabel('Đơn vị soạn thảo').fill('NV(CV,Chi)');
    await page.getByLabel('Cơ quan chủ quản').fill('');
    await page.getByLabel('Thêm số 0 trước số đếm nhỏ hơn 10').click();
    await page.getByRole('button', { name: 'Lưu cài đặt' }).click();
    await page.getByText('Đã lưu cài đặt.').waitFor();

    await page.reload();
    await page.getByRole('heading', { name: 'Cài đặt năm 2024' }).waitFor();
    await expect.poll(() => page.getByLabel('Họ và tên người ký').inputValue()).toBe('Trà Thanh Danh');
    expect(await page.getByLabel('Tên cơ quan ban hành').inputValue()).toBe('ỦY BAN NHÂN DÂN\nTHÀNH PHỐ QUẢNG NGÃI');
    expect(await page.getByLabel('Địa danh').inputValue()).toBe('Quảng Ngãi');
    expect(await page.getByLabel('Quyền hạn ký').inputValue()).toBe('TM. ỦY BAN NHÂN DÂN');
    expect(await page.getByLabel('Nơi nhận').inputValue()).toBe('Sở Nội vụ Quảng Ngãi\nBTV Thành ủy\nCT, PCT UBND thành phố');
    expect(await page.getByLabel('Đơn vị soạn thảo').inputValue()).toBe('NV(CV,Chi)');
    expect(await page.getByLabel('Thêm số 0 trước số đếm nhỏ hơn 10').getAttribute('aria-checked')).toBe('false');
    await page.screenshot({ path: 'test-output/e2e-cai-dat.png', fullPage: true });

    // Every area of the menu is built: the archive opens on a year that is not sealed yet.
    await page.getByRole('menuitem', { name: 'Lưu trữ' }).click();
    await page.getByText('Năm 2024 chưa khóa sổ: dữ liệu còn sửa được.', { exact: false }).waitFor();
    await page.getByRole('menuitem', { name: 'Năm báo cáo' }).click();
    await page.getByRole('cell', { name: 'tonghop-2024.sqlite' }).waitFor();
    await page.screenshot({ path: 'test-output/e2e-nam-bao-cao.png', fullPage: true });
  });
});
