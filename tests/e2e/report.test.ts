import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDemoSession, type DemoSession } from '../support/demo-session';
import type { TestHost } from '../support/web-host';

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

describe('the report screen', () => {
  it('previews the report from the document model, writes the files in one click and downloads them', async () => {
    await page.goto(host.url);
    await page.getByText('Năm báo cáo').first().waitFor();
    // The preview is asked for once, as the address changes; the year's checks (a quarter of a second of the host's
    // time at 400 units) only once the preview has been answered.
    const events: string[] = [];
    const rpcName = (url: string) => (url.includes('/rpc/report%3Apreview') ? 'preview' : url.includes('/rpc/checks%3Ayear') ? 'checks' : null);
    const onRequest = (r: { url(): string }) => rpcName(r.url()) && events.push(`${rpcName(r.url())} asked`);
    const onResponse = (r: { url(): string }) => rpcName(r.url()) && events.push(`${rpcName(r.url())} answered`);
    page.on('request', onRequest);
    page.on('response', onResponse);
    await page.evaluate(() => (window.location.hash = '#/2024/bao-cao'));
    const preview = page.getByLabel('Bản xem trước');
    await preview.getByText('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM').waitFor();
    // The appendices are drawn just after the report's first page.
    await preview.getByText('Phụ lục II', { exact: true }).first().waitFor();
    await expect.poll(() => events.includes('checks asked')).toBe(true);
    page.off('request', onRequest);
    page.off('response', onResponse);
    expect(events.filter((e) => e === 'preview asked')).toHaveLength(1);
    expect(events.indexOf('checks asked')).toBeGreaterThan(events.indexOf('preview answered'));
    const text = await preview.innerText();
    expect(text).toContain('3.848');
    expect(text).toContain('76,2%');
    expect(text).toContain('Phụ lục II');
    expect(text).not.toContain('[chưa có số liệu');
    await page.getByText('Chưa tạo tệp báo cáo nào cho năm này.').waitFor();
    await page.screenshot({ path: 'test-output/e2e-bao-cao.png' });

    await page.getByRole('button', { name: 'Tạo báo cáo' }).click();
    await page.getByText('Đã tạo 3 tệp báo cáo.').waitFor();
    for (const name of ['Bao-cao-2024-du-thao.docx', 'Phu-luc-2024-du-thao.docx', 'Phu-luc-2024-du-thao.xlsx']) await page.getByRole('cell', { name }).waitFor();
    const row = page.getByRole('row', { name: /Bao-cao-2024-du-thao\.docx/ });
    const [dl] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: 'Tải về' }).click()]);
    expect(dl.suggestedFilename()).toBe('Bao-cao-2024-du-thao.docx');
    const saved = join(host.workspace, 'tai-ve.docx');
    await dl.saveAs(saved);
    expect(readFileSync(saved).subarray(0, 2).toString()).toBe('PK');
    expect(readFileSync(saved).equals(readFileSync(join(host.workspace, 'tonghop-2024', 'bao-cao', 'Bao-cao-2024-du-thao.docx')))).toBe(true);
    await page.screenshot({ path: 'test-output/e2e-bao-cao-da-tao.png' });
  });
});
