/** One-click report: generation into the year's output folder, the list of outputs, reading and opening them. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../../shared/rpc/envelope';
import type { OutputFileDto } from '../../../shared/rpc/report';
import { requireWorkspace, type CoreContext } from '../context';
import { generateReport } from '../report/generate';
import { ensureYear } from './years';

export function outputFolder(ctx: CoreContext, year: number): string {
  ensureYear(ctx, year);
  return join(requireWorkspace(ctx).yearFolder(year), 'bao-cao');
}

export function outputFiles(ctx: CoreContext, year: number): OutputFileDto[] {
  const dir = outputFolder(ctx, year);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => /\.(docx|xlsx|pdf)$/i.test(n))
    .map((name) => {
      const st = statSync(join(dir, name));
      return { name, size: st.size, modifiedAt: st.mtime.toISOString() };
    })
    .sort((a, b) => b.modifiedAt.localeCompare(a.modifiedAt) || a.name.localeCompare(b.name));
}

export async function generateOutputs(ctx: CoreContext, year: number): Promise<OutputFileDto[]> {
  const files = await generateReport(ctx, year, outputFolder(ctx, year));
  const names = new Set(files.map((f) => f.path.split(/[\\/]/).pop()));
  return outputFiles(ctx, year).filter((f) => names.has(f.name));
}

function existing(ctx: CoreContext, year: number, name: string): string {
  const path = join(outputFolder(ctx, year), name);
  if (!existsSync(path)) throw new AppError('NotFound', `Không có tệp ${name} trong thư mục báo cáo năm ${year}.`);
  return path;
}

export function readOutput(ctx: CoreContext, year: number, name: string) {
  return { name, base64: readFileSync(existing(ctx, year, name)).toString('base64') };
}

export async function openOutput(ctx: CoreContext, year: number, name?: string) {
  const open = ctx.platform.openPath;
  if (!open) throw new AppError('Precondition', 'Bản chạy trên trình duyệt không mở tệp trực tiếp; hãy dùng nút “Tải về”.');
  const path = name ? existing(ctx, year, name) : outputFolder(ctx, year);
  await open(path);
  return { opened: path };
}
