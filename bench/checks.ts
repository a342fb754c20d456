/**
 * The checks bench: every consistency check on the demo report (the year's data included), first run in the
 * process and the median of warm runs, against the target of 100 ms; the slowest checks; the seed report's text
 * checked as an outside document; and the whole Kiểm tra call (loading the year, building the model, checking).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { closeCore, createCore } from '../electron/core';
import { loadDemo } from '../electron/core/services/demo';
import { reportModel } from '../electron/core/services/report';
import { yearData } from '../electron/core/services/figures';
import { checkYear, checkYearUncached, nationalDocuments } from '../electron/core/services/checks';
import { ALL_CHECKS, fromReportDocument, fromText, runChecks, type CheckInput } from '../shared/checks';
import { clearDataCaches } from '../shared/checks/data';
import { tempDir } from '../tests/support/web-host';

const WARM_RUNS = 21;
const TARGET_MS = 100;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => `${x.toFixed(1).replace('.', ',')} ms`;

function time(fn: () => unknown): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

export async function runChecksBench(): Promise<void> {
  const dir = tempDir('tonghop-bench-checks-');
  const ctx = createCore({ host: 'cli', workspaceDir: dir });
  try {
    loadDemo(ctx);
    const data = yearData(ctx, 2024);
    const input: CheckInput = {
      document: fromReportDocument(reportModel(ctx, 2024)),
      data: { template: data.template!, regime: data.regime!, settings: data.settings, units: data.units, figures: data.figures, narratives: data.narratives },
      nationalDocuments: nationalDocuments(ctx),
      padCounts: data.settings.padCounts,
    };
    let findings = 0;
    const first = time(() => (findings = runChecks(input).length));
    // From scratch each time (the rule results are memoised by content), then with the figures unchanged.
    const warm = median(Array.from({ length: WARM_RUNS }, () => (clearDataCaches(), time(() => runChecks(input)))));
    const unchanged = median(Array.from({ length: WARM_RUNS }, () => time(() => runChecks(input))));
    const textOnly = median(Array.from({ length: WARM_RUNS }, () => time(() => runChecks({ ...input, data: undefined }))));
    const perCheck = ALL_CHECKS.map((c) => ({ name: c.name, t: median(Array.from({ length: 7 }, () => (clearDataCaches(), time(() => c.run(input))))) })).sort((a, b) => b.t - a.t);
    const seedPath = join(__dirname, '../tests/fixtures/bao-cao-so-ket-ct08.txt');
    let seedLine = 'không đọc được tests/fixtures/bao-cao-so-ket-ct08.txt: bỏ qua';
    try {
      const seed = fromText(readFileSync(seedPath, 'utf8'));
      const n = runChecks({ document: seed, nationalDocuments: input.nationalDocuments }).length;
      const t = median(Array.from({ length: WARM_RUNS }, () => time(() => runChecks({ document: seed, nationalDocuments: input.nationalDocuments }))));
      seedLine = `${ms(t)} (${seed.paragraphs.length} đoạn, ${n} phát hiện)`;
    } catch {
      /* a checkout without the fixture still runs the rest of the bench */
    }
    // The whole call computed (the year read, the model built, the checks run), and answered again while unchanged.
    const call = median(Array.from({ length: 7 }, () => time(() => checkYearUncached(ctx, 2024))));
    checkYear(ctx, 2024);
    const kept = median(Array.from({ length: 7 }, () => time(() => checkYear(ctx, 2024))));

    console.log('Kiểm tra báo cáo mẫu (Chỉ thị 08, năm 2024)');
    console.log(`  ${input.document.paragraphs.length} đoạn, ${input.document.appendices.length} phụ lục, ${data.units.length} đơn vị, ${data.figures.length} số liệu; ${findings} phát hiện`);
    console.log(`  mọi phép kiểm tra, lần đầu trong tiến trình:  ${ms(first)}`);
    console.log(`  mọi phép kiểm tra, trung vị ${WARM_RUNS} lần:         ${ms(warm)}  (mục tiêu ≤ ${TARGET_MS} ms: ${warm <= TARGET_MS ? 'đạt' : 'CHƯA ĐẠT'})`);
    console.log(`  lần chạy lại khi số liệu không đổi:         ${ms(unchanged)}  (sau khi sửa lời văn)`);
    console.log(`  chỉ các phép không cần số liệu:             ${ms(textOnly)}`);
    console.log(`  chậm nhất: ${perCheck.slice(0, 4).map((c) => `${c.name} ${ms(c.t)}`).join(', ')}`);
    console.log(`  văn bản ngoài (báo cáo seed, .txt):         ${seedLine}`);
    console.log(`  cả lệnh Kiểm tra (đọc năm, dựng báo cáo, kiểm tra): ${ms(call)}`);
    console.log(`  hỏi lại khi năm không đổi (kết quả giữ lại):  ${ms(kept)}`);
  } finally {
    closeCore(ctx);
  }
}
