/**
 * The files of the review: the report and appendices of a version written once and never overwritten (drafts
 * "Bao-cao-2024-du-thao-3.docx" with the draft mark, the final "Bao-cao-2024.docx" only at issue), PDF through
 * LibreOffice, and the signed scan's type and size limits.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, join } from 'node:path';
import { AppError } from '../../../shared/rpc/envelope';
import type { ReportDocument } from '../../../shared/report/model';
import { draftLabel, outputNames } from '../../../shared/review/workflow';
import { requireWorkspace, type CoreContext } from '../context';
import { writeFileAtomic } from '../faults/atomic';
import { writeAppendicesDocx, writeAppendicesXlsx, writeReportDocx } from '../report/lazy';

export interface WrittenFile {
  name: string;
  size: number;
  sha256: string;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The year's report folder, without the write gate: the review writes its files there on an approved (locked)
 * year too (issue), after its own state checks. Files are not the year's data.
 */
export function reportFolder(ctx: CoreContext, year: number): string {
  return join(requireWorkspace(ctx).yearFolder(year), 'bao-cao');
}

/**
 * Writes the report, the appendices (.docx) and the appendices (.xlsx) of a draft (numbered, with the mark on
 * every page) or of the issued report (no mark). Refuses, before writing anything, when any of the names exists:
 * a version's files are never overwritten. The caller removes them (`release`) if it cannot record the version.
 */
export async function writeVersionFiles(ctx: CoreContext, year: number, model: ReportDocument, draft?: number): Promise<WrittenFile[]> {
  const dir = reportFolder(ctx, year);
  const names = outputNames(year, draft);
  const list = [names.report, names.appendicesDocx, names.appendicesXlsx];
  mkdirSync(dir, { recursive: true });
  // Each name is taken with an exclusive create first: of two submissions at once only one gets the names, and a
  // file that is there already is never touched.
  const reserved: string[] = [];
  const release = () => reserved.forEach((n) => rmSync(join(dir, n), { force: true }));
  for (const name of list) {
    try {
      closeSync(openSync(join(dir, name), 'wx'));
      reserved.push(name);
    } catch (e) {
      release();
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      throw new AppError(
        'Conflict',
        `Thư mục báo cáo năm ${year} đã có tệp ${name}; ứng dụng không ghi đè tệp đã tạo. Hãy chuyển tệp đó sang thư mục khác rồi làm lại; chưa lưu gì.`,
      );
    }
  }
  try {
    const page = draft === undefined ? {} : { draftMark: draftLabel(draft) };
    const bytes = [await writeReportDocx(model, page), await writeAppendicesDocx(model, page), await writeAppendicesXlsx(model)];
    return list.map((name, i) => {
      writeFileAtomic(join(dir, name), bytes[i], `chưa lưu ${name}`);
      return { name, size: bytes[i].length, sha256: sha256(bytes[i]) };
    });
  } catch (e) {
    release();
    throw e;
  }
}

const WINDOWS_SOFFICE = ['C:\\Program Files\\LibreOffice\\program\\soffice.exe', 'C:\\Program Files (x86)\\LibreOffice\\program\\soffice.exe'];

/** LibreOffice's soffice: on PATH, or in its usual Windows folders; null when not installed. */
export function findSoffice(): string | null {
  const names = process.platform === 'win32' ? ['soffice.exe', 'soffice.com'] : ['soffice', 'libreoffice'];
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean))
    for (const n of names) if (existsSync(join(dir, n))) return join(dir, n);
  if (process.platform === 'win32') return WINDOWS_SOFFICE.find((p) => existsSync(p)) ?? null;
  return null;
}

export const PDF_TIMEOUT_MS = 120_000;

/**
 * Converts a .docx of the report folder into a PDF beside it with LibreOffice, in a temporary folder with its own
 * profile (an open LibreOffice window does not block it) and a time limit. A PDF newer than its .docx is kept.
 */
export async function convertToPdf(ctx: CoreContext, year: number, name: string, path: string): Promise<string> {
  const pdfName = name.replace(/\.docx$/i, '.pdf');
  await docxToPdf(path, join(reportFolder(ctx, year), pdfName), {
    missing: 'Hãy cài LibreOffice, hoặc mở “Bản in” rồi chọn “Lưu dưới dạng PDF” trong hộp thoại in.',
    failed: 'Hãy thử lại, hoặc dùng “Bản in”.',
  });
  return pdfName;
}

/**
 * Writes the PDF of a .docx at `target` (atomically) with LibreOffice, on a copy in a temporary folder with its own
 * profile and a time limit; a PDF newer than its .docx is kept. `hint` tells the clerk what to do when LibreOffice is
 * missing or fails.
 */
export async function docxToPdf(path: string, target: string, hint: { missing: string; failed: string }): Promise<void> {
  const name = basename(path);
  const pdfName = basename(target);
  if (existsSync(target) && statSync(target).mtimeMs >= statSync(path).mtimeMs) return;
  const soffice = findSoffice();
  if (!soffice) throw new AppError('Precondition', `Máy này chưa cài LibreOffice nên ứng dụng chưa chuyển được sang PDF. ${hint.missing}`);
  const work = mkdtempSync(join(tmpdir(), 'tonghop-pdf-'));
  try {
    const input = join(work, name);
    copyFileSync(path, input);
    const profile = join(work, 'profile');
    await new Promise<void>((done, failed) => {
      execFile(
        soffice,
        [`-env:UserInstallation=file:///${profile.replace(/\\/g, '/').replace(/^\//, '')}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', work, input],
        { timeout: PDF_TIMEOUT_MS, windowsHide: true },
        (err) => {
          if (!err) return done();
          const timedOut = (err as { killed?: boolean }).killed;
          failed(
            new AppError(
              'Precondition',
              timedOut
                ? `LibreOffice chưa chuyển xong tệp ${name} sau ${PDF_TIMEOUT_MS / 1000} giây nên đã dừng; chưa tạo tệp PDF. ${hint.failed}`
                : `LibreOffice không chuyển được tệp ${name} sang PDF; chưa tạo tệp PDF. ${hint.failed}`,
            ),
          );
        },
      );
    });
    const made = join(work, name.replace(/\.docx$/i, '.pdf'));
    if (!existsSync(made)) throw new AppError('Precondition', `LibreOffice không tạo ra tệp PDF cho ${name}; chưa tạo tệp PDF. ${hint.failed}`);
    writeFileAtomic(target, readFileSync(made), `chưa lưu ${pdfName}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export const SCAN_MAX_BYTES = 20 * 1024 * 1024;

/** The scan's type from its first bytes (never from its name): PDF, PNG or JPEG; refused otherwise. */
export function scanType(name: string, bytes: Uint8Array): { mime: string; ext: string } {
  if (bytes.length === 0) throw new AppError('Validation', `Tệp ${name} trống; chưa lưu gì.`);
  if (bytes.length > SCAN_MAX_BYTES)
    throw new AppError('Validation', `Tệp ${name} lớn hơn 20 MB; hãy quét lại ở độ phân giải thấp hơn (200–300 dpi); chưa lưu gì.`);
  const head = Buffer.from(bytes.subarray(0, 8));
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return { mime: 'application/pdf', ext: 'pdf' };
  if (head.equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return { mime: 'image/png', ext: 'png' };
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return { mime: 'image/jpeg', ext: 'jpg' };
  throw new AppError('Validation', `Tệp ${name} không phải PDF, PNG hay JPEG; hãy đính kèm bản quét dạng PDF hoặc ảnh; chưa lưu gì.`);
}

/** The scan's copy in the year's folder ("tonghop-2024/ban-ky/"), under a name never used before. */
export function copyScan(ctx: CoreContext, year: number, base: string, ext: string, bytes: Uint8Array): string {
  const dir = join(requireWorkspace(ctx).yearFolder(year), 'ban-ky');
  mkdirSync(dir, { recursive: true });
  let name = `${base}.${ext}`;
  for (let i = 2; existsSync(join(dir, name)); i++) name = `${base}-${i}.${ext}`;
  writeFileAtomic(join(dir, name), bytes, `chưa lưu ${name}`);
  return name;
}
