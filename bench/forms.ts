/**
 * The forms bench (issue 15 item 4, issue 17 item 6):
 * - forms for the demo's units and for 400 units: the app (one model form per kind and row height, filled per unit,
 *   written a few at a time) against the baseline of building each unit's workbook with exceljs (the way every form
 *   was made before), both writing the same files atomically;
 * - how long other calls wait while a long job runs on the loopback host: `years:list` sent every 50 ms over HTTP
 *   during the 400-unit forms job, the 401-unit report job and a 400-return import job; the target is < 200 ms.
 * Uses the import bench's cached data (bench/import-data.ts): the 401-unit year and its 400 returns.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { closeCore, createCore, type CoreContext } from '../electron/core';
import { listUnits } from '../electron/core/db/repos/units';
import { readYearTemplate } from '../electron/core/db/repos/year-template';
import { readSettings } from '../electron/core/db/repos/settings';
import { writeFilesAtomic } from '../electron/core/faults/atomic';
import { formFileName } from '../electron/core/forms/layout';
import { buildForm } from '../electron/core/forms/write';
import { loadDemo } from '../electron/core/services/demo';
import { generateForms } from '../electron/core/services/forms';
import { checkFiles } from '../electron/core/services/imports';
import { ensureYear } from '../electron/core/services/years';
import { startWebHost } from '../electron/web/server';
import { issuerNameInText } from '../shared/report/model';
import type { JobDto } from '../shared/rpc/jobs';
import { importData, PRISTINE, UNIT_COUNT, YEAR } from './import-data';

const ok = (pass: boolean) => (pass ? 'ĐẠT' : 'KHÔNG ĐẠT');

/** Every form built with exceljs one by one, written as the app writes them: the baseline. */
async function baseline(ctx: CoreContext, year: number, out: string): Promise<void> {
  const db = ensureYear(ctx, year);
  const yt = readYearTemplate(db)!;
  const settings = readSettings(db);
  const common = { template: yt.template, regime: yt.regime, period: yt.regime.period, year, issuerName: issuerNameInText(settings.issuerLines), padCounts: settings.padCounts, generatedAt: ctx.now() };
  for (const unit of listUnits(db).filter((u) => u.active && u.kind !== 'office'))
    await writeFilesAtomic([{ path: join(out, formFileName(year, unit.code, unit.name)), bytes: await buildForm({ ...common, unit }) }]);
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/**
 * Runs a job through the web host while another client calls years:list every 50 ms; returns the slowest answer.
 * With no job (`start` null) the prober runs 3 s alone: the baseline of the machine.
 */
async function waitsDuring(url: string, token: string, start: (() => Promise<string>) | null): Promise<Waits> {
  const post = async (channel: string, input: unknown) => {
    const r = await fetch(`${url}/rpc/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tonghop-token': token, origin: url },
      body: JSON.stringify(input),
    });
    const env = (await r.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
    if (!env.ok) throw new Error(env.error?.message);
    return env.value;
  };
  const t0 = performance.now();
  const id = start ? await start() : null;
  let running = true;
  const waits: number[] = [];
  const prober = (async () => {
    while (running) {
      const t = performance.now();
      await post('years:list', {});
      waits.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  while (id === null && performance.now() - t0 < 3000) await new Promise((r) => setTimeout(r, 100));
  while (id !== null) {
    const job = (await post('jobs:status', { id })) as JobDto;
    if (job.state === 'failed') throw new Error(job.error?.message);
    if (job.state === 'done') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  running = false;
  await prober;
  const sorted = waits.sort((a, b) => a - b);
  return { ms: performance.now() - t0, calls: sorted.length, median: sorted[Math.floor(sorted.length / 2)], slowest: sorted.at(-1)! };
}

interface Waits {
  ms: number;
  calls: number;
  median: number;
  slowest: number;
}

export async function runFormsBench(): Promise<void> {
  const log = (s: string) => console.error(s);
  const data = await importData({ log });
  const rows: string[] = [];

  // The demo's units.
  const demoWs = mkdtempSync(join(tmpdir(), 'tonghop-bench-bieu-mau-'));
  const demo = createCore({ host: 'cli', workspaceDir: demoWs, actor: 'đo hiệu năng' });
  loadDemo(demo);
  const demoCount = listUnits(ensureYear(demo, YEAR)).filter((u) => u.active && u.kind !== 'office').length;
  // A first run loads exceljs; both measured runs after it.
  await generateForms(demo, YEAR, join(demoWs, 'mo-dau'));
  const demoApp = await time(() => generateForms(demo, YEAR, join(demoWs, 'app')));
  const demoBase = await time(() => baseline(demo, YEAR, join(demoWs, 'app')));
  rows.push(`biểu mẫu, ${demoCount} đơn vị (mẫu)\t${demoApp.toFixed(0)}\t${demoBase.toFixed(0)}\t${(demoApp / demoBase).toFixed(2)}`);
  closeCore(demo);
  rmSync(demoWs, { recursive: true, force: true });

  // 400 units.
  const ws = mkdtempSync(join(tmpdir(), 'tonghop-bench-bieu-mau-'));
  copyFileSync(join(data.dir, PRISTINE), join(ws, `tonghop-${YEAR}.sqlite`));
  const ctx = createCore({ host: 'web', workspaceDir: ws, actor: 'đo hiệu năng' });
  try {
    const app = await time(() => generateForms(ctx, YEAR, join(ws, 'app')));
    const base = await time(() => baseline(ctx, YEAR, join(ws, 'app')));
    rows.push(`biểu mẫu, ${UNIT_COUNT} đơn vị\t${app.toFixed(0)}\t${base.toFixed(0)}\t${(app / base).toFixed(2)}`);

    const host = await startWebHost({ ctx, rendererDir: resolve(__dirname, '../out/renderer'), log: () => undefined });
    const url = `http://127.0.0.1:${host.port}`;
    const call = async (channel: string, input: unknown) => {
      const r = await fetch(`${url}/rpc/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-tonghop-token': host.token, origin: url }, body: JSON.stringify(input) });
      return ((await r.json()) as { value: { id: string } }).value.id;
    };
    const waits: [string, Waits][] = [];
    // The same prober with nothing running: what the machine gives anyway (the baseline).
    waits.push(['(không có việc gì, 3 giây)', await waitsDuring(url, host.token, null)]);
    waits.push([`tạo biểu mẫu ${UNIT_COUNT} đơn vị`, await waitsDuring(url, host.token, () => call('jobs:forms', { year: YEAR }))]);
    waits.push([`tạo báo cáo ${UNIT_COUNT + 1} đơn vị`, await waitsDuring(url, host.token, () => call('jobs:report', { year: YEAR }))]);
    const setDir = data.sets.find((s) => s.count === UNIT_COUNT)!.dir;
    const files = readdirSync(setDir).sort().map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(setDir, name))) }));
    const ids = checkFiles(ctx, YEAR, files).filter((c) => c.status === 'ready').map((c) => c.id);
    waits.push([`nhập ${ids.length} báo cáo`, await waitsDuring(url, host.token, () => call('jobs:import', { year: YEAR, ids }))]);
    await host.close();

    console.log('Đo thời gian tạo biểu mẫu (ms), so với mức nền (exceljs dựng từng biểu mẫu) đo cùng lần chạy');
    console.log('việc\tứng dụng\tmức nền\ttỷ lệ');
    for (const r of rows) console.log(r);
    console.log('');
    // On a busy machine even the idle row is slow: read each row against it.
    console.log('Các yêu cầu khác chờ bao lâu khi một việc dài đang chạy (years:list mỗi 50 ms, mục tiêu chậm nhất < 200 ms)');
    console.log('việc đang chạy\tthời gian (ms)\tsố lần gọi\ttrung vị (ms)\tchậm nhất (ms)\tkết quả');
    for (const [what, w] of waits)
      console.log(`${what}\t${w.ms.toFixed(0)}\t${w.calls}\t${w.median.toFixed(0)}\t${w.slowest.toFixed(0)}\t${ok(w.slowest < 200)}`);
  } finally {
    closeCore(ctx);
    rmSync(ws, { recursive: true, force: true });
  }
}
