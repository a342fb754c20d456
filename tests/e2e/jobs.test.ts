/**
 * Long work with a progress bar, at 1366×768: forms for 400 units are made by a job while the page shows
 * "Đang tạo biểu mẫu n/400…" and stays usable; "Tạo lại biểu mẫu" asks first, saying how many forms exist and
 * when they were made, and cancelling leaves them untouched.
 */
import { opened } from '../support/dialogs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openDemoSession, type DemoSession } from '../support/demo-session';
import type { TestHost } from '../support/web-host';
import { addUnit } from '../../electron/core/services/units';

let session: DemoSession;
let host: TestHost;
let page: Page;

beforeAll(async () => {
  session = await openDemoSession({ viewport: { width: 1366, height: 768 } });
  ({ host, page } = session);
  for (let i = 1; i <= 360; i++) addUnit(host.ctx, 2024, { code: `XA-${String(i).padStart(3, '0')}`, name: `Xã Thử Nghiệm Số ${i}`, kind: 'xa' });
});
afterAll(async () => {
  await session?.close();
});

describe('forms for 400 units', () => {
  it('shows a progress bar with counts, then asks before making them again', async () => {
    await page.goto(host.url);
    await page.evaluate(() => (window.location.hash = '#/2024/nhap-excel'));
    await page.getByRole('button', { name: 'Tạo biểu mẫu cho các đơn vị' }).click();
    const status = page.getByRole('status').filter({ hasText: /Đang tạo biểu mẫu [1-9]\d*\/400…/ });
    await status.waitFor({ timeout: 10_000 });
    await page.screenshot({ path: 'test-output/jobs-forms-progress-1366.png' });
    // The host keeps answering meanwhile: another call comes back while the forms are still being made.
    const ms = await page.evaluate(async () => {
      const t0 = performance.now();
      const r = await fetch('/rpc/years:list', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-tonghop-token': sessionStorage.getItem('tonghop-token') ?? '' },
        body: '{}',
      });
      if (!((await r.json()) as { ok: boolean }).ok) throw new Error('years:list failed');
      return performance.now() - t0;
    });
    expect(await status.count()).toBe(1);
    console.log(`years:list answered in ${Math.round(ms)} ms during the forms job`);
    await page.getByText('Đã tạo 400 biểu mẫu.').waitFor({ timeout: 30_000 });
    await expect(page.getByRole('status').count()).resolves.toBe(0);

    const zip = join(host.workspace, 'tonghop-2024', 'bieu-mau', 'Bieu-mau-2024.zip');
    const before = statSync(zip).mtimeMs;
    await page.getByRole('button', { name: 'Tạo lại biểu mẫu cho các đơn vị' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(/Đã có 400 biểu mẫu tạo lúc \d{2}:\d{2}/).waitFor();
    await page.waitForTimeout(400);
    await page.screenshot({ path: 'test-output/jobs-forms-confirm-1366.png' });
    await (await opened(dialog)).getByRole('button', { name: 'Không tạo lại' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.waitForTimeout(300);
    expect(statSync(zip).mtimeMs).toBe(before);
  });
});
