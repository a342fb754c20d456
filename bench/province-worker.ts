/**
 * One measurement of the province bench, in a fresh process: `tsx bench/province-worker.ts MODE WORKSPACE`.
 * Prints one JSON line { mode, ms, bytes }.
 *
 * - report-first: loads the core, opens the 401-unit year, then times the first report + appendices (the
 *                 writers' libraries are loaded inside the timing, as in the app's first click).
 * - base-first:   the same for the baseline (the docx package and exceljs writing the same texts and cells plainly).
 * (Core ready is measured on the built command line, bench/province.ts.)
 */
import { performance } from 'node:perf_hooks';

async function main(): Promise<void> {
  const [mode, workspaceDir] = process.argv.slice(2);
  const { closeCore, createCore } = await import('../electron/core');
  const { ensureYear } = await import('../electron/core/services/years');
  const ctx = createCore({ host: 'cli', workspaceDir });
  ensureYear(ctx, 2024);
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
