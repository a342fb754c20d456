/** One-click report: generation into the year's output folder, the list of outputs, reading and opening them. */
import { readFileSync } from 'node:fs';
import type { OutputFileDto } from '../../../shared/rpc/report';
import type { CoreContext } from '../context';
import { generateReport } from '../report/generate';
import { fileInFolder, folderFiles, requireOpenPath, yearSubfolder } from './output-folder';

export function outputFolder(ctx: CoreContext, year: number): string {
  return yearSubfolder(ctx, year, 'bao-cao');
}

export function outputFiles(ctx: CoreContext, year: number): OutputFileDto[] {
  return folderFiles(outputFolder(ctx, year), /\.(docx|xlsx|pdf)$/i);
}

export async function generateOutputs(ctx: CoreContext, year: number): Promise<OutputFileDto[]> {
  const files = await generateReport(ctx, year, outputFolder(ctx, year));
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
