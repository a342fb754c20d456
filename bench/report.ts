/**
 * The report bench: generating the demo report and its appendices, first run (cold) and warm, against a baseline
 * measured in the same run: the docx package writing the same paragraphs as plain text, and exceljs writing the
 * same cells unstyled. Prints milliseconds and ratios; absolute times vary between machines, ratios much less.
 */
import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Document, Packer, Paragraph } from 'docx';
import ExcelJS from 'exceljs';
import { closeCore, createCore } from '../electron/core';
import { loadDemo } from '../electron/core/services/demo';
import { reportModel } from '../electron/core/services/report';
import { writeAppendicesDocx, writeReportDocx } from '../electron/core/report/docx';
import { writeAppendicesXlsx } from '../electron/core/report/xlsx';
import { type ReportDocument } from '../shared/report/model';
import { runsToText } from '../shared/domain/placeholders';
import { tempDir } from '../tests/support/web-host';

const WARM_RUNS = 7;

/** The report and both appendices of a year, as the app writes them (model built from the year file included). */
export async function writeOutputs(ctx: ReturnType<typeof createCore>, year = 2024): Promise<number> {
  const model = reportModel(ctx, year);
  const bufs = [await writeReportDocx(model), await writeAppendicesDocx(model), await writeAppendicesXlsx(model)];
  return bufs.reduce((n, b) => n + b.length, 0);
}

/** The least the libraries do for the same content: every text as a plain paragraph, every cell unstyled. */
export async function baseline(model: ReportDocument): Promise<number> {
  const texts = [...model.body.map((b) => runsToText(b.runs)), ...model.closing.map((b) => runsToText(b.runs))];
  const doc = new Document({ sections: [{ children: texts.map((t) => new Paragraph(t)) }] });
  const docx = await Packer.toBuffer(doc);
  const wb = new ExcelJS.Workbook();
  for (const a of model.appendices) {
    const ws = wb.addWorksheet(a.label);
    ws.addRow(a.columns.map((c) => c.label));
    for (const r of a.rows) ws.addRow(r.cells.map((c) => c.value ?? c.text));
  }
  const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
  return docx.length + xlsx.length;
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function runReportBench(): Promise<void> {
  const dir = tempDir('tonghop-bench-');
  const ctx = createCore({ host: 'cli', workspaceDir: dir });
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  try {
    loadDemo(ctx);
    const model = reportModel(ctx, 2024);
    // First runs: alternate which goes first would need fresh processes; here the baseline goes first so any
    // shared library warm-up is charged to it, not to us.
    const baseFirst = await time(() => baseline(model));
    const oursFirst = await time(() => writeOutputs(ctx));
    const baseWarm: number[] = [];
    const oursWarm: number[] = [];
    for (let i = 0; i < WARM_RUNS; i++) {
      baseWarm.push(await time(() => baseline(model)));
      oursWarm.push(await time(() => writeOutputs(ctx)));
    }
    const rows = [
      ['báo cáo + phụ lục (demo)', 'lần đầu', oursFirst, baseFirst],
      ['báo cáo + phụ lục (demo)', `ổn định (trung vị ${WARM_RUNS})`, median(oursWarm), median(baseWarm)],
    ] as const;
    console.log('Đo thời gian lập báo cáo mẫu (ms), so với mức nền đo cùng lần chạy');
    console.log('việc\tlần\tứng dụng\tmức nền\ttỷ lệ');
    for (const [what, when, a, b] of rows) console.log(`${what}\t${when}\t${a.toFixed(1)}\t${b.toFixed(1)}\t${(a / b).toFixed(2)}`);
    console.log(`Bộ nhớ đỉnh (RSS): ${(peak / 1024 / 1024).toFixed(0)} MB`);
  } finally {
    clearInterval(sampler);
    closeCore(ctx);
    rmSync(dir, { recursive: true, force: true });
  }
}
