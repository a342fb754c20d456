/**
 * The report of a year: its document model built from the year file (figures aggregated, placeholders resolved,
 * lists read), the report and appendices written by the writers in ../report, one-click generation into the
 * year's output folder, the list of outputs, reading and opening them.
 */
import { join, resolve } from 'node:path';
import { buildDocument, type ReportDocument } from '../../../shared/report/model';
import { AppError } from '../../../shared/rpc/envelope';
import { writeFileAtomic } from '../faults/atomic';
import { listAllRows } from '../db/repos/lists';
import { issuedNumberAndDate } from '../db/repos/review';
import { yearValues, type YearValuesDto } from './figures';
import { ensureYear } from './years';
import { outputNames } from '../../../shared/review/workflow';
import { writeAppendicesDocx, writeAppendicesXlsx, writeReportDocx, type PageOptions } from '../report/lazy';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import type { OutputFileDto } from '../../../shared/rpc/report';
import type { CoreContext } from '../context';
import { fileInFolder, folderFiles, requireOpenPath, yearSubfolder } from './output-folder';

export interface ReportOptions {
  /** Issue date (ISO) and number, when the văn thư has given them; blank otherwise. */
  issueDate?: string;
  documentNumber?: number;
  page?: PageOptions;
}

/** The document model of a year: figures aggregated, placeholders resolved, lists read. */
export function reportModel(ctx: CoreContext, year: number, options: ReportOptions = {}): ReportDocument {
  return reportModelOf(ctx, year, yearValues(ctx, year), options);
}

/** The same from the year's data a caller has already read (the checks read it for their own use too). */
export function reportModelOf(ctx: CoreContext, year: number, data: YearValuesDto, options: ReportOptions = {}): ReportDocument {
  if (!data.template || !data.regime) throw new AppError('Precondition', `Năm ${year} chưa chọn mẫu báo cáo nên chưa lập được báo cáo.`);
  const lists = listAllRows(ensureYear(ctx, year)).map((r) => ({ listId: r.listId, unitId: r.unitId, order: r.order, values: r.values }));
  // Once issued, the report shows (and prints) the number and date the văn thư gave it.
  const issued = options.documentNumber === undefined ? issuedNumberAndDate(ensureYear(ctx, year)) : null;
  return buildDocument({
    template: data.template,
    regime: data.regime,
    settings: data.settings,
    units: data.units,
    figures: data.figures,
    narratives: data.narratives,
    lists,
    previous: data.earlier?.previous,
    year,
    issueDate: options.issueDate ?? issued?.date,
    documentNumber: options.documentNumber ?? issued?.number,
  });
}

export interface GeneratedFile {
  kind: 'report-docx' | 'appendices-docx' | 'appendices-xlsx';
  path: string;
  size: number;
}

/** The steps of a report's generation, as the progress bar shows them. */
export const REPORT_STEPS = ['Đang tổng hợp số liệu…', 'Đang tạo báo cáo: văn bản…', 'Đang tạo báo cáo: phụ lục…', 'Đang tạo báo cáo: phụ lục Excel…'];
export type ReportProgress = (step: number, steps: number, stage: string) => void;

/**
 * Writes "Bao-cao-<year>.docx", "Phu-luc-<year>.docx" and "Phu-luc-<year>.xlsx" into outDir (created if needed), or
 * the names given (the app's working draft, see generateOutputs).
 */
export async function generateReport(
  ctx: CoreContext,
  year: number,
  outDir: string,
  options: ReportOptions = {},
  names = outputNames(year),
  progress?: ReportProgress,
): Promise<GeneratedFile[]> {
  progress?.(0, REPORT_STEPS.length, REPORT_STEPS[0]);
  const model = reportModel(ctx, year, options);
  const dir = resolve(outDir);
  mkdirSync(dir, { recursive: true });
  progress?.(1, REPORT_STEPS.length, REPORT_STEPS[1]);
  const report = await writeReportDocx(model, options.page);
  progress?.(2, REPORT_STEPS.length, REPORT_STEPS[2]);
  const appendices = await writeAppendicesDocx(model, options.page);
  progress?.(3, REPORT_STEPS.length, REPORT_STEPS[3]);
  const outputs: [GeneratedFile['kind'], string, Buffer][] = [
    ['report-docx', names.report, report],
    ['appendices-docx', names.appendicesDocx, appendices],
    ['appendices-xlsx', names.appendicesXlsx, await writeAppendicesXlsx(model)],
  ];
  return outputs.map(([kind, name, buf]) => {
    const path = join(dir, name);
    // Temporary name, flush, rename: a kill or a full disk never leaves a broken file under the final name.
    writeFileAtomic(path, buf);
    return { kind, path, size: statSync(path).size };
  });
}

export function outputFolder(ctx: CoreContext, year: number): string {
  return yearSubfolder(ctx, year, 'bao-cao');
}

export function outputFiles(ctx: CoreContext, year: number): OutputFileDto[] {
  return folderFiles(outputFolder(ctx, year), /\.(docx|xlsx|pdf)$/i);
}

/**
 * "Tạo báo cáo": the working draft ("Bao-cao-2024-du-thao.docx", marked DỰ THẢO), rewritten at each click. The
 * versions taken to the leader ("…-du-thao-n") and the issued report ("Bao-cao-2024.docx") are written by the
 * review only, once each, and never by this.
 */
export async function generateOutputs(ctx: CoreContext, year: number, progress?: ReportProgress): Promise<OutputFileDto[]> {
  const files = await generateReport(ctx, year, outputFolder(ctx, year), { page: { draftMark: '' } }, outputNames(year, 'working'), progress);
  const names = new Set(files.map((f) => f.path.split(/[\\/]/).pop()));
  return outputFiles(ctx, year).filter((f) => names.has(f.name));
}

function existing(ctx: CoreContext, year: number, name: string): string {
  return fileInFolder(outputFolder(ctx, year), name, `thư mục báo cáo năm ${year}`);
}

export function readOutput(ctx: CoreContext, year: number, name: string) {
  return { name, base64: readFileSync(existing(ctx, year, name)).toString('base64') };
}

export async function openOutput(ctx: CoreContext, year: number, name?: string) {
  const open = requireOpenPath(ctx, 'Bản chạy trên trình duyệt không mở tệp trực tiếp; hãy dùng nút “Tải về”.');
  const path = name ? existing(ctx, year, name) : outputFolder(ctx, year);
  await open(path);
  return { opened: path };
}
