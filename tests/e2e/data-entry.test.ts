/**
 * The spreadsheet in Chromium on the demo year: keyboard entry, a block pasted from Excel, rule flags, refusals,
 * and everything still there after a reload. Expected totals are computed from the demo data plus the edits with
 * the shared aggregation, never typed in by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openDemoSession, type DemoSession } from '../support/demo-session';
import type { TestHost } from '../support/web-host';
import { readDemo } from '../../electron/core/services/demo';
import { yearData } from '../../electron/core/services/figures';
import { addUnit } from '../../electron/core/services/units';
import { aggregate } from '../../shared/domain/aggregate';
import { evaluateRules } from '../../shared/domain/rules';
import type { FigureDto } from '../../shared/domain/records';
import { formatNumber } from '../../shared/format/number';
import { OVERSCAN } from '../../renderer/src/features/data/grid/row-window';

let session: DemoSession;
let host: TestHost;
let page: Page;
const errors: string[] = [];

const YEAR = 2022;
const CODES = ['DON_TONG_SO', 'DON_DU_DIEU_KIEN', 'DON_KHONG_DU_DIEU_KIEN', 'DON_CHUYEN'] as const;

beforeAll(async () => {
  session = await openDemoSession({ viewport: { width: 1440, height: 900 } });
  ({ host, page } = session);
  page.on('pageerror', (e) => errors.push(e.message));
});
afterAll(async () => {
  await session?.close();
});

/** The demo figures (from its JSON) with the edits applied, as the shared functions expect them. */
function expected(edits: { unit: string; code: string; value: string | null }[]) {
  const data = yearData(host.ctx, 2024);
  const idOf = new Map(data.units.map((u) => [u.code, u.id]));
  const figures = new Map<string, FigureDto>();
  for (const f of readDemo(host.ctx).figures) figures.set(`${f.unit}|${f.code}|${f.year}`, { unitId: idOf.get(f.unit)!, code: f.code, year: f.year, value: f.value });
  for (const e of edits) {
    const key = `${e.unit}|${e.code}|${YEAR}`;
    if (e.value === null) figures.delete(key);
    else figures.set(key, { unitId: idOf.get(e.unit)!, code: e.code, year: YEAR, value: e.value });
  }
  const list = [...figures.values()];
  const agg = aggregate(data.template!, data.units, list, data.regime!.period);
  const rules = evaluateRules(data.template!, data.units, list, data.regime!.period, agg);
  return {
    total: (code: string) => formatNumber(agg.indicators[code].years[YEAR].value!),
    rule: (unit: string, ruleId: string) => rules.find((r) => r.ruleId === ruleId && r.unitId === idOf.get(unit) && r.year === YEAR),
    totalRule: (ruleId: string) => rules.find((r) => r.ruleId === ruleId && r.scope === 'total' && r.year === YEAR),
  };
}

const cell = (unit: string, code: string) => page.locator(`td[data-unit="${unit}"][data-code="${code}"]`);
const total = (code: string) => cell('__total', code);
const stored = (unit: string, code: string) => {
  const data = yearData(host.ctx, 2024);
  const id = data.units.find((u) => u.code === unit)!.id;
  return data.figures.find((f) => f.unitId === id && f.code === code && f.year === YEAR)?.value ?? null;
};

async function openSheet() {
  await page.getByRole('region', { name: `Bảng tính số liệu năm ${YEAR}` }).waitFor();
}

describe('the spreadsheet of all units', () => {
  it('edits by keyboard, pastes a block, flags a broken rule, refuses bad numbers, and keeps it all after a reload', async () => {
    await page.goto(host.url);
    await page.getByText('Năm báo cáo').first().waitFor();
    // The year's data is asked for once, as the address changes (before the page draws), and the page takes it.
    const asked: string[] = [];
    const onRequest = (r: { url(): string }) => r.url().includes('/rpc/figures%3Ayear-data') && asked.push(r.url());
    page.on('request', onRequest);
    await page.evaluate(() => (window.location.hash = '#/2024/so-lieu/bang-tinh'));
    await page.getByRole('tab', { name: 'Bảng tính' }).waitFor();
    await page.locator('td[data-unit][data-code]').first().waitFor();
    page.off('request', onRequest);
    expect(asked).toHaveLength(1);

    // Section 2.2 (petitions, complaints) and the year 2022.
    await page.getByLabel('Mục của đề cương').click();
    await page.keyboard.type('2.2.');
    await page.keyboard.press('Enter');
    await page.getByText(`Năm ${YEAR}`, { exact: true }).click();
    await openSheet();
    expect(await total('DON_TONG_SO').textContent()).toBe(expected([]).total('DON_TONG_SO'));

    // Keyboard: select a cell, move with the arrows, type a Vietnamese-grouped number and commit with Enter.
    await cell('VP', 'DON_TONG_SO').click();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.type('1.270');
    await page.keyboard.press('Enter');
    const afterTyping = expected([{ unit: 'PNV', code: 'DON_TONG_SO', value: '1270' }]);
    await expect.poll(() => cell('PNV', 'DON_TONG_SO').textContent()).toBe('1.270');
    await expect.poll(() => total('DON_TONG_SO').textContent()).toBe(afterTyping.total('DON_TONG_SO'));
    expect(stored('PNV', 'DON_TONG_SO')).toBe('1270');

    // A 3 × 4 block copied from Excel (tab-separated, Vietnamese and plain numbers), pasted at PNV / DON_TONG_SO.
    const block = [
      ['1.270', '1.000', '270', '400'],
      ['50', '30', '20', '10'],
      ['12', '12', '0', '5'],
    ];
    const units = ['PNV', 'PTP', 'PTCKH'];
    await cell('PNV', 'DON_TONG_SO').click();
    await page.evaluate((text) => {
      const dt = new DataTransfer();
      dt.setData('text/plain', text);
      document.activeElement!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    }, block.map((r) => r.join('\t')).join('\r\n') + '\r\n');
    const pasted = block.flatMap((row, i) => row.map((v, j) => ({ unit: units[i], code: CODES[j], value: v.replace('.', '') })));
    const afterPaste = expected(pasted);
    for (const code of CODES) await expect.poll(() => total(code).textContent()).toBe(afterPaste.total(code));
    expect(await cell('PTP', 'DON_KHONG_DU_DIEU_KIEN').textContent()).toBe('20');
    await page.getByText('Đã dán và lưu').waitFor();

    // Break a rule: PTP receives 51 petitions but 30 + 20 are classified.
    await cell('PTP', 'DON_TONG_SO').click();
    await page.keyboard.type('51');
    await page.keyboard.press('Enter');
    const broken = expected([...pasted, { unit: 'PTP', code: 'DON_TONG_SO', value: '51' }]);
    const rule = broken.rule('PTP', 'don-tong-so-bang-du-cong-khong-du');
    expect(rule?.status).toBe('failed');
    await expect.poll(() => cell('PTP', 'DON_TONG_SO').getAttribute('title')).toContain(rule!.message);
    expect(await cell('PTP', 'DON_TONG_SO').getAttribute('class')).toContain('flag-error');
    expect(await cell('PTP', 'DON_KHONG_DU_DIEU_KIEN').getAttribute('class')).toContain('flag-error');
    expect(await cell('PNV', 'DON_TONG_SO').getAttribute('class')).not.toContain('flag');
    await page.getByRole('region', { name: 'Số liệu chưa khớp' }).getByText(rule!.message).waitFor();
    const totalRule = broken.totalRule('don-tong-so-bang-du-cong-khong-du');
    expect(totalRule?.status).toBe('failed');
    expect(await total('DON_TONG_SO').getAttribute('title')).toContain(totalRule!.message);
    expect(await total('DON_TONG_SO').textContent()).toBe(broken.total('DON_TONG_SO'));

    // Refusals: text and a fraction are not counts; nothing is saved and Escape restores the cell.
    await cell('PTCKH', 'DON_TONG_SO').click();
    await page.keyboard.type('abc');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: '“abc” không phải là số' }).waitFor();
    await page.keyboard.press('Escape');
    await page.keyboard.type('1,5');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'Số đếm phải là số nguyên không âm' }).waitFor();
    await page.keyboard.press('Escape');
    expect(await cell('PTCKH', 'DON_TONG_SO').textContent()).toBe('12');
    expect(stored('PTCKH', 'DON_TONG_SO')).toBe('12');

    // A pasted block with one bad cell is refused whole.
    await cell('PTCKH', 'DON_TONG_SO').click();
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.setData('text/plain', '99\t98\n97\tkhông rõ\n');
      document.activeElement!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    });
    await page.getByRole('alert').filter({ hasText: 'Chưa dán ô nào' }).waitFor();
    expect(stored('PTCKH', 'DON_TONG_SO')).toBe('12');

    // Delete clears a cell (an empty cell is not a zero: the total leaves it out).
    await cell('PTCKH', 'DON_CHUYEN').click();
    await page.keyboard.press('Delete');
    await expect.poll(() => cell('PTCKH', 'DON_CHUYEN').textContent()).toBe('');
    // The cell shows the cleared value while it is being saved (aria-busy); the store is asked once that is over.
    await expect.poll(() => cell('PTCKH', 'DON_CHUYEN').getAttribute('aria-busy')).toBeNull();
    expect(stored('PTCKH', 'DON_CHUYEN')).toBeNull();
    const cleared = [...pasted.filter((p) => !(p.unit === 'PTCKH' && p.code === 'DON_CHUYEN')), { unit: 'PTP', code: 'DON_TONG_SO', value: '51' }, { unit: 'PTCKH', code: 'DON_CHUYEN', value: null }];
    const final = expected(cleared);
    expect(await total('DON_CHUYEN').textContent()).toBe(final.total('DON_CHUYEN'));

    // Ratios are computed and cannot be typed into; units that do not report an indicator are greyed.
    expect(await cell('PNV', 'TY_LE_DON_DU_DIEU_KIEN').getAttribute('class')).toContain('computed');
    expect(await cell('P-LHP', 'DON_TONG_SO').getAttribute('class')).toContain('none');

    // After a reload the values, the totals and the flag are all still there. The year's rules are evaluated in
    // the page's Web Worker (rules-off-thread): one is started, and nothing says the page had to do it itself.
    const workers: string[] = [];
    const fallbacks: string[] = [];
    const onWorker = (w: { url(): string }) => workers.push(w.url());
    const onConsole = (m: { text(): string }) => m.text().includes('[rules]') && fallbacks.push(m.text());
    page.on('worker', onWorker);
    page.on('console', onConsole);
    await page.reload();
    await openSheet();
    await expect.poll(() => cell('PNV', 'DON_TONG_SO').textContent()).toBe('1.270');
    expect(await cell('PTP', 'DON_TONG_SO').textContent()).toBe('51');
    for (const code of CODES) expect(await total(code).textContent()).toBe(final.total(code));
    // Rule flags are drawn just after the values.
    await expect.poll(() => cell('PTP', 'DON_TONG_SO').getAttribute('title')).toContain(rule!.message);
    expect(await cell('PTP', 'DON_TONG_SO').getAttribute('class')).toContain('flag-error');
    page.off('worker', onWorker);
    page.off('console', onConsole);
    expect(workers.filter((u) => /rules\.worker/.test(u))).toHaveLength(1);
    expect(fallbacks).toEqual([]);

    await cell('PTP', 'DON_TONG_SO').click();
    await page.screenshot({ path: 'test-output/e2e-bang-tinh.png' });

    // Over the whole period, per-year indicators show each unit's total and cannot be typed into.
    await page.getByText('Cả kỳ 2021 - 2023', { exact: true }).click();
    await page.getByRole('region', { name: 'Bảng tính số liệu cả kỳ 2021 - 2023' }).waitFor();
    expect(await cell('PNV', 'DON_TONG_SO').textContent()).toBe('1.270');
    expect(await cell('PNV', 'DON_TONG_SO').getAttribute('class')).toContain('computed');
    expect(await cell('VP', 'SO_KE_HOACH_DOI_THOAI').getAttribute('class')).not.toContain('computed');
    await page.screenshot({ path: 'test-output/e2e-bang-tinh-ca-ky.png' });
    expect(errors).toEqual([]);
  });

  it('draws only the rows in view of a province-sized grid, and still reaches, edits and saves its last row by keyboard', async () => {
    for (let i = 1; i <= 160; i++) addUnit(host.ctx, 2024, { code: `TINH_${String(i).padStart(3, '0')}`, name: `Xã Thử Nghiệm ${i}`, kind: 'xa' });
    await page.reload();
    await page.getByText(`Năm ${YEAR}`, { exact: true }).click();
    await openSheet();
    const drawn = () => page.locator('tbody tr[data-row]').count();
    expect(await drawn()).toBeLessThan(120);
    expect(await page.locator('td[data-unit="TINH_160"]').count()).toBe(0);
    // The first drawing holds the rows the grid's height shows and the overscan below them, no more.
    const inView = await page
      .locator('.sheet-wrap')
      .evaluate((w) => Math.ceil(w.clientHeight / Math.min(...Array.from(w.querySelectorAll<HTMLElement>('tbody tr[data-row]'), (tr) => tr.offsetHeight))));
    expect(await drawn()).toBeLessThanOrEqual(inView + OVERSCAN + 1);

    await page.locator('td[data-r="0"][data-c="0"]').click();
    await page.keyboard.press('Control+End');
    const last = page.locator('td[data-unit="TINH_160"][aria-selected="true"]');
    await last.waitFor();
    expect(await last.isVisible()).toBe(true);
    expect(await drawn()).toBeLessThan(120);

    const editable = page.locator('td[data-unit="TINH_160"]:not(.computed):not(.none)').first();
    const code = (await editable.getAttribute('data-code'))!;
    await editable.click();
    await page.keyboard.type('7');
    await page.keyboard.press('Enter');
    await expect.poll(() => cell('TINH_160', code).textContent()).toBe('7');
    await expect.poll(() => cell('TINH_160', code).getAttribute('aria-busy')).toBeNull();
    expect(stored('TINH_160', code)).toBe('7');

    // All sections: only the columns in view are drawn too; End reaches the last one, which is typed into and saved.
    await page.getByLabel('Mục của đề cương').click();
    await page.getByTitle('Tất cả các mục').click();
    await page.getByRole('region', { name: `Bảng tính số liệu năm ${YEAR}` }).waitFor();
    const columns = await page.locator('thead tr.head th[scope="col"]:not(.row-head)').count();
    await page.locator('td[data-unit="TINH_160"]').first().waitFor();
    expect(columns).toBeLessThan(24);
    await page.locator('td[data-unit="TINH_160"]').first().click();
    await page.keyboard.press('End');
    const end = page.locator('td[data-unit="TINH_160"][aria-selected="true"]');
    await end.waitFor();
    expect(await end.isVisible()).toBe(true);
    // Leftwards from the end to the nearest column the commune reports.
    for (let i = 0; i < 30 && /computed|none/.test((await end.getAttribute('class')) ?? ''); i++) await page.keyboard.press('ArrowLeft');
    expect(await end.getAttribute('class')).not.toMatch(/computed|none/);
    const lastCode = (await end.getAttribute('data-code'))!;
    await page.screenshot({ path: 'test-output/e2e-bang-tinh-rong.png' });
    await page.keyboard.type('5');
    await page.keyboard.press('Enter');
    await expect.poll(() => stored('TINH_160', lastCode)).toBe('5');
    await expect.poll(() => cell('TINH_160', lastCode).textContent()).toBe('5');

    // Opened again (all sections remembered): what is drawn first is what is shown, no row or column drawn and then
    // removed once the grid is measured (the first drawing covers the viewport measured after it).
    await page.evaluate(() => (window.location.hash = '#/2024/don-vi'));
    await page.getByRole('region', { name: `Bảng tính số liệu năm ${YEAR}` }).waitFor({ state: 'detached' });
    await page.evaluate(() => {
      const w = window as unknown as { removedCells: number };
      w.removedCells = 0;
      new MutationObserver((ms) => ms.forEach((m) => m.removedNodes.forEach((n) => /^(TD|TH|TR)$/.test(n.nodeName) && w.removedCells++))).observe(document.body, { subtree: true, childList: true });
    });
    await page.evaluate(() => (window.location.hash = '#/2024/so-lieu/bang-tinh'));
    await page.locator('td[data-unit][data-code]').first().waitFor();
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    expect(await page.locator('thead tr.head th[scope="col"]:not(.row-head)').count()).toBeGreaterThan(2);
    expect(await page.evaluate(() => (window as unknown as { removedCells: number }).removedCells)).toBe(0);
    expect(errors).toEqual([]);
  });
});
