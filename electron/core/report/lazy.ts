/**
 * The writers behind a dynamic import: the docx package and exceljs (together about half a second of module
 * loading) are loaded at the first report, not when the core starts. Services import the writers from here.
 */
import type * as Docx from './docx';
import type * as Xlsx from './xlsx';

export type { PageOptions } from './docx';

export async function writeReportDocx(...args: Parameters<typeof Docx.writeReportDocx>): Promise<Buffer> {
  return (await import('./docx')).writeReportDocx(...args);
}

export async function writeAppendicesDocx(...args: Parameters<typeof Docx.writeAppendicesDocx>): Promise<Buffer> {
  return (await import('./docx')).writeAppendicesDocx(...args);
}

export async function writeAppendicesXlsx(...args: Parameters<typeof Xlsx.writeAppendicesXlsx>): Promise<Buffer> {
  return (await import('./xlsx')).writeAppendicesXlsx(...args);
}
