/**
 * One measurement of the import bench, in a fresh process: `node import-worker.js MODE SETDIR WORKDIR`, this file
 * as bench/import.ts builds it (like the command line's bundle); `tsx bench/import-worker.ts …` runs it too.
 * Loads what MODE needs first, then times only the work (file reads included), and prints one JSON line:
 * { mode, files, ms, rssAtStartMB, peakRssMB, check, readByWorkers }. Peak RSS is the process's own maximum (getrusage).
 *
 * - ours:    copies the pristine year file (beside SETDIR) into WORKDIR, opens it, then reads every file and
 *            imports them all as the command line does, with importFilesParallel (read on several threads, then
 *            validate and store; dry run off). Fails unless all were stored. The read worker's script is found
 *            (beside this one when built; under tsx, bundled) before timing, as a built app has it; starting the
 *            workers is timed.
 * - sheetjs: reads every file and parses it with SheetJS (@e965/xlsx), walking every cell of every sheet.
 * - floor:   reads every file and unzips it with fflate; nothing more.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';

type Mode = 'ours' | 'sheetjs' | 'floor';
const YEAR = 2024;
const PRISTINE = `tonghop-${YEAR}.sqlite`;

function filesOf(dir: string): { name: string; bytes: Uint8Array }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.xlsx'))
    .sort()
    .map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(dir, name))) }));
}

/** Loads the mode's modules and returns the timed work; its result is a checksum printed with the timing. */
async function setUp(mode: Mode, setDir: string, workDir: string): Promise<{ work: () => number | Promise<number>; after: () => void; readByWorkers?: () => number }> {
  if (mode === 'floor') {
    const { unzipSync } = await import('fflate');
    return {
      work: () => filesOf(setDir).reduce((n, f) => n + Object.keys(unzipSync(f.bytes)).length, 0),
      after: () => undefined,
    };
  }
  if (mode === 'sheetjs') {
    const m = await import('@e965/xlsx');
    const XLSX = ('read' in m ? m : (m as unknown as { default: typeof m }).default) as typeof m;
    return {
      work: () => {
        let cells = 0;
        for (const f of filesOf(setDir)) {
          const wb = XLSX.read(f.bytes, { type: 'buffer' });
          for (const name of wb.SheetNames) {
            const ws = wb.Sheets[name];
            for (const k in ws) if (k[0] !== '!' && ws[k].v !== undefined) cells++;
          }
        }
        return cells;
      },
      after: () => undefined,
    };
  }
  const { closeCore, createCore } = await import('../electron/core');
  const { importFilesParallel } = await import('../electron/core/services/imports');
  const { lastReadSplit, readerCount, readWorkerScript } = await import('../electron/core/import/read-pool');
  if (readerCount() > 0) readWorkerScript();
  const { ensureYear } = await import('../electron/core/services/years');
  mkdirSync(workDir, { recursive: true });
  copyFileSync(join(dirname(setDir), PRISTINE), join(workDir, PRISTINE));
  const ctx = createCore({ host: 'cli', workspaceDir: workDir, actor: 'đo hiệu năng' });
  const db = ensureYear(ctx, YEAR);
  let results: Awaited<ReturnType<typeof importFilesParallel>> = [];
  let count = 0;
  let readByWorkers = 0;
  return {
    readByWorkers: () => readByWorkers,
    work: async () => {
      const files = filesOf(setDir);
      count = files.length;
      results = await importFilesParallel(ctx, YEAR, files, { dryRun: false });
      readByWorkers = lastReadSplit().workers;
      return results.length;
    },
    after: () => {
      const stored = (db.$client.prepare('SELECT COUNT(*) AS n FROM imports').get() as { n: number }).n;
      const bad = results.filter((r) => r.result?.status !== 'imported');
      closeCore(ctx);
      if (bad.length || stored !== count || results.length !== count)
        throw new Error(
          `Nhập chưa trọn vẹn: ${results.length - bad.length}/${count} tệp đã nhập, bảng imports có ${stored} dòng. ` +
            `Ví dụ ${bad[0]?.check.fileName}: ${bad[0]?.result?.message ?? bad[0]?.check.status}`,
        );
    },
  };
}

async function main(): Promise<void> {
  const [mode, setDir, workDir] = process.argv.slice(2) as [Mode, string, string];
  if (!['ours', 'sheetjs', 'floor'].includes(mode) || !setDir || !workDir) throw new Error('Dùng: import-worker.ts ours|sheetjs|floor SETDIR WORKDIR');
  const { work, after, readByWorkers } = await setUp(mode, setDir, workDir);
  const rssAtStart = process.memoryUsage().rss;
  const t = performance.now();
  const check = await work();
  const ms = performance.now() - t;
  after();
  const files = readdirSync(setDir).filter((f) => f.endsWith('.xlsx')).length;
  const peakRssMB = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ mode, files, ms, rssAtStartMB: rssAtStart / 1024 / 1024, peakRssMB, check, readByWorkers: readByWorkers?.() ?? 0 }));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
