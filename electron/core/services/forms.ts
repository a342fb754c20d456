/** Blank Excel forms for the units of a year: generation, the zip to send them in one go, listing, reading, opening. */
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { zipSync } from 'fflate';
import { issuerNameInText } from '../../../shared/report/model';
import { AppError } from '../../../shared/rpc/envelope';
import type { FormFileDto, FormsResultDto } from '../../../shared/rpc/forms';
import type { OutputFileDto } from '../../../shared/rpc/report';
import type { CoreContext } from '../context';
import { writeFileAtomic, writeFilesAtomic } from '../faults/atomic';
import { ensureFreeSpace } from '../faults/space';
import { readSettings } from '../db/repos/settings';
import { listUnits } from '../db/repos/units';
import { readYearTemplate } from '../db/repos/year-template';
import { formFileName } from '../forms/layout';
import { buildForms } from '../forms/clone';
import { fileInFolder, folderFiles, requireOpenPath, yearSubfolder } from './output-folder';
import { ensureYear } from './years';

export const formsZipName = (year: number): string => `Bieu-mau-${year}.zip`;

/** `<workspace>/tonghop-<year>/bieu-mau`. */
export function formsFolder(ctx: CoreContext, year: number): string {
  return yearSubfolder(ctx, year, 'bieu-mau');
}

/** Temporary name, flush, rename: a kill or a full disk never leaves a broken form or zip under its final name. */
function write(path: string, bytes: Uint8Array): void {
  writeFileAtomic(path, bytes);
}

const FORMS_PER_FLUSH = 8;

/** Called after each form is written (done of total), and once more before the zip (done = total). */
export type FormsProgress = (done: number, total: number) => void;

/**
 * Writes one form per active unit into outDir (the year's forms folder by default), then a zip of them all.
 * The compiling office gets none: it enters its own figures in the app. Existing files of the same name are replaced.
 */
export async function generateForms(ctx: CoreContext, year: number, outDir?: string, progress?: FormsProgress): Promise<FormsResultDto> {
  const db = ensureYear(ctx, year);
  const yt = readYearTemplate(db);
  if (!yt) throw new AppError('Precondition', `Năm ${year} chưa chọn mẫu báo cáo nên chưa tạo được biểu mẫu cho các đơn vị.`);
  const units = listUnits(db);
  const skipped: FormsResultDto['skipped'] = [];
  for (const u of units) {
    if (!u.active) skipped.push({ unitCode: u.code, reason: `${u.name} đã ngừng báo cáo trong năm ${year}.` });
    else if (u.kind === 'office')
      skipped.push({ unitCode: u.code, reason: `${u.name} là cơ quan tổng hợp, tự nhập số liệu trực tiếp trong phần mềm nên không cần biểu mẫu.` });
  }
  const targets = units.filter((u) => u.active && u.kind !== 'office');
  if (targets.length === 0)
    throw new AppError('Precondition', `Năm ${year} chưa có đơn vị báo cáo nào đang theo dõi (ngoài cơ quan tổng hợp) nên chưa có biểu mẫu để tạo.`);

  const settings = readSettings(db);
  const folder = resolve(outDir ?? formsFolder(ctx, year));
  mkdirSync(folder, { recursive: true });
  // About 60 KB per form, twice (the forms and the zip holding them), plus room for the temporary of the zip.
  ensureFreeSpace(folder, targets.length * 3 * 64 * 1024 + 1024 * 1024, 'chưa tạo biểu mẫu nào');
  const generatedAt = ctx.now();
  const common = {
    template: yt.template,
    regime: yt.regime,
    period: yt.regime.period,
    year,
    issuerName: issuerNameInText(settings.issuerLines),
    padCounts: settings.padCounts,
    generatedAt,
  };
  const files: FormFileDto[] = [];
  const entries: Record<string, Uint8Array> = {};
  progress?.(0, targets.length);
  // Written a few at a time: the disk flushes a group together, and progress still moves form by form.
  let group: { path: string; bytes: Uint8Array }[] = [];
  const flush = async () => {
    await writeFilesAtomic(group);
    group = [];
    progress?.(files.length, targets.length);
  };
  await buildForms(common, targets, async (i, bytes) => {
    const unit = targets[i];
    const name = formFileName(year, unit.code, unit.name);
    group.push({ path: join(folder, name), bytes });
    entries[name] = bytes;
    files.push({ name, unitCode: unit.code, unitName: unit.name, size: bytes.length });
    if (group.length === FORMS_PER_FLUSH) await flush();
  });
  await flush();
  // The forms are zip files already: storing them again without compression is as small and much faster.
  const zip = zipSync(entries, { level: 0, mtime: new Date(generatedAt) });
  const zipName = formsZipName(year);
  write(join(folder, zipName), zip);
  return { folder, files, zip: { name: zipName, size: zip.length }, skipped };
}

/** The forms and zips now in the year's forms folder, newest first. */
export function formFiles(ctx: CoreContext, year: number): OutputFileDto[] {
  return folderFiles(formsFolder(ctx, year), /\.(xlsx|zip)$/i);
}

/** The bytes of one file of the forms folder; refuses any name that is not a plain file name in it. */
export function readForm(ctx: CoreContext, year: number, name: string): { name: string; base64: string } {
  const path = fileInFolder(formsFolder(ctx, year), name, `thư mục biểu mẫu năm ${year}`);
  return { name, base64: readFileSync(path).toString('base64') };
}

/** Opens the forms folder (created if needed) with the system's file manager; desktop only. */
export async function openFormsFolder(ctx: CoreContext, year: number): Promise<{ opened: string }> {
  const open = requireOpenPath(ctx, 'Bản chạy trên trình duyệt không mở được thư mục; hãy dùng nút “Tải về” để tải từng biểu mẫu hoặc tệp nén.');
  const folder = formsFolder(ctx, year);
  mkdirSync(folder, { recursive: true });
  await open(folder);
  return { opened: folder };
}
