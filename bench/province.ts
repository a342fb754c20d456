/**
 * The province bench (issue 16): a year of 401 units (the demo's 41 grown to 400 reporting units plus the
 * office, each with its return imported: the import bench's 400 filled-in forms), then the issue's table rows that
 * Node can measure, each as its absolute figure, a ratio to a baseline measured in the same run, and ĐẠT/KHÔNG ĐẠT
 * against the issue's target:
 * - report + appendices at 401 units, first run (a fresh process each) and warm (median), against the docx package
 *   and exceljs writing the same texts and cells plainly;
 * - completeness of 5 years × 400 units (the returns status of each year), against one bare COUNT … GROUP BY per
 *   year file;
 * - "So sánh các năm" over the 5 years, each unit shown: the first view of an indicator (a ratio: three indicators
 *   read) and the same view again, against the bare indexed SELECT of those indicators' figures in every file;
 * - core ready: the built command line (bin/tonghop.mjs running out/node/cli.js, `npm run build`) loading the core,
 *   opening the 401-unit year and printing its settings, process start to exit, against bare Node (`node -e 0`);
 * - the renderer bundle (out/renderer, built by `npm run build`): minified and split by page.
 * The year file is made once from the import bench's cached returns and kept beside them (`tinh-2024.sqlite`).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { closeCore, createCore } from '../electron/core';
import { importFiles } from '../electron/core/services/imports';
import { reportModel } from '../electron/core/services/report';
import { returnsStatus } from '../electron/core/services/returns';
import { compareTable } from '../electron/core/services/year-compare';
import { ensureYear } from '../electron/core/services/years';
import { importData, PRISTINE, UNIT_COUNT, YEAR } from './import-data';
import { baseline, writeOutputs } from './report';

const ROOT = resolve(__dirname, '..');
const TSX = join(ROOT, 'node_modules/tsx/dist/cli.mjs');
const WORKER = join(ROOT, 'bench/province-worker.ts');
const BIN = join(ROOT, 'bin/tonghop.mjs');
const PROVINCE = `tinh-${YEAR}.sqlite`;
const YEARS = [YEAR - 4, YEAR - 3, YEAR - 2, YEAR - 1, YEAR];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ok = (pass: boolean) => (pass ? 'ĐẠT' : 'KHÔNG ĐẠT');

/** The 401-unit year with all 400 returns imported, made once beside the import bench's returns. */
export async function provinceFile(log: (s: string) => void): Promise<string> {
  const data = await importData({ log });
  const file = join(data.dir, PROVINCE);
  if (existsSync(file)) return file;
  log(`Chuẩn bị năm ${YEAR} có ${UNIT_COUNT + 1} đơn vị (nhập ${UNIT_COUNT} báo cáo, một lần)…`);
  const ws = mkdtempSync(join(tmpdir(), 'tonghop-bench-tinh-'));
  try {
    copyFileSync(join(data.dir, PRISTINE), join(ws, `tonghop-${YEAR}.sqlite`));
    const ctx = createCore({ host: 'cli', workspaceDir: ws, actor: 'đo hiệu năng', now: () => '2024-04-25T08:00:00.000Z' });
    try {
      const setDir = data.sets.find((s) => s.count === UNIT_COUNT)!.dir;
      const files = readdirSync(setDir).sort().map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(setDir, name))) }));
      const done = importFiles(ctx, YEAR, files, { dryRun: false });
      const stored = done.filter((d) => d.result !== null).length;
      if (stored !== UNIT_COUNT) throw new Error(`Chỉ lưu được ${stored}/${UNIT_COUNT} báo cáo khi chuẩn bị năm ${UNIT_COUNT + 1} đơn vị.`);
      ensureYear(ctx, YEAR).$client.prepare('VACUUM INTO ?').run(`${file}.part-${process.pid}`);
    } finally {
      closeCore(ctx);
    }
    renameSync(`${file}.part-${process.pid}`, file);
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
  return file;
}

interface Measure {
  mode: string;
  ms: number;
  bytes: number;
}

function measure(mode: string, workspace: string): Measure {
  const r = spawnSync(process.execPath, [TSX, WORKER, mode, workspace], { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`Lần đo “${mode}” lỗi (mã ${r.status ?? r.signal}):\n${r.stderr}${r.stdout}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '') as Measure;
}

async function time(fn: () => unknown): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** Whether out/node holds a build at least as new as its sources, so bin/tonghop.mjs runs it (not tsx). */
function nodeBuildCurrent(): boolean {
  try {
    const at = statSync(join(ROOT, 'out/node/cli.js')).mtimeMs;
    const sources = JSON.parse(readFileSync(join(ROOT, 'out/node/sources.json'), 'utf8')) as string[];
    return sources.every((f) => statSync(join(ROOT, f)).mtimeMs <= at);
  } catch {
    return false;
  }
}

/** Wall time of a fresh Node process, start to exit. */
function wall(args: string[]): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`Lệnh “node ${args.join(' ')}” lỗi (mã ${r.status ?? r.signal}):\n${r.stderr}${r.stdout}`);
  return ms;
}

/** The JS chunks of the built renderer: sizes, and whether they look minified (few, very long lines). */
function bundle(): { chunks: { name: string; bytes: number }[]; minified: boolean } | null {
  const dir = join(ROOT, 'out/renderer/assets');
  if (!existsSync(dir)) return null;
  const chunks = readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .map((name) => ({ name, bytes: statSync(join(dir, name)).size }))
    .sort((a, b) => b.bytes - a.bytes);
  const biggest = chunks[0] ? readFileSync(join(dir, chunks[0].name), 'utf8') : '';
  const lines = biggest.split('\n').length;
  return { chunks, minified: biggest.length / Math.max(1, lines) > 2000 };
}

export async function runProvinceBench(): Promise<void> {
  const file = await provinceFile((s) => console.log(s));
  const ws = mkdtempSync(join(tmpdir(), 'tonghop-bench-tinh-'));
  const rows: string[][] = [];
  try {
    // Five years of the same 401 units: the year file copied under each year's name, its year set.
    for (const y of YEARS) {
      const target = join(ws, `tonghop-${y}.sqlite`);
      copyFileSync(file, target);
      const db = new Database(target);
      if (y !== YEAR) db.prepare("UPDATE meta SET value = ? WHERE key = 'year'").run(String(y));
      db.close();
    }
    process.stderr.write('Đo năm 401 đơn vị: ');
    // First runs: fresh processes, rotated.
    const firstOurs: number[] = [];
    const firstBase: number[] = [];
    for (let round = 0; round < 3; round++) {
      const order = round % 2 ? ['base-first', 'report-first'] : ['report-first', 'base-first'];
      for (const mode of order) {
        const m = measure(mode, ws);
        ({ 'report-first': firstOurs, 'base-first': firstBase })[mode]!.push(m.ms);
        process.stderr.write('.');
      }
    }
    // Core ready: the command line as users start it, paired with bare Node in alternating order.
    const ready: number[] = [];
    const bare: number[] = [];
    // The working tree changes under the bench (others edit the sources): a build older than them is made again.
    let rebuilt = false;
    if (!nodeBuildCurrent()) {
      rebuilt = spawnSync(process.execPath, [join(ROOT, 'scripts/build-node.mjs')], { cwd: ROOT, stdio: 'ignore' }).status === 0;
    }
    const built = nodeBuildCurrent();
    if (built) {
      const cli = [BIN, 'settings', 'show', '--workspace', ws, '--year', String(YEAR)];
      wall(cli);
      for (let round = 0; round < 7; round++) {
        for (const which of round % 2 ? ['bare', 'ready'] : ['ready', 'bare']) (which === 'ready' ? ready : bare).push(wall(which === 'ready' ? cli : ['-e', '0']));
        process.stderr.write('.');
      }
    }
    const ctx = createCore({ host: 'cli', workspaceDir: ws });
    try {
      const model = reportModel(ctx, YEAR);
      const units = model.appendices.reduce((n, a) => Math.max(n, a.rows.length), 0);
      const warmOurs: number[] = [];
      const warmBase: number[] = [];
      await writeOutputs(ctx, YEAR);
      await baseline(model);
      for (let i = 0; i < 5; i++) {
        warmBase.push(await time(() => baseline(model)));
        warmOurs.push(await time(() => writeOutputs(ctx, YEAR)));
        process.stderr.write('.');
      }
      // Completeness: the returns status of five years (connections open, as in the running app).
      const done: number[] = [];
      const floor: number[] = [];
      const files = YEARS.map((y) => new Database(join(ws, `tonghop-${y}.sqlite`), { readonly: true }));
      for (const y of YEARS) returnsStatus(ctx, y);
      for (let i = 0; i < 7; i++) {
        floor.push(await time(() => files.forEach((d) => d.prepare('SELECT unit_id, COUNT(*) FROM figures GROUP BY unit_id').all())));
        done.push(await time(() => YEARS.forEach((y) => returnsStatus(ctx, y))));
      }
      // So sánh các năm: each round a ratio not viewed before (its table is kept while no year file changes), then the
      // same again. The five copies share one period, so the table has its three years, read from all five files.
      const ratios: Record<string, string[]> = {
        TY_LE_DON_DU_DIEU_KIEN: ['DON_DU_DIEU_KIEN', 'DON_TONG_SO'],
        TY_LE_KN_DA_GIAI_QUYET: ['KN_DA_GIAI_QUYET', 'KN_TONG_SO'],
        TY_LE_TC_DA_GIAI_QUYET: ['TC_DA_GIAI_QUYET', 'TC_TONG_SO'],
        TY_LE_VU_VIEC_DONG_NGUOI_DA_GIAI_QUYET: ['VU_VIEC_DONG_NGUOI_DA_GIAI_QUYET', 'VU_VIEC_DONG_NGUOI_TONG_SO'],
        TY_LE_HOA_GIAI_THANH_CONG: ['HOA_GIAI_THANH_CONG', 'HOA_GIAI_TIEP_NHAN'],
      };
      const cmpFirst: number[] = [];
      const cmpAgain: number[] = [];
      const cmpFloor: number[] = [];
      const byCode = files.map((d) => d.prepare('SELECT unit_id, year, value FROM figures WHERE code = ?'));
      compareTable(ctx, 'DON_TONG_SO', true);
      for (const [code, parts] of Object.entries(ratios)) {
        cmpFloor.push(await time(() => byCode.forEach((s) => [code, ...parts].forEach((c) => s.all(c)))));
        cmpFirst.push(await time(() => compareTable(ctx, code, true)));
        cmpAgain.push(await time(() => compareTable(ctx, code, true)));
      }
      files.forEach((d) => d.close());
      process.stderr.write('\n');

      const r = (a: number, b: number) => (a / b).toFixed(2);
      const wo = median(warmOurs);
      const wb = median(warmBase);
      const fo = median(firstOurs);
      const fb = median(firstBase);
      const co = median(done);
      const cf = median(floor);
      const above = median(ready) - median(bare);
      rows.push(['báo cáo + phụ lục, ổn định', `${wo.toFixed(0)} ms`, `${r(wo, wb)}× mức nền (${wb.toFixed(0)} ms)`, '≤ 500 ms và ≤ 3× mức nền', ok(wo <= 500 && wo / wb <= 3)]);
      rows.push(['báo cáo + phụ lục, lần đầu (tiến trình mới)', `${fo.toFixed(0)} ms`, `${r(fo, fb)}× mức nền (${fb.toFixed(0)} ms)`, '≤ 1000 ms', ok(fo <= 1000)]);
      rows.push(['tình hình nộp, 5 năm × 400 đơn vị', `${co.toFixed(1)} ms`, `${r(co, cf)}× một COUNT … GROUP BY mỗi năm (${cf.toFixed(1)} ms)`, '≤ 50 ms', ok(co <= 50)]);
      const c1 = median(cmpFirst);
      const c2 = median(cmpAgain);
      const cb = median(cmpFloor);
      rows.push(['so sánh các năm, 5 năm × 400 đơn vị, lần đầu một chỉ tiêu', `${c1.toFixed(1)} ms`, `${r(c1, cb)}× SELECT theo mã ở mỗi năm (${cb.toFixed(1)} ms)`, '≤ 200 ms', ok(c1 <= 200)]);
      rows.push(['so sánh các năm, xem lại chỉ tiêu đó', `${c2.toFixed(1)} ms`, `${r(c2, cb)}× SELECT theo mã ở mỗi năm`, '≤ 20 ms', ok(c2 <= 20)]);
      if (built)
        rows.push([
          'lõi sẵn sàng (dòng lệnh đã dựng: nạp lõi, mở năm, in cài đặt)',
          `${above.toFixed(0)} ms hơn Node trống`,
          `${r(median(ready), median(bare))}× Node trống (${median(bare).toFixed(0)} ms), trung vị 7 lần${rebuilt ? '; out/node vừa dựng lại' : ''}`,
          '≤ 200 ms hơn Node trống',
          ok(above <= 200),
        ]);
      else rows.push(['lõi sẵn sàng (dòng lệnh đã dựng)', 'chưa có bản dựng mới', 'chạy npm run build trước', '≤ 200 ms hơn Node trống', 'KHÔNG ĐO']);
      const b = bundle();
      if (b) {
        const total = b.chunks.reduce((n, c) => n + c.bytes, 0);
        const mb = (n: number) => `${(n / 1024 / 1024).toFixed(2)} MB`;
        // Chunks other than the entry, the runtime and the library groups of electron.vite.config.ts are pages.
        const pages = b.chunks.filter((c) => !/^(index|rolldown-runtime|react|antd|vendor)-/.test(c.name)).length;
        rows.push([
          'gói giao diện (out/renderer)',
          `${b.chunks.length} phần (${pages} trang tải khi mở), lớn nhất ${mb(b.chunks[0].bytes)}, tổng ${mb(total)}`,
          b.minified ? 'đã thu gọn' : 'chưa thu gọn',
          'thu gọn, tách theo trang',
          ok(b.minified && pages > 0),
        ]);
      } else rows.push(['gói giao diện (out/renderer)', 'chưa có', 'chạy npm run build trước', 'thu gọn, tách theo trang', 'KHÔNG ĐO']);
      console.log(`Năm ${YEAR} có ${UNIT_COUNT + 1} đơn vị (${units} dòng ở phụ lục dài nhất); mỗi lần đầu là một tiến trình mới, trung vị 3 vòng; ổn định: trung vị 5 lần`);
    } finally {
      closeCore(ctx);
    }
    console.log('việc\tứng dụng\tso với mức nền cùng lần chạy\tmục tiêu\tkết quả');
    rows.forEach((row) => console.log(row.join('\t')));
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
}
