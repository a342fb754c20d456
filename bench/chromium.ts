/**
 * The renderer timings of issue 16, taken in Chromium (Debian's /usr/bin/chromium through Playwright) on the built
 * renderer served by the built web host (`node out/node/web.js`, both made by `npm run build`, run from a copy taken
 * at the start), at 1366×768:
 * - grid, all sections, open: from the address of the Số liệu spreadsheet (all sections, year 2022) to its first
 *   cells shown (and the longest main-thread task meanwhile);
 * - grid, Enter until the value shows: a number typed into a cell (Phòng Nội vụ, petitions, 2022), Enter pressed,
 *   until the cell shows it formatted;
 * - grid scrolling: the median frame while that spreadsheet scrolls 80 px per frame for 120 frames;
 * - report preview: from the address of the Báo cáo page to the national title shown in the preview.
 * Each on the demo year (41 units: the same-run baseline) and on the province bench's year of 401 units, the page
 * loaded afresh for each of 5 rounds; medians (with 3, one run's grid median moved by ±50 ms on a 2-core machine whose
 * browser and host share the cores). Only measures: the screens are the renderer's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Page } from 'playwright-core';
import { closeCore, createCore } from '../electron/core';
import { loadDemo } from '../electron/core/services/demo';
import { launchChromium } from '../tests/support/chromium';
import { YEAR } from './import-data';
import { provinceFile } from './province';

const ROOT = resolve(__dirname, '..');
const WEB = join(ROOT, 'out/node/web.js');
const ROUNDS = 5;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ok = (pass: boolean) => (pass ? 'ĐẠT' : 'KHÔNG ĐẠT');

/**
 * A copy of the build (out/node, out/renderer) with the project's node_modules and resources linked beside it, so
 * another `npm run build` meanwhile (the working tree is shared) does not change what is measured.
 */
function snapshotBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tonghop-bench-ban-dung-'));
  for (const part of ['out/node', 'out/renderer']) cpSync(join(ROOT, part), join(dir, part), { recursive: true });
  if (!existsSync(join(dir, 'out/node/web.js')) || !existsSync(join(dir, 'out/renderer/index.html'))) throw new Error('Bản dựng đang được làm lại; hãy chạy lại sau.');
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  symlinkSync(join(ROOT, 'resources'), join(dir, 'resources'));
  return dir;
}

/** The built web host (in `build`, a snapshot) on a workspace; resolves with its URL (token included) once it listens. */
function startHost(build: string, workspace: string): Promise<{ url: string; child: ChildProcess }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(build, 'out/node/web.js'), '--workspace', workspace, '--no-open', '--user', 'đo hiệu năng'], { cwd: build, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const url = /http:\/\/127\.0\.0\.1:\d+\/#token=\S+/.exec(out)?.[0];
      if (url) done({ url, child });
    });
    child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    child.on('exit', (code) => fail(new Error(`Máy chủ web dừng (mã ${code}):\n${out}`)));
  });
}

interface Timings {
  open: number;
  longestTask: number;
  enter: number | null;
  frame: number;
  preview: number;
}

/** Loads the app afresh and waits for its shell. */
async function fresh(page: Page, url: string): Promise<void> {
  await page.goto('about:blank');
  await page.goto(url);
  await page.getByText('Năm báo cáo').first().waitFor();
}

const SHEET = '[role="region"][aria-label^="Bảng tính số liệu"]';

async function openGrid(page: Page, url: string): Promise<{ ms: number; longestTask: number }> {
  await fresh(page, url);
  // All sections, year 2022: the view the spreadsheet keeps per year (SpreadsheetTab's useView).
  await page.evaluate(`localStorage.setItem('tonghop-bang-tinh-${YEAR}', '${JSON.stringify({ section: '*', year: 2022 })}')`);
  await page.evaluate('window.__longest = 0');
  const t = performance.now();
  await page.evaluate(`window.location.hash = '#/${YEAR}/so-lieu/bang-tinh'`);
  await page.locator(`${SHEET} td[data-unit][data-code]`).first().waitFor();
  const ms = performance.now() - t;
  const longestTask = (await page.evaluate('window.__longest')) as number;
  return { ms, longestTask };
}

/**
 * The median frame interval while the spreadsheet scrolls down (and back up at the end) by 80 px a frame. Sent as
 * text, as every script run in the page here: functions compiled by tsx carry a helper (__name) the page lacks.
 */
const SCROLL_SCRIPT = `new Promise((done) => {
  const cell = document.querySelector('${SHEET} td[data-unit][data-code]');
  let el = cell ? cell.parentElement : null;
  while (el && !(el.scrollHeight > el.clientHeight + 10 && /(auto|scroll)/.test(getComputedStyle(el).overflowY))) el = el.parentElement;
  const scroller = el || document.scrollingElement;
  const stamps = [];
  let dir = 1;
  function step(t) {
    stamps.push(t);
    if (stamps.length > 120) {
      const gaps = stamps.slice(1).map((s, i) => s - stamps[i]).sort((a, b) => a - b);
      done(gaps[Math.floor(gaps.length / 2)]);
      return;
    }
    const next = scroller.scrollTop + dir * 80;
    if (next + scroller.clientHeight >= scroller.scrollHeight) dir = -1;
    else if (next <= 0) dir = 1;
    scroller.scrollTop = next;
    requestAnimationFrame(step);
  }
  requestAnimationFrame(step);
})`;

function scrollFrames(page: Page): Promise<number> {
  return page.evaluate(SCROLL_SCRIPT) as Promise<number>;
}

/** Types a value into Phòng Nội vụ's petitions of 2022 (section 2.2.) and times Enter until the cell shows it. */
async function enterValue(page: Page, url: string, round: number): Promise<number | null> {
  await fresh(page, url);
  await page.evaluate(`window.location.hash = '#/${YEAR}/so-lieu/bang-tinh'`);
  await page.locator(SHEET).first().waitFor();
  await page.getByLabel('Mục của đề cương').click();
  await page.keyboard.type('2.2.');
  await page.keyboard.press('Enter');
  await page.getByText('Năm 2022', { exact: true }).click();
  const cell = page.locator(`${SHEET} td[data-unit="PNV"][data-code="DON_TONG_SO"]`);
  try {
    await cell.waitFor({ timeout: 15_000 });
  } catch {
    return null;
  }
  await cell.click();
  const shown = `1.${String(300 + round)}`;
  await page.keyboard.type(shown);
  const t = performance.now();
  await page.keyboard.press('Enter');
  // A locator, not waitForFunction: the app's CSP forbids evaluating strings, which that would need here.
  await page.locator(`${SHEET} td[data-unit="PNV"][data-code="DON_TONG_SO"]`, { hasText: new RegExp(`^${shown.replace('.', '\\.')}$`) }).waitFor({ timeout: 30_000 });
  return performance.now() - t;
}

async function preview(page: Page, url: string): Promise<number> {
  await fresh(page, url);
  const t = performance.now();
  await page.evaluate(`window.location.hash = '#/${YEAR}/bao-cao'`);
  await page.getByLabel('Bản xem trước').getByText('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM').waitFor({ timeout: 60_000 });
  return performance.now() - t;
}

async function measureYear(page: Page, build: string, workspace: string, shot: string): Promise<Timings> {
  const { url, child } = await startHost(build, workspace);
  try {
    await fresh(page, url);
    const runs: Timings[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      let step = 'mở lưới';
      try {
        const open = await openGrid(page, url);
        step = 'cuộn lưới';
        const frame = await scrollFrames(page);
        if (round === 0) await page.screenshot({ path: shot });
        step = 'gõ số rồi Enter';
        const enter = await enterValue(page, url, round);
        step = 'xem trước báo cáo';
        runs.push({ open: open.ms, longestTask: open.longestTask, frame, enter, preview: await preview(page, url) });
      } catch (e) {
        const failed = shot.replace(/\.png$/, '-loi.png');
        await page.screenshot({ path: failed }).catch(() => undefined);
        throw new Error(`Đo trên Chromium dừng ở bước “${step}”, vòng ${round + 1} (ảnh: ${failed}): ${(e as Error).message}`, { cause: e });
      }
      process.stderr.write('.');
    }
    const of = (k: keyof Timings) => median(runs.map((r) => r[k] ?? Number.NaN));
    return { open: of('open'), longestTask: of('longestTask'), enter: runs.some((r) => r.enter === null) ? null : of('enter'), frame: of('frame'), preview: of('preview') };
  } finally {
    child.kill();
  }
}

export async function runChromiumBench(): Promise<void> {
  const head = 'việc\tứng dụng (401 đơn vị)\tso với năm mẫu 41 đơn vị cùng lần chạy\tmục tiêu\tkết quả';
  if (!existsSync(WEB) || !existsSync(join(ROOT, 'out/renderer/index.html'))) {
    console.log('Đo trên Chromium: chưa có bản dựng (out/node/web.js, out/renderer); chạy npm run build trước');
    console.log(head);
    for (const w of ['lưới, mọi mục, mở', 'lưới, Enter đến khi số hiện', 'lưới, cuộn, khung hình trung vị', 'xem trước báo cáo']) console.log(`${w}\t\t\t\tKHÔNG ĐO`);
    return;
  }
  const file = await provinceFile((s) => console.log(s));
  const demo = mkdtempSync(join(tmpdir(), 'tonghop-bench-cr-mau-'));
  const province = mkdtempSync(join(tmpdir(), 'tonghop-bench-cr-tinh-'));
  const build = snapshotBuild();
  const browser = await launchChromium();
  try {
    const ctx = createCore({ host: 'cli', workspaceDir: demo, actor: 'đo hiệu năng' });
    loadDemo(ctx);
    closeCore(ctx);
    copyFileSync(file, join(province, `tonghop-${YEAR}.sqlite`));
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    // The longest main-thread task since the counter was last reset (Chromium's Long Tasks API).
    await page.addInitScript(
      "window.__longest = 0; new PerformanceObserver((l) => l.getEntries().forEach((e) => (window.__longest = Math.max(window.__longest, e.duration)))).observe({ type: 'longtask', buffered: true });",
    );
    mkdirSync(join(ROOT, 'test-output'), { recursive: true });
    process.stderr.write('Đo trên Chromium (năm mẫu, rồi năm 401 đơn vị): ');
    const base = await measureYear(page, build, demo, join(ROOT, 'test-output/bench-luoi-41.png'));
    const ours = await measureYear(page, build, province, join(ROOT, 'test-output/bench-luoi-401.png'));
    process.stderr.write('\n');
    const ms = (n: number) => `${n.toFixed(0)} ms`;
    const vs = (a: number, b: number) => `${(a / b).toFixed(2)}× (${ms(b)})`;
    const rows = [
      ['lưới, mọi mục, mở', `${ms(ours.open)}, việc dài nhất ${ms(ours.longestTask)}`, vs(ours.open, base.open), '< 300 ms', ok(ours.open < 300)],
      ours.enter === null || base.enter === null
        ? ['lưới, Enter đến khi số hiện', 'không tìm thấy ô Phòng Nội vụ – Tổng số đơn năm 2022', '', '< 100 ms', 'KHÔNG ĐO']
        : ['lưới, Enter đến khi số hiện', ms(ours.enter), vs(ours.enter, base.enter), '< 100 ms', ok(ours.enter < 100)],
      ['lưới, cuộn, khung hình trung vị', `${ours.frame.toFixed(1)} ms`, vs(ours.frame, base.frame), '≤ 17 ms', ok(ours.frame <= 17)],
      ['xem trước báo cáo', ms(ours.preview), vs(ours.preview, base.preview), '< 300 ms', ok(ours.preview < 300)],
    ];
    console.log(`Đo trên Chromium (${ROUNDS} vòng, trung vị; trang tải lại mỗi lần đo; 1366×768; ảnh: test-output/bench-luoi-401.png)`);
    console.log(head);
    rows.forEach((r) => console.log(r.join('\t')));
  } finally {
    await browser.close();
    for (const dir of [demo, province, build]) rmSync(dir, { recursive: true, force: true });
  }
}
