/**
 * "So sánh các năm" and a sealed year in Chromium at 1366×768: the demo's three-year review (2021–2023) and a sealed
 * annual year 2025 made from it; an indicator picked by typing part of its name without diacritics, the chart and
 * the table with "—" and the change from the year before, each unit on demand; the sealed year marked on the years
 * list and under a banner on its report and checks screens, the checks' fixes disabled; a settings change and a
 * narrative save in the change history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { rpc } from '../../shared/rpc';
import { openDemoSession, type DemoSession } from '../support/demo-session';
import type { TestHost } from '../support/web-host';
import { callOk } from '../support/dispatch';

let session: DemoSession;
let host: TestHost;
let page: Page;

const call = (channel: string, input: unknown) => callOk(host.ctx, channel, input);

beforeAll(async () => {
  session = await openDemoSession({ viewport: { width: 1366, height: 768 } });
  ({ host, page } = session);
  await call(rpc.years.create.channel, { year: 2025 });
  await call(rpc.templates.choose.channel, { year: 2025, templateId: 'dan-van-hang-nam', period: { fromYear: 2025, toYear: 2025 } });
  const units = (await call(rpc.units.list.channel, { year: 2025 })) as { id: number; kind: string }[];
  const xa = units.filter((u) => u.kind === 'xa' || u.kind === 'phuong');
  await call(rpc.figures.save.channel, {
    year: 2025,
    changes: xa.flatMap((u, i) => [
      { unitId: u.id, code: 'HOA_GIAI_TIEP_NHAN', year: 2025, value: String(20 + (i % 7)) },
      ...(i % 5 === 4 ? [] : [{ unitId: u.id, code: 'HOA_GIAI_THANH_CONG', year: 2025, value: String(15 + (i % 5)) }]),
    ]),
  });
  await call(rpc.archive.seal.channel, { year: 2025 });
}, 120_000);
afterAll(async () => {
  await session?.close();
});

describe('So sánh các năm', () => {
  it('shows an indicator across the years as a chart and a table, per unit on demand; a sealed year is marked', async () => {
    await page.goto(host.url);
    await page.evaluate(() => (window.location.hash = '#/2025/so-lieu/so-sanh'));
    const picker = page.getByLabel('Chọn chỉ tiêu để so sánh');
    await picker.click();
    await page.keyboard.type('hoa giai thanh cong');
    // Typed without diacritics: the one option left is the indicator (its code after its name).
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: 'Số vụ việc hòa giải thành công (HOA_GIAI_THANH_CONG)' }).click();
    const table = page.getByLabel('Bảng so sánh các năm');
    await table.getByRole('columnheader', { name: /Năm 2025/ }).waitFor();
    const heads = await table.getByRole('columnheader').allInnerTexts();
    expect(heads.map((h) => h.trim())).toEqual(['Đơn vị', 'Năm 2021', 'Năm 2022', 'Năm 2023', 'Năm 2025']);
    const total = table.getByRole('row', { name: /Tổng cộng/ }).first();
    const totalText = await total.innerText();
    // 2025's total: the units' 15…19 where reported; 2023 → 2025 skips a year, so no change is shown there.
    expect(totalText).toMatch(/\d/);
    await page.getByTestId('compare-chart').waitFor();
    expect(await page.getByTestId('compare-chart').locator('rect').count()).toBe(4);
    await page.keyboard.press('Escape');
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').waitFor({ state: 'hidden' });
    await page.screenshot({ path: 'test-output/e2e-so-sanh-cac-nam.png' });
    await page.getByTestId('compare-chart').evaluate((e) => e.scrollIntoView({ block: 'end' }));
    await page.screenshot({ path: 'test-output/e2e-so-sanh-cac-nam-bieu-do.png' });

    await page.getByLabel('Xem theo từng đơn vị').click();
    await table.getByRole('row').nth(3).waitFor();
    const rows = await table.getByRole('row').count();
    expect(rows).toBeGreaterThan(10);
    // A unit with no 2025 success figure shows "—" there.
    await table.getByRole('cell', { name: '—' }).first().waitFor();
    // Scrolled so that the table's head sits just under the page's sticky header.
    await table.first().evaluate((e) => document.querySelector('.app-content')?.scrollBy(0, e.getBoundingClientRect().top - 240));
    await page.screenshot({ path: 'test-output/e2e-so-sanh-theo-don-vi.png' });

    // A text indicator: its value by year, no bars to draw.
    await picker.click();
    await page.keyboard.type('LOAI_DO_THI');
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: '(LOAI_DO_THI)' }).click();
    await table.getByRole('cell', { name: /đô thị loại/i }).first().waitFor();
    expect(await page.getByTestId('compare-chart').count()).toBe(0);

    // The years list marks the sealed year; its report and checks screens say so, and the checks' fixes are off.
    await page.evaluate(() => (window.location.hash = '#/nam'));
    await page.getByRole('row', { name: /2025/ }).getByText('Đã khóa sổ — chỉ xem').waitFor();
    expect(await page.getByRole('row', { name: /2024/ }).getByText('Đã khóa sổ — chỉ xem').count()).toBe(0);
    await page.screenshot({ path: 'test-output/e2e-nam-da-khoa-so.png' });
    await page.evaluate(() => (window.location.hash = '#/2025/kiem-tra'));
    await page.getByRole('alert').getByText('Đã khóa sổ — chỉ xem').waitFor();
    await page.getByRole('button', { name: /Bỏ qua/ }).first().waitFor();
    expect(await page.getByRole('button', { name: /Bỏ qua/ }).first().isDisabled()).toBe(true);
    await page.screenshot({ path: 'test-output/e2e-kiem-tra-da-khoa-so.png' });
    await call(rpc.review.setIdentity.channel, { name: 'Nguyễn Thị Soạn', role: 'chuyen-vien' });
    await page.evaluate(() => (window.location.hash = '#/2025/bao-cao'));
    await page.getByRole('alert').getByText('Đã khóa sổ — chỉ xem').waitFor();
    // No step of the review on a sealed year: "Trình lãnh đạo" is there but off.
    await page.getByRole('button', { name: 'Trình lãnh đạo' }).waitFor();
    expect(await page.getByRole('button', { name: 'Trình lãnh đạo' }).isDisabled()).toBe(true);
    // Lịch sử thay đổi of the demo year shows a settings change and a narrative save, old → new.
    const settings = (await call(rpc.settings.get.channel, { year: 2024 })) as { placeName: string };
    await call(rpc.settings.save.channel, { year: 2024, settings: { ...settings, placeName: 'Tịnh Ấn Tây' } });
    await call(rpc.templates.saveNarrative.channel, { year: 2024, sectionId: 'tiep-dan-don-thu', blocks: [{ style: 'p', text: 'Năm qua đã tổ chức 14 kỳ tiếp công dân định kỳ.' }] });
    await page.evaluate(() => (window.location.hash = '#/2024/luu-tru'));
    const history = page.getByLabel('Lịch sử thay đổi');
    await history.getByText(`Cài đặt “Địa danh ghi ở dòng ngày tháng”: ${settings.placeName} → Tịnh Ấn Tây`).waitFor();
    await history.getByText(/^Lời văn mục “2\.2\. .*”: lời văn mới/).waitFor();
    await history.first().evaluate((e) => document.querySelector('.app-content')?.scrollBy(0, e.getBoundingClientRect().top - 200));
    await page.screenshot({ path: 'test-output/e2e-lich-su-loi-van-cai-dat.png' });
    // The demo year is not sealed: no banner on its checks.
    await page.evaluate(() => (window.location.hash = '#/2024/kiem-tra'));
    await page.getByRole('button', { name: /Bỏ qua/ }).first().waitFor();
    expect(await page.getByText('Đã khóa sổ — chỉ xem').count()).toBe(0);
  }, 120_000);
});
