/**
 * Daily use at 1366×768 (the common office laptop) in Chromium: nothing typed is lost. On each editing screen the
 * clerk types, goes elsewhere, is asked "Lưu / Không lưu / Ở lại", stays, then saves (button or Ctrl+S); the save
 * button is in view without scrolling; the Số liệu page reopens the tab in use; a narrative draft survives a
 * reload and is offered back. With TONGHOP_SCREENS=1 it also photographs every screen at 1366×768 and 1920×1080
 * into test-output/screens/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { opened } from '../support/dialogs';
import { openDemoSession, type DemoSession } from '../support/demo-session';
import type { TestHost } from '../support/web-host';
import { getSettings } from '../../electron/core/services/settings';
import { yearData } from '../../electron/core/services/figures';

let session: DemoSession;
let host: TestHost;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  session = await openDemoSession({ viewport: { width: 1366, height: 768 } });
  ({ host, page } = session);
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(host.url);
  await page.getByText('Các năm đã có').waitFor();
});
afterAll(async () => {
  await session?.close();
});

const menu = (label: string) => page.locator('.ant-menu-item', { hasText: new RegExp(`^${label}`) }).click();
const question = () => page.getByTestId('unsaved-question');
const prompt = () => page.getByRole('dialog', { name: 'Có thay đổi chưa lưu' });
/** Answered once the question has finished opening. */
async function answer(name: 'Lưu' | 'Không lưu' | 'Ở lại') {
  await (await opened(prompt())).getByRole('button', { name, exact: true }).click();
}

/** The element is inside the window (no scrolling needed to reach it). */
async function inView(l: Locator): Promise<boolean> {
  const box = await l.boundingBox();
  return !!box && box.y >= 0 && box.y + box.height <= 768 && box.x + box.width <= 1366;
}

describe('daily use at 1366×768', () => {
  it('Cài đặt: leaving with a changed field asks; "Ở lại" keeps the text; Ctrl+S saves; the save button stays in view', async () => {
    await page.evaluate(() => (window.location.hash = '#/2024/cai-dat'));
    await page.getByRole('heading', { name: 'Cài đặt năm 2024' }).waitFor();
    const place = page.getByLabel('Địa danh');
    await place.fill('Quảng Ngãi mới');

    await menu('Đơn vị');
    await expect.poll(() => question().textContent()).toBe('Bạn có thay đổi chưa lưu ở Cài đặt. Lưu trước khi rời đi?');
    expect(await page.evaluate(() => window.location.hash)).toBe('#/2024/cai-dat');
    await answer('Ở lại');
    await prompt().waitFor({ state: 'hidden' });
    expect(await place.inputValue()).toBe('Quảng Ngãi mới');
    expect(getSettings(host.ctx, 2024).placeName).not.toBe('Quảng Ngãi mới');

    // The back button (an address change the app did not make) asks too, and Esc means "Ở lại".
    await page.evaluate(() => (window.location.hash = '#/2024/bao-cao'));
    await question().waitFor();
    await page.keyboard.press('Escape');
    await prompt().waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => window.location.hash)).toBe('#/2024/cai-dat');

    // Scrolled to the bottom, "Lưu cài đặt" is still on screen.
    await page.getByLabel('Đơn vị soạn thảo').scrollIntoViewIfNeeded();
    const save = page.getByRole('button', { name: 'Lưu cài đặt' });
    expect(await inView(save)).toBe(true);
    await place.focus();
    await page.keyboard.press('Control+s');
    await page.getByText('Đã lưu cài đặt.').waitFor();
    expect(getSettings(host.ctx, 2024).placeName).toBe('Quảng Ngãi mới');
    expect(await save.isDisabled()).toBe(true);
    // Ctrl+S again: nothing to save, said so (and no "Save page" dialog of the browser).
    await page.keyboard.press('Control+s');
    await page.getByText('Không có thay đổi nào cần lưu.').waitFor();

    await menu('Đơn vị');
    await page.getByRole('heading', { name: 'Đơn vị năm 2024' }).waitFor();
    expect(await question().count()).toBe(0);
  });

  it('a page keeps its scroll position when the clerk comes back to it', async () => {
    const content = page.locator('.app-content');
    await expect.poll(() => content.evaluate((el) => el.scrollHeight > el.clientHeight + 800)).toBe(true);
    await content.evaluate((el) => (el.scrollTop = 800));
    await page.waitForTimeout(100);
    await menu('Năm báo cáo');
    await page.getByRole('heading', { name: 'Năm báo cáo' }).waitFor();
    expect(await content.evaluate((el) => el.scrollTop)).toBe(0);
    await menu('Đơn vị');
    await expect.poll(() => content.evaluate((el) => el.scrollTop)).toBe(800);
  });

  it('Đơn vị: a row dragged onto another takes its place in the report order', async () => {
    const order = () => yearData(host.ctx, 2024).units.filter((u) => u.kind !== 'office').map((u) => u.code);
    const before = order();
    await page.evaluate(() => (window.location.hash = '#/2024/don-vi'));
    await page.getByRole('heading', { name: 'Đơn vị năm 2024' }).waitFor();
    const row = (code: string) => page.locator(`tr[data-unit-row="${code}"]`);
    await row(before[3]).scrollIntoViewIfNeeded();
    // Dragged by its handle (the row's middle is a name field), dropped on the row above.
    await row(before[3]).getByLabel(`Kéo ${before[3]} để đổi thứ tự`).dragTo(row(before[1]).getByLabel(`Kéo ${before[1]} để đổi thứ tự`));
    await page.getByText(/^Đã chuyển .* đến vị trí của /).waitFor();
    expect(order()).toEqual([before[0], before[3], before[1], before[2], ...before.slice(4)]);
    await expect.poll(() => page.locator('tr[data-unit-row]').nth(2).getAttribute('data-unit-row')).toBe(before[3]);
    await page.screenshot({ path: 'test-output/e2e-don-vi-keo-tha.png' });
  });

  it('Đơn vị: a unit being typed asks before leaving; "Không lưu" leaves without adding it', async () => {
    const before = yearData(host.ctx, 2024).units.length;
    await page.getByLabel('Tên đơn vị mới').fill('Xã Đang Gõ');
    await menu('Số liệu');
    await expect.poll(() => question().textContent()).toContain('ở đơn vị mới đang nhập');
    await answer('Không lưu');
    await page.getByRole('heading', { name: 'Số liệu năm 2024' }).waitFor();
    expect(yearData(host.ctx, 2024).units.length).toBe(before);
  });

  it('Lời văn: undo/redo, the question names the section, "Lưu" saves and goes on; Số liệu reopens the tab in use', async () => {
    await page.getByRole('tab', { name: 'Lời văn' }).click();
    const area = page.getByLabel('Nội dung đoạn 1');
    const text = await area.inputValue();
    await area.click();
    await area.press('Control+End');
    await page.keyboard.insertText(' Thêm câu.');
    expect(await area.inputValue()).toBe(`${text} Thêm câu.`);
    await page.keyboard.press('Control+z');
    expect(await area.inputValue()).toBe(text);
    await page.keyboard.press('Control+y');
    expect(await area.inputValue()).toBe(`${text} Thêm câu.`);

    const saveButton = page.getByRole('button', { name: /Lưu lời văn mục I\. ĐẶC ĐIỂM TÌNH HÌNH/ });
    expect(await inView(saveButton)).toBe(true);
    await menu('Báo cáo');
    await expect.poll(() => question().textContent()).toBe('Bạn có thay đổi chưa lưu ở lời văn mục I. ĐẶC ĐIỂM TÌNH HÌNH. Lưu trước khi rời đi?');
    await answer('Lưu');
    await page.getByRole('heading', { name: 'Báo cáo năm 2024' }).waitFor();
    expect(Object.values(yearData(host.ctx, 2024).narratives).flat().some((b) => b.text === `${text} Thêm câu.`)).toBe(true);

    // The preview scrolls in its own area; its outline leads to a section or an appendix.
    const outline = page.getByRole('navigation', { name: 'Đề mục của báo cáo' });
    await outline.scrollIntoViewIfNeeded();
    // Clicked once the preview has its fonts and final height (a later reflow would move the heading).
    await page.evaluate(() => document.fonts.ready);
    const height = () => page.locator('.bc-preview-scroll').evaluate((el) => el.scrollHeight);
    let h = 0;
    await expect.poll(async () => h === (h = await height())).toBe(true);
    await outline.getByRole('button', { name: /^III\. / }).click();
    // The heading reaches the top of the preview area.
    const offset = () =>
      page.locator('.bc-preview-scroll').evaluate((box) => {
        const h = Array.from(box.querySelectorAll('p.bc-h')).find((p) => p.textContent?.startsWith('III.'))!;
        return Math.round(h.getBoundingClientRect().top - box.getBoundingClientRect().top);
      });
    await expect.poll(offset).toBeLessThan(60);
    expect(await offset()).toBeGreaterThan(-60);
    await page.screenshot({ path: 'test-output/e2e-bao-cao-de-muc.png' });
    // The last appendix too, though the appendices are laid out only when near the view: its title at the top.
    await outline.getByRole('button', { name: 'Phụ lục II' }).click();
    const appendixTop = () =>
      page.locator('.bc-preview-scroll').evaluate((box) => {
        const a = box.querySelector('section[aria-label="Phụ lục II"]')!;
        return Math.round(a.getBoundingClientRect().top - box.getBoundingClientRect().top);
      });
    await expect.poll(appendixTop).toBeLessThan(20);
    await page.waitForTimeout(300);
    expect(Math.abs(await appendixTop())).toBeLessThan(20);

    await menu('Số liệu');
    await expect.poll(() => page.getByRole('tab', { name: 'Lời văn', selected: true }).count()).toBe(1);
  });

  it('a narrative draft survives a reload and is offered back, never saved by itself', async () => {
    const area = page.getByLabel('Nội dung đoạn 1');
    await area.fill('Bản nháp chưa lưu.');
    page.once('dialog', (d) => void d.accept());
    await page.reload();
    await page.getByRole('button', { name: 'Khôi phục bản nháp chưa lưu' }).waitFor();
    expect(await page.getByLabel('Nội dung đoạn 1').inputValue()).not.toBe('Bản nháp chưa lưu.');
    expect(Object.values(yearData(host.ctx, 2024).narratives).flat().some((b) => b.text === 'Bản nháp chưa lưu.')).toBe(false);
    await page.getByRole('button', { name: 'Khôi phục bản nháp chưa lưu' }).click();
    await expect.poll(() => page.getByLabel('Nội dung đoạn 1').inputValue()).toBe('Bản nháp chưa lưu.');
    await page.getByLabel('Nội dung đoạn 1').focus();
    await page.keyboard.press('Control+s');
    await page.getByText(/^Đã lưu lời văn mục I\. ĐẶC ĐIỂM TÌNH HÌNH\.$/).waitFor();
    expect(Object.values(yearData(host.ctx, 2024).narratives).flat().some((b) => b.text === 'Bản nháp chưa lưu.')).toBe(true);
    // Saved: nothing is offered after the next reload.
    await page.reload();
    await page.getByLabel('Nội dung đoạn 1').waitFor();
    expect(await page.getByRole('button', { name: 'Khôi phục bản nháp chưa lưu' }).count()).toBe(0);
  });

  it('Lời văn: the picker inserts a year-on-year change ({{change CODE}})', async () => {
    const area = page.getByLabel('Nội dung đoạn 1');
    await area.fill('Số đơn tiếp nhận  năm trước.');
    await area.press('End');
    for (let i = 0; i < ' năm trước.'.length; i++) await area.press('ArrowLeft');
    await page.getByLabel('Chèn số liệu').click();
    await page.keyboard.type('change DON_TONG_SO');
    await page.locator('.ant-select-item-option', { hasText: 'tăng/giảm so với năm trước' }).first().waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => area.inputValue()).toBe('Số đơn tiếp nhận {{change DON_TONG_SO}} năm trước.');
    await area.focus();
    await page.keyboard.press('Control+s');
    await page.getByText(/^Đã lưu lời văn mục I\. ĐẶC ĐIỂM TÌNH HÌNH\.$/).waitFor();
    expect(Object.values(yearData(host.ctx, 2024).narratives).flat().some((b) => b.text === 'Số đơn tiếp nhận {{change DON_TONG_SO}} năm trước.')).toBe(true);
  });

  it('Số liệu của cơ quan: a refused figure holds the page; "Ở lại", correct it, Ctrl+S saves it', async () => {
    const office = () => {
      const d = yearData(host.ctx, 2024);
      const id = d.units.find((u) => u.kind === 'office')!.id;
      return d.figures.find((f) => f.unitId === id && f.code === 'TAP_HUAN_SO_LOP' && f.year === 2023)?.value ?? null;
    };
    const before = office();
    await page.evaluate(() => (window.location.hash = '#/2024/so-lieu/co-quan'));
    const cell = page.getByLabel('Số lớp tập huấn, bồi dưỡng nghiệp vụ công tác dân vận năm 2023');
    await cell.fill('mười hai');
    await cell.blur();
    await page.getByRole('alert').filter({ hasText: '“mười hai” không phải là số' }).waitFor();
    await menu('Cài đặt');
    await expect.poll(() => question().textContent()).toContain('Số liệu của cơ quan');
    await answer('Ở lại');
    expect(office()).toBe(before);
    await cell.fill('12');
    await page.keyboard.press('Control+s');
    await expect.poll(() => office()).toBe('12');
    await menu('Cài đặt');
    await page.getByRole('heading', { name: 'Cài đặt năm 2024' }).waitFor();
    expect(await question().count()).toBe(0);
    await page.evaluate(() => (window.location.hash = '#/2024/so-lieu'));
  });

  it('a list row typed in its dialog: Esc asks instead of dropping it', async () => {
    await page.getByRole('tab', { name: 'Danh sách' }).click();
    await page.getByRole('button', { name: 'Thêm dòng' }).click();
    const dialog = page.getByRole('dialog').filter({ has: page.getByRole('button', { name: 'Thêm dòng' }) });
    await dialog.getByRole('textbox').first().fill('Đang gõ dở');
    await page.keyboard.press('Escape');
    await question().waitFor();
    await answer('Ở lại');
    await prompt().waitFor({ state: 'hidden' });
    expect(await dialog.getByRole('textbox').first().inputValue()).toBe('Đang gõ dở');
    await dialog.getByRole('textbox').first().focus();
    await page.keyboard.press('Escape');
    await question().waitFor();
    await answer('Không lưu');
    await dialog.waitFor({ state: 'hidden' });
    expect(errors).toEqual([]);
  });

  it.runIf(process.env.TONGHOP_SCREENS)('photographs every screen at 1366×768 and 1920×1080', async () => {
    mkdirSync('test-output/screens', { recursive: true });
    const screens = ['nam', '2024/cai-dat', '2024/don-vi', '2024/so-lieu/co-quan', '2024/so-lieu/bang-tinh', '2024/so-lieu/danh-sach', '2024/so-lieu/loi-van', '2024/nhap-excel', '2024/bao-cao', '2024/kiem-tra', '2024/luu-tru'];
    for (const [w, h] of [
      [1366, 768],
      [1920, 1080],
    ]) {
      await page.setViewportSize({ width: w, height: h });
      for (const s of screens) {
        await page.evaluate((x) => (window.location.hash = `#/${x}`), s);
        await page.waitForLoadState('networkidle');
        await page.waitForTimeout(1200);
        await page.screenshot({ path: `test-output/screens/${s.replace(/\//g, '-')}-${w}x${h}.png` });
      }
    }
  }, 120_000);
});
