/** The year's output folders (report, blank forms): where they are, what is in them, one file of them by name. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { AppError } from '../../../shared/rpc/envelope';
import type { OutputFileDto } from '../../../shared/rpc/report';
import { requireWorkspace, type CoreContext } from '../context';
import { ensureYear } from './years';

/** `<workspace>/tonghop-<year>/<name>`; refuses a year that does not exist. */
export function yearSubfolder(ctx: CoreContext, year: number, name: string): string {
  ensureYear(ctx, year);
  return join(requireWorkspace(ctx).yearFolder(year), name);
}

/** Files of a folder whose names match, newest first; none when the folder does not exist yet. */
export function folderFiles(dir: string, pattern: RegExp): OutputFileDto[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => pattern.test(n))
    .map((name) => ({ name, st: statSync(join(dir, name)) }))
    .filter(({ st }) => st.isFile())
    .map(({ name, st }) => ({ name, size: st.size, modifiedAt: st.mtime.toISOString() }))
    .sort((a, b) => b.modifiedAt.localeCompare(a.modifiedAt) || a.name.localeCompare(b.name));
}

/**
 * The path of a file named by the renderer: a plain file name (no folder part, no "..") that exists in `dir`.
 * `where` completes "Không có tệp X trong …", e.g. "thư mục báo cáo năm 2024".
 */
export function fileInFolder(dir: string, name: string, where: string): string {
  if (!name || basename(name) !== name || name.startsWith('.') || /[\\/:]/.test(name))
    throw new AppError('Validation', `Tên tệp “${name}” không hợp lệ: chỉ được là tên một tệp trong ${where}.`);
  const path = join(dir, name);
  if (!existsSync(path) || !statSync(path).isFile()) throw new AppError('NotFound', `Không có tệp ${name} trong ${where}.`);
  return path;
}

/** The host's "open with the system" hook, or a Vietnamese refusal where there is none (browser). */
export function requireOpenPath(ctx: CoreContext, refusal: string): (path: string) => Promise<void> {
  const open = ctx.platform.openPath;
  if (!open) throw new AppError('Precondition', refusal);
  return open;
}
