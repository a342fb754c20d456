/**
 * `npm run bench`: the report bench (bench/report.ts), the checks bench (bench/checks.ts), the import bench
 * (bench/import.ts), then the province bench (bench/province.ts, 401 units) and its renderer timings in Chromium
 * (bench/chromium.ts). `npm run bench -- report`, `-- checks`, `-- import`, `-- province` or `-- chromium` runs one; `--fresh` remakes the import test data.
 * Prints milliseconds and ratios to baselines measured in the same run; absolute times vary between machines,
 * ratios much less. Missing a target is printed, not turned into a failing exit code.
 */
import { runImportBench } from './import';
import { runReportBench } from './report';
import { runChecksBench } from './checks';
import { runProvinceBench } from './province';
import { runFormsBench } from './forms';
import { runChromiumBench } from './chromium';
import { runEarlierYearsBench } from './earlier-years';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const parts = args.filter((a) => !a.startsWith('--'));
  const unknown = parts.filter((p) => !['report', 'checks', 'import', 'province', 'chromium', 'forms', 'earlier'].includes(p));
  if (unknown.length || args.some((a) => a.startsWith('--') && a !== '--fresh')) {
    console.error('Dùng: npm run bench [-- report | checks | import | province | chromium | forms | earlier] [--fresh]');
    process.exit(2);
  }
  const all = parts.length === 0;
  if (all || parts.includes('report')) await runReportBench();
  if (all) console.log('');
  if (all || parts.includes('checks')) await runChecksBench();
  if (all) console.log('');
  if (all || parts.includes('import')) await runImportBench({ fresh: args.includes('--fresh') });
  if (all) console.log('');
  if (all || parts.includes('province')) await runProvinceBench();
  if (all) console.log('');
  if (all || parts.includes('forms')) await runFormsBench();
  if (all) console.log('');
  if (all || parts.includes('chromium')) await runChromiumBench();
  if (all) console.log('');
  if (all || parts.includes('earlier')) await runEarlierYearsBench();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
