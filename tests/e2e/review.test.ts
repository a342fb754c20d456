/**
 * The Done-when, in Chromium through the web host: the clerk submits version 1; the leader comments on two
 * sections and returns it; the clerk edits, resolves and submits version 2; the leader sees the diff (text and
 * figures) and approves; an edit is refused under the "Đã duyệt — chỉ xem" banner; the văn thư issues it as number
 * 215 and attaches the scan; the versions list shows drafts 1–2 and the final.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { openDemoSession, type DemoSession } from '../support/demo-session';
import type { TestHost } from '../support/web-host';
import { dispatch } from '../../electron/core';
import { rpc } from '../../shared/rpc';
import { withAccess } from '../../electron/core/access';
import { ensureYear } from '../../electron/core/services/years';
import { listUnits } from '../../electron/core/db/repos/units';

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

const card = () => page.locator('.ant-card').filter({ hasText: 'Trình duyệt và phát hành' });
const dialog = () => page.locator('.ant-modal-wrap:visible .ant-modal');
const toReport = async () => {
  await page.evaluate(() => (window.location.hash = '#/2024/bao-cao'));
  await card().waitFor();
};

async function become(name: string, role: 'Chuyên viên' | 'Lãnh đạo' | 'Văn thư') {
  await card().getByRole('button', { name: /Chọn tên và vai trò|Đổi người dùng/ }).click();
  await dialog().getByLabel('Họ tên').fill(name);
  // Under load a click can land while the dropdown is still opening and be lost: pick again (opening the dropdown
  // only when it is closed) until the select shows the role.
  const option = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: role }).first();
  const chosen = dialog().locator('.ant-select').filter({ hasText: role });
  for (let attempt = 1; ; attempt++) {
    if (!(await option.isVisible())) await dialog().locator('.ant-select').click();
    await option.click({ timeout: 5000 }).catch(() => undefined);
    try {
      await chosen.waitFor({ timeout: 3000 });
      break;
    } catch (e) {
      if (attempt === 4) throw e;
    }
  }
  await dialog().getByRole('button', { name: /Lưu/ }).click();
  await dialog().waitFor({ state: 'hidden' });
  await card().getByLabel('Người dùng hiện tại').getByText(`${name} (${role})`).waitFor();
}

async function step(action: string, fill?: (d: ReturnType<typeof dialog>) => Promise<void>) {
  await card().getByRole('button', { name: action, exact: true }).click();
  await dialog().waitFor();
  await fill?.(dialog());
  await dialog().getByRole('button', { name: action, exact: true }).click();
  // The dialog closes when the step is taken; a refusal shows its message instead, which the failure then says.
  const refused = page.locator('.ant-message-error').first();
  const closed = dialog()
    .waitFor({ state: 'hidden' })
    .then(() => 'closed' as const);
  closed.catch(() => undefined);
  const shown = refused.waitFor().then(
    () => 'refused' as const,
    () => new Promise<never>(() => undefined),
  );
  if ((await Promise.race([closed, shown])) === 'refused') throw new Error(`“${action}” bị từ chối: ${await refused.innerText()}`);
}

async function comment(search: string, text: string) {
  const c = page.locator('.ant-card').filter({ hasText: 'Góp ý của lãnh đạo' });
  await c.locator('.ant-select').click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').waitFor();
  await page.keyboard.type(search);
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option-active', { hasText: search }).waitFor();
  await page.keyboard.press('Enter');
  await c.locator('.ant-select').filter({ hasText: search }).waitFor();
  await c.getByLabel('Nội dung góp ý').fill(text);
  await c.getByRole('button', { name: 'Gửi góp ý' }).click();
  await page.getByText(text).first().waitFor();
}

describe('from draft to signed report', () => {
  it('goes through review, approval that locks, issue and the signed scan', async () => {
    await page.goto(host.url);
    await toReport();
    await card().getByText('Hãy chọn tên và vai trò của người dùng máy này').waitFor();
    await become('Nguyễn Thị Soạn', 'Chuyên viên');

    // The clerk submits version 1.
    await step('Trình lãnh đạo');
    await card().getByLabel('Trạng thái báo cáo').getByText('Trình lãnh đạo — dự thảo lần 1').waitFor();
    // Printed, the draft carries its mark (repeated at the top of every printed page).
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.review-print-mark').innerText()).toMatch(/DỰ THẢO\s*Dự thảo lần 1/);
    await page.emulateMedia({ media: 'screen' });
    expect(await page.locator('.review-print-mark').isVisible()).toBe(false);

    // The leader comments on two sections and sends it back.
    await become('Trần Văn Duyệt', 'Lãnh đạo');
    // One comment on a paragraph clicked in the preview, one on a section chosen in the list.
    await page.getByLabel('Bản xem trước').locator('p', { hasText: 'Thành phố là đô thị loại II' }).click();
    const commentsCard = page.locator('.ant-card').filter({ hasText: 'Góp ý của lãnh đạo' });
    await commentsCard.locator('.ant-select').filter({ hasText: 'Đoạn 1: Thành phố là đô thị loại II' }).waitFor();
    await commentsCard.getByLabel('Nội dung góp ý').fill('Nêu rõ số phường, xã sau sắp xếp.');
    await commentsCard.getByRole('button', { name: 'Gửi góp ý' }).click();
    await page.getByText('Nêu rõ số phường, xã sau sắp xếp.').first().waitFor();
    await comment('KẾT QUẢ 03 NĂM THỰC HIỆN CHỈ THỊ 08 — cả', 'Bổ sung kết quả năm 2023.');
    await page.screenshot({ path: 'test-output/e2e-duyet-gop-y.png', fullPage: true, clip: { x: 0, y: 0, width: 1400, height: 1300 } });
    await step('Trả lại', (d) => d.getByLabel('Nội dung cần sửa (bắt buộc)').fill('Sửa theo hai góp ý.'));
    await card().getByLabel('Trạng thái báo cáo').getByText('Trả lại').waitFor();

    // The clerk sees the comments beside the narrative editor, edits and resolves them.
    await become('Nguyễn Thị Soạn', 'Chuyên viên');
    await page.evaluate(() => (window.location.hash = '#/2024/so-lieu/loi-van'));
    await page.getByRole('tree', { name: 'Đề cương báo cáo' }).getByText(/^I\. ĐẶC ĐIỂM TÌNH HÌNH/).click();
    const aside = page.getByLabel('Góp ý cho mục này');
    await aside.getByText('Nêu rõ số phường, xã sau sắp xếp.').waitFor();
    const first = page.getByLabel('Nội dung đoạn 1');
    await first.fill(`${await first.inputValue()} Sau sắp xếp, thành phố có 09 phường và 14 xã.`);
    await page.getByRole('button', { name: 'Lưu lời văn' }).click();
    await page.getByText(/Đã lưu lời văn mục/).waitFor();
    await aside.getByRole('button', { name: 'Đánh dấu đã xử lý' }).click();
    await aside.getByText('Đã xử lý', { exact: true }).waitFor();
    await page.screenshot({ path: 'test-output/e2e-duyet-gop-y-canh-loi-van.png' });
    // A figure corrected too (data entry has its own tests): version 2 must show it old → new.
    const unit = listUnits(withAccess('read', () => ensureYear(host.ctx, 2024))).find((u) => u.kind === 'xa')!;
    const saved = await dispatch(host.ctx, rpc.figures.save.channel, { year: 2024, changes: [{ unitId: unit.id, code: 'HOA_GIAI_TIEP_NHAN', year: 2021, value: '999' }] }, () => undefined);
    expect(saved.ok).toBe(true);
    await toReport();
    const comments = page.locator('.ant-card').filter({ hasText: 'Góp ý của lãnh đạo' });
    await comments.getByRole('button', { name: 'Đánh dấu đã xử lý' }).click();
    await comments.getByText('(0 chưa xử lý / 2)').waitFor();
    await step('Trình lãnh đạo');
    await card().getByLabel('Trạng thái báo cáo').getByText('Trình lãnh đạo — dự thảo lần 2').waitFor();

    // The leader compares the versions and approves.
    await become('Trần Văn Duyệt', 'Lãnh đạo');
    const versions = page.locator('.ant-card').filter({ hasText: 'Các phiên bản' });
    // The last two versions are proposed.
    await versions.locator('.ant-select').filter({ hasText: 'Dự thảo lần 1' }).waitFor();
    await versions.locator('.ant-select').filter({ hasText: 'Dự thảo lần 2' }).waitFor();
    await versions.getByRole('button', { name: 'So sánh', exact: true }).click();
    const diff = page.getByLabel('Kết quả so sánh');
    await diff.locator('ins', { hasText: 'phường' }).first().waitFor();
    const figures = diff.getByLabel('Số liệu thay đổi');
    await figures.locator('del').first().waitFor();
    expect(await figures.locator('tbody tr').count()).toBeGreaterThan(0);
    await diff.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-output/e2e-duyet-so-sanh.png' });
    await step('Duyệt', async (d) => {
      const why = d.getByLabel('Lý do vẫn duyệt');
      if (await why.count()) await why.fill('Các lỗi còn lại là lỗi thể thức nhỏ, sẽ sửa khi phát hành.');
    });
    await card().getByLabel('Trạng thái báo cáo').getByText('Đã duyệt').waitFor();

    // An edit is refused, under the banner.
    await page.evaluate(() => (window.location.hash = '#/2024/so-lieu/loi-van'));
    await page.getByRole('alert').filter({ hasText: 'Đã duyệt — chỉ xem' }).waitFor();
    await page.getByRole('tree', { name: 'Đề cương báo cáo' }).getByText(/^I\. ĐẶC ĐIỂM TÌNH HÌNH/).click();
    // The fields and buttons are disabled; a write sent anyway (as a stale tab would) is refused by the app.
    await expect.poll(() => page.getByLabel('Nội dung đoạn 1').isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Lưu lời văn' }).isDisabled()).toBe(true);
    await page.screenshot({ path: 'test-output/e2e-duyet-da-khoa.png' });
    const refused = await page.evaluate(async () => {
      const res = await fetch('/rpc/templates:save-narrative', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-tonghop-token': sessionStorage.getItem('tonghop-token') ?? '' },
        body: JSON.stringify({ year: 2024, sectionId: 'opening', blocks: [{ style: 'p', text: 'Sửa sau khi duyệt.' }] }),
      });
      return res.json();
    });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'Locked' } });
    expect(refused.error.message).toMatch(/^Năm 2024 đã được lãnh đạo duyệt .* nên dữ liệu năm chỉ xem, không sửa được; chưa lưu gì/);
    // The office's own figures too.
    await page.getByRole('tab', { name: 'Số liệu của cơ quan' }).click();
    await expect.poll(() => page.locator('[data-locked-year="2024"] input').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-locked-year="2024"] input:not([disabled])').count()).toBe(0);
    // Settings too: the banner, and the fields disabled.
    await page.evaluate(() => (window.location.hash = '#/2024/cai-dat'));
    await page.getByRole('alert').filter({ hasText: 'Đã duyệt — chỉ xem' }).waitFor();
    // Wait until the settings form has rendered its fields (the banner comes first), then none may be enabled.
    await expect.poll(() => page.locator('[data-locked-year="2024"] input').count()).toBeGreaterThan(3);
    expect(await page.locator('[data-locked-year="2024"] input:not([disabled])').count()).toBe(0);

    // The văn thư issues it as number 215 and attaches the signed scan.
    await toReport();
    await become('Lê Thị Văn Thư', 'Văn thư');
    await step('Phát hành', async (d) => {
      await d.getByLabel('Số văn bản').fill('215');
      await d.getByLabel('Ngày ban hành').fill('2024-05-08');
    });
    await card().getByText('Số 215/BC-UBND, ngày 08 tháng 5 năm 2024').waitFor();
    await card()
      .getByLabel('Tệp bản ký')
      .setInputFiles({ name: 'ban-ky-215.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
    await card().getByText('Đã đính kèm Ban-ky-2024-so-215.pdf (mở)').waitFor();

    // The files: drafts 1–2 and the final, the final with its number and without the draft mark.
    for (const name of ['Bao-cao-2024-du-thao-1.docx', 'Bao-cao-2024-du-thao-2.docx', 'Bao-cao-2024.docx']) await versions.getByText(name, { exact: true }).waitFor();
    await page.screenshot({ path: 'test-output/e2e-duyet-phat-hanh.png', fullPage: true, clip: { x: 0, y: 0, width: 1400, height: 1500 } });
    const folder = join(host.workspace, 'tonghop-2024', 'bao-cao');
    const xml = (f: string, part: string) => strFromU8(unzipSync(readFileSync(join(folder, f)))[part]);
    expect(xml('Bao-cao-2024.docx', 'word/document.xml')).toContain('215/BC-UBND');
    expect(xml('Bao-cao-2024.docx', 'word/header1.xml') + xml('Bao-cao-2024.docx', 'word/header2.xml')).not.toContain('DỰ THẢO');
    expect(xml('Bao-cao-2024-du-thao-2.docx', 'word/header1.xml')).toContain('Dự thảo lần 2');
    expect(existsSync(join(host.workspace, 'tonghop-2024', 'ban-ky', 'Ban-ky-2024-so-215.pdf'))).toBe(true);

    // The years overview: issued as number 215 on 08/5/2024, the signed scan attached.
    await page.getByRole('menuitem', { name: 'Năm báo cáo' }).click();
    const overview = page.getByLabel('Báo cáo năm 2024');
    await overview.getByText('Đã phát hành số 215/BC-UBND, ngày 08 tháng 5 năm 2024').waitFor();
    await overview.getByRole('button', { name: 'Đã đính kèm bản ký (mở)' }).waitFor();
    await page.screenshot({ path: 'test-output/e2e-duyet-tong-quan-nam.png' });

    // The print view: the issued report alone, on A4 (what “In (bản in)” sends to the printer).
    await toReport();
    await page.getByLabel('Bản xem trước').getByText('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM').waitFor();
    await page.emulateMedia({ media: 'print' });
    expect(await card().isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Tạo báo cáo' }).isVisible()).toBe(false);
    expect(await page.getByLabel('Bản xem trước').isVisible()).toBe(true);
    expect(await page.getByLabel('Bản xem trước').innerText()).toContain('Số: 215/BC-UBND');
    expect(await page.locator('.review-print-mark').count()).toBe(0);
    await page.screenshot({ path: 'test-output/e2e-duyet-ban-in.png' });
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.emulateMedia({ media: 'screen' });
  }, 240_000);
});
