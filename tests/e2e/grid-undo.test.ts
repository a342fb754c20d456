/**
 * The spreadsheet at 1366×768 in Chromium on the demo year: it opens on figures (the first section is entered once
 * for the period, so the period is shown, not an empty year); a typed cell undone with Ctrl+Z and redone with Ctrl+Y;
 * a pasted block that replaces values shows them old → new before saving, and "Hoàn tác lần dán" puts the whole
 * block back; Enter, F2 and Escape as in Excel. Values and history are read from the server, every undo a change.
 */
import { opened } from '../support/dialogs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openDemoSession, type DemoSession } from '../support/demo-session';
import type { TestHost } from '../support/web-host';
import { figureHistory } from '../../electron/core/services/figures';
import { figuresAt } from '../../electron/core/db/repos/figures';
import { listUnits } from '../../electron/core/db/repos/units';
import { withAccess } from '../../electron/core/access';
import { ensureYear } from '../../electron/core/services/years';

let session: DemoSession;
let host: TestHost;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  session = await openDemoSession({ viewport: { width: 1366, height: 768 } });
  ({ host, page } = session);
  page.on('pageerror', (e) => errors.push(e.message));
});
afterAll(async () => {
  await session?.close();
});

const cell = (unit: string, code: string) => page.locator(`td[data-unit="${unit}"][data-code="${code}"]`);
// Read straight from the year file (one slot at a time), as the server stores it.
const db = () => withAccess('read', () => ensureYear(host.ctx, 2024));
const unitId = (code: string) => listUnits(db()).find((u) => u.code === code)!.id;
const stored = (unit: string, code: string, year: number) => figuresAt(db(), [{ unitId: unitId(unit), code, year, value: null }])[0]?.value ?? null;
const history = (unit: string, code: string, year: number) => figureHistory(host.ctx, 2024, unitId(unit), code, year).map((h) => [h.oldValue, h.newValue]);

async function paste(text: string) {
  await page.evaluate((t) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', t);
    document.activeElement!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, text);
}

describe('undo and Excel keys in the spreadsheet', () => {
  it('opens on figures, undoes and redoes a typed cell and a pasted block, and shows a paste old → new first', async () => {
    await page.goto(host.url);
    await page.getByText('Năm báo cáo').first().waitFor();
    await page.evaluate(() => (window.location.hash = '#/2024/so-lieu/bang-tinh'));
    // Opens on the first section, over the period: the only view where its figures are.
    await page.getByRole('region', { name: 'Bảng tính số liệu cả kỳ 2021 - 2023' }).waitFor();
    expect(await page.getByText('Hãy chọn').count()).toBe(0);
    expect(await cell('VP', 'TCD_KY_DINH_KY').count()).toBe(0); // not in this section
    await page.screenshot({ path: 'test-output/e2e-bang-tinh-mo-dau.png' });

    await page.getByLabel('Mục của đề cương').click();
    await page.keyboard.type('2.2.');
    await page.keyboard.press('Enter');
    await page.getByText('Năm 2022', { exact: true }).click();
    await page.getByRole('region', { name: 'Bảng tính số liệu năm 2022' }).waitFor();

    // Typed: 12 → 30, then Ctrl+Z (back to 12, saved), Ctrl+Y (30 again, saved).
    const before = stored('VP', 'TCD_KY_DINH_KY', 2022);
    expect(before).toBe('12');
    await cell('VP', 'TCD_KY_DINH_KY').click();
    await page.keyboard.type('30');
    await page.keyboard.press('Enter');
    // The new value shows at once, never the old one while it is being saved; a Ctrl+Z pressed before the answer
    // waits for it and undoes this edit.
    expect(await cell('VP', 'TCD_KY_DINH_KY').textContent()).toBe('30');
    await page.keyboard.press('Control+z');
    await expect.poll(() => stored('VP', 'TCD_KY_DINH_KY', 2022)).toBe('12');
    await expect.poll(() => cell('VP', 'TCD_KY_DINH_KY').textContent()).toBe('12');
    await page.keyboard.press('Control+y');
    await expect.poll(() => stored('VP', 'TCD_KY_DINH_KY', 2022)).toBe('30');
    await expect.poll(() => cell('VP', 'TCD_KY_DINH_KY').textContent()).toBe('30');
    expect(history('VP', 'TCD_KY_DINH_KY', 2022).slice(-3)).toEqual([
      ['12', '30'],
      ['30', '12'],
      ['12', '30'],
    ]);

    // A 2 × 3 block over VP (values there) and PNV (empty): nothing is saved before the preview is accepted.
    const codes = ['TCD_KY_DINH_KY', 'TCD_LUOT_NGUOI', 'TCD_KY_DOT_XUAT'];
    const old = codes.map((c) => stored('VP', c, 2022));
    await cell('VP', 'TCD_KY_DINH_KY').click();
    await paste('31\t1.046\t2\r\n7\t8\t9\r\n');
    const dialog = page.getByRole('dialog', { name: 'Dán khối số liệu sẽ thay số đang có' });
    await dialog.waitFor();
    await dialog.getByText('3 ô đang có số liệu sẽ được thay, 3 ô trống sẽ được điền').waitFor();
    const preview = dialog.getByRole('table');
    await preview.getByRole('row').filter({ hasText: 'Lượt người' }).first().waitFor();
    expect(await preview.getByRole('row').count()).toBe(7); // header + 6 cells
    expect(stored('PNV', 'TCD_KY_DINH_KY', 2022)).toBeNull();
    await page.screenshot({ path: 'test-output/e2e-bang-tinh-dan-xem-truoc.png' });
    await (await opened(dialog)).getByRole('button', { name: 'Dán và lưu 6 ô' }).click();
    await expect.poll(() => stored('PNV', 'TCD_KY_DOT_XUAT', 2022)).toBe('9');
    expect(codes.map((c) => stored('VP', c, 2022))).toEqual(['31', '1046', '2']);
    const undoPaste = page.getByRole('button', { name: 'Hoàn tác lần dán' });
    await undoPaste.waitFor();
    await page.screenshot({ path: 'test-output/e2e-bang-tinh-hoan-tac-dan.png' });

    // "Hoàn tác lần dán": the six cells back at once, as one more change in each cell's history.
    await undoPaste.click();
    await page.getByText('Đã hoàn tác lần dán 6 ô và lưu.').waitFor();
    expect(codes.map((c) => stored('VP', c, 2022))).toEqual(old);
    expect(codes.map((c) => stored('PNV', c, 2022))).toEqual([null, null, null]);
    await expect.poll(() => cell('PNV', 'TCD_LUOT_NGUOI').textContent()).toBe('');
    expect(history('VP', 'TCD_LUOT_NGUOI', 2022).slice(-2)).toEqual([
      [old[1], '1046'],
      ['1046', old[1]],
    ]);
    expect(history('PNV', 'TCD_KY_DINH_KY', 2022)).toEqual([
      [null, '7'],
      ['7', null],
    ]);
    // Ctrl+Y pastes it again, and the cancel of a preview saves nothing.
    await page.keyboard.press('Control+y');
    await page.getByText('Đã làm lại lần dán 6 ô và lưu.').waitFor();
    expect(stored('PNV', 'TCD_KY_DINH_KY', 2022)).toBe('7');
    await paste('5');
    await dialog.waitFor();
    await (await opened(dialog)).getByRole('button', { name: 'Hủy' }).click();
    await page.getByText('Đã hủy lần dán; chưa lưu ô nào.').waitFor();
    expect(stored('VP', 'TCD_KY_DINH_KY', 2022)).toBe('31');

    // Excel keys: Enter moves down without editing, F2 edits, Escape leaves the cell as it was.
    await cell('VP', 'TCD_KY_DINH_KY').click();
    await page.keyboard.press('Enter');
    expect(await cell('PNV', 'TCD_KY_DINH_KY').getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('F2');
    const editor = page.getByRole('textbox', { name: /^Sửa ô/ });
    expect(await editor.inputValue()).toBe('7');
    await page.keyboard.type('99');
    await page.keyboard.press('Escape');
    expect(await editor.count()).toBe(0);
    expect(await cell('PNV', 'TCD_KY_DINH_KY').textContent()).toBe('7');
    await page.keyboard.press('Tab');
    expect(await cell('PNV', 'TCD_LUOT_NGUOI').getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('ArrowUp');
    expect(await cell('VP', 'TCD_KY_DINH_KY').getAttribute('aria-selected')).toBe('true');
    expect(stored('PNV', 'TCD_KY_DINH_KY', 2022)).toBe('7');

    // A cell being typed into is unsaved work: Ctrl+S saves it where it is (lib/unsaved), and Ctrl+Z undoes it.
    await cell('PNV', 'TCD_KY_DOT_XUAT').click();
    await page.keyboard.type('55');
    await page.keyboard.press('Control+s');
    await expect.poll(() => stored('PNV', 'TCD_KY_DOT_XUAT', 2022)).toBe('55');
    await expect.poll(() => editor.count()).toBe(0);
    await page.keyboard.press('Control+z');
    await page.getByText('Đã hoàn tác ô Phòng Nội vụ – Số kỳ tiếp công dân đột xuất và lưu.').waitFor();
    expect(stored('PNV', 'TCD_KY_DOT_XUAT', 2022)).toBe('9');
    expect(errors).toEqual([]);
  }, 120_000);
});
