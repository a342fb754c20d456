/**
 * The "Lưu trữ" screen in Chromium: a backup made, the year file damaged on disk, the message that names the
 * backup, the restore with what would change shown first, work going on; then the year sealed, the Biên bản
 * written and the data screens refusing edits.
 */
import { opened } from '../support/dialogs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDemoSession, type DemoSession } from '../support/demo-session';
import type { TestHost } from '../support/web-host';

let session: DemoSession;
let host: TestHost;
let page: Page;

beforeAll(async () => {
  session = await openDemoSession({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
  ({ host, page } = session);
});
afterAll(async () => {
  await session?.close();
});

describe('the Lưu trữ screen', () => {
  it('backs up, survives a damaged year file by restoring it, and seals the year', async () => {
    await page.goto(host.url);
    await page.evaluate(() => (window.location.hash = '#/2024/luu-tru'));
    await page.getByRole('button', { name: 'Sao lưu ngay' }).click();
    const table = page.getByLabel('Các bản sao lưu');
    await table.getByText('theo yêu cầu', { exact: true }).waitFor();

    // The year file is damaged on disk (a bad USB copy): the app says so and names the backup.
    host.ctx.workspace!.closeYear(2024);
    writeFileSync(join(host.workspace, 'tonghop-2024.sqlite'), Buffer.alloc(8192, 9));
    await page.evaluate(() => (window.location.hash = '#/2024/so-lieu'));
    await page.getByText(/tonghop-2024\.sqlite đã bị hỏng.*Bản sao lưu gần nhất: tonghop-2024\/sao-luu\/tonghop-2024-sao-luu-/).first().waitFor();
    await page.screenshot({ path: 'test-output/e2e-luu-tru-tep-hong.png', fullPage: true });

    await page.evaluate(() => (window.location.hash = '#/2024/luu-tru'));
    await page.getByText('Không mở được dữ liệu năm').waitFor();
    await table.getByRole('button', { name: 'Khôi phục…' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('tệp dữ liệu năm không mở được').waitFor();
    await page.waitForTimeout(400);
    await page.screenshot({ path: 'test-output/e2e-luu-tru-khoi-phuc.png' });
    await (await opened(dialog)).getByRole('button', { name: 'Khôi phục' }).click();
    await page.getByText(/Đã khôi phục năm 2024/).waitFor();

    // Work goes on: the data screen opens again.
    await page.evaluate(() => (window.location.hash = '#/2024/so-lieu'));
    await page.getByRole('tab', { name: 'Bảng tính' }).waitFor();

    // Sealing: confirmed, then shown with its fingerprint; the Biên bản is written.
    await page.evaluate(() => (window.location.hash = '#/2024/luu-tru'));
    await page.getByRole('button', { name: 'Khóa sổ…' }).click();
    await (await opened(page.getByRole('dialog'))).getByRole('button', { name: 'Khóa sổ' }).click();
    await page.getByText('Đã khóa sổ — nguyên vẹn').waitFor();
    expect(existsSync(join(host.workspace, 'tonghop-2024', 'luu-tru', 'Bien-ban-khoa-so-2024.docx'))).toBe(true);
    // Its PDF follows (LibreOffice), shown beside the .docx.
    await page.getByText('tonghop-2024/luu-tru/Bien-ban-khoa-so-2024.pdf', { exact: false }).waitFor({ timeout: 60_000 });
    expect(existsSync(join(host.workspace, 'tonghop-2024', 'luu-tru', 'Bien-ban-khoa-so-2024.pdf'))).toBe(true);
    await page.getByRole('button', { name: 'Kiểm tra toàn vẹn' }).click();
    await page.getByText('Đã kiểm tra toàn vẹn.').waitFor();
    await page.screenshot({ path: 'test-output/e2e-luu-tru-khoa-so.png', fullPage: true });
    // The change history shows the seal, newest first.
    await page.getByLabel('Lịch sử thay đổi').getByRole('row').nth(1).getByText('Khóa sổ dữ liệu năm').waitFor();

    // The editing screens say the year is sealed, with who sealed it and how to open it again, and do not edit.
    await page.evaluate(() => (window.location.hash = '#/2024/cai-dat'));
    await page.getByText('Đã khóa sổ — chỉ xem').waitFor();
    await page.getByText(/Mở niêm phong/).first().waitFor();
    expect(await page.getByLabel('Địa danh').isDisabled()).toBe(true);
    await page.screenshot({ path: 'test-output/e2e-luu-tru-da-khoa.png' });
  }, 240_000);
});
