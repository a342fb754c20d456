/** Builds the report model of a year from the year file and writes the report and its appendices. */
import { mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildDocument, type ReportDocument } from '../../../shared/report/model';
import { AppError } from '../../../shared/rpc/envelope';
import type { CoreContext } from '../context';
import { writeFileAtomic } from '../faults/atomic';
import { listAllRows } from '../db/repos/lists';
import { yearData } from '../services/figures';
import { ensureYear } from '../services/years';
import { writeAppendicesDocx, writeReportDocx, type PageOptions } from './docx';
import { writeAppendicesXlsx } from './xlsx';

export interface ReportOptions {
  /** Issue date (ISO) and number, when the văn thư has given them; blank otherwise. */
  issueDate?: string;
  documentNumber?: number;
  page?: PageOptions;
}

/** The document model of a year: figures aggregated, placeholders resolved, lists read. */
export function reportModel(ctx: CoreContext, year: number, options: ReportOptions = {}): ReportDocument {
  const data = yearData(ctx, year);
  if (!data.template || !data.regime) throw new AppError('Precondition', `Năm ${year} chưa chọn mẫu báo cáo nên chưa lập được báo cáo.`);
  const lists = listAllRows(ensureYear(ctx, year)).map((r) => ({ listId: r.listId, unitId: r.unitId, order: r.order, values: r.values }));
  return buildDocument({
    template: data.template,
    regime: data.regime,
    settings: data.settings,
    units: data.units,
    figures: data.figures,
    narratives: data.narratives,
    lists,
    year,
    issueDate: options.issueDate,
    documentNumber: options.documentNumber,
  });
}

export interface GeneratedFile {
  kind: 'report-docx' | 'appendices-docx' | 'appendices-xlsx';
  path: string;
  size: number;
}

/** Writes "Bao-cao-<year>.docx", "Phu-luc-<year>.docx" and "Phu-luc-<year>.xlsx" into outDir (created if needed). */
export async function generateReport(ctx: CoreContext, year: number, outDir: string, options: ReportOptions = {}): Promise<GeneratedFile[]> {
  const model = reportModel(ctx, year, options);
  const dir = resolve(outDir);
  mkdirSync(dir, { recursive: true });
  const outputs: [GeneratedFile['kind'], string, Buffer][] = [
    ['report-docx', `Bao-cao-${year}.docx`, await writeReportDocx(model, options.page)],
    ['appendices-docx', `Phu-luc-${year}.docx`, await writeAppendicesDocx(model, options.page)],
    ['appendices-xlsx', `Phu-luc-${year}.xlsx`, await writeAppendicesXlsx(model)],
  ];
  return outputs.map(([kind, name, buf]) => {
    const path = join(dir, name);
    // Temporary name, flush, rename: a kill or a full disk never leaves a broken file under the final name.
    writeFileAtomic(path, buf);
    return { kind, path, size: statSync(path).size };
  });
}
