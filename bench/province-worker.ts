/**
 * One measurement of the province bench, in a fresh process: `tsx bench/province-worker.ts MODE WORKSPACE`.
 * Prints one JSON line { mode, ms, bytes }.
 *
 * - report-first: loads the core, opens the 401-unit year, then times the first report + appendices (the
 *                 writers' libraries are loaded inside the timing, as in the app's first click).
 * - base-first:   the same for the baseline (the docx package and exceljs writing the same texts and cells plainly).
 * - core-ready:   times importing the core and opening the year (ms since the process started, from Node's own clock).
 * - bare:         nothing: the process start of bare Node under the same loader, for core-ready's baseline.
 */
import { performance } from 'node:perf_hooks';

async function main(): Promise<void> {
  const [mode, workspaceDir] = process.argv.slice(2);
  if (mode === 'bare') {
    console.log(JSON.stringify({ mode, ms: performance.now(), bytes: 0 }));
    return;
  }
  const { closeCore, createCore } = await import('../electron/core');
  const { ensureYear } = await import('../electron/core/services/years');
  const ctx = createCore({ host: 'cli', workspaceDir });
  ensureYear(ctx, 2024);
  if (mode === 'core-ready') {
    console.log(JSON.stringify({ mode, ms: performance.now(), bytes: 0 }));
    closeCore(ctx);
    return;
  }
  const { reportModel } = await import('../electron/core/services/report');
  const { writeOutputs, baseline } = await import('./report');
  const t = performance.now();
  const bytes = mode === 'report-first' ? await writeOutputs(ctx, 2024) : await baseline(reportModel(ctx, 2024));
  console.log(JSON.stringify({ mode, ms: performance.now() - t, bytes }));
  closeCore(ctx);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
