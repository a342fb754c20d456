/**
 * Backups of a year file that restore: a consistent copy made by SQLite itself (VACUUM INTO, never a file copy of
 * a live WAL database) beside a manifest (app and schema version, sha256 of the copy, counts, fingerprint of the
 * data), in the year's `sao-luu/` folder or a folder the user picks. Automatic backups (before an import batch,
 * a seal, a restore) keep the newest few; manual ones are never removed. A restore checks the copy's sha256,
 * says what would change, keeps the current file as a backup first, and replaces the file only when all is well.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { formatDateTime } from '../../../shared/format/date';
import { AppError } from '../../../shared/rpc/envelope';
import type { BackupDto, RestorePreviewDto } from '../../../shared/rpc/archive';
import { APP_VERSION, requireWorkspace, type CoreContext } from '../context';
import { knownSchemaVersion } from '../db/client';
import { countsOf, fingerprintOf, TABLE_LABELS, type TableDigest } from '../archive/dump';
import { tempNameFor, writeFileAtomic } from '../faults/atomic';
import { ensureFreeSpace } from '../faults/space';
import { headerProblem } from '../faults/year-file';
import { yearFileName } from '../workspace/workspace';
import { lockedError, yearLock as lockOfFile } from './year-lock';

/** Automatic backups kept per year; older automatic ones are removed, manual ones never. */
export const AUTO_BACKUPS_KEPT = 10;

const Manifest = z.object({
  app: z.literal('tonghop'),
  appVersion: z.string(),
  schemaVersion: z.number().int(),
  year: z.number().int(),
  kind: z.enum(['manual', 'auto']),
  reason: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  file: z.string(),
  sha256: z.string(),
  size: z.number().int(),
  counts: z.object({ units: z.number().int(), figures: z.number().int(), files: z.number().int() }),
  fingerprint: z.string(),
});
type Manifest = z.infer<typeof Manifest>;

export function backupFolder(ctx: CoreContext, year: number): string {
  return join(requireWorkspace(ctx).yearFolder(year), 'sao-luu');
}

const sha256File = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const stamp = (iso: string) => iso.replace(/[:.]/g, '-').replace(/Z$/, '');

/** Opens a year file or a backup read-only, outside the workspace's connections. */
export function openReadOnly(file: string): Database.Database {
  return new Database(file, { readonly: true, fileMustExist: true });
}

/**
 * Writes a backup of a year. The copy is made by the year's own connection (VACUUM INTO sees every committed
 * write, WAL included), under a temporary name, then renamed with its manifest beside it.
 */
export function backupYear(ctx: CoreContext, year: number, opts: { kind: 'manual' | 'auto'; reason: string; folder?: string }): BackupDto {
  const ws = requireWorkspace(ctx);
  const db = ws.db(year);
  const folder = opts.folder ?? backupFolder(ctx, year);
  mkdirSync(folder, { recursive: true });
  ensureFreeSpace(folder, statSync(ws.yearFile(year)).size * 2 + 1024 * 1024, 'chưa sao lưu');
  const at = ctx.now();
  const name = `${basename(yearFileName(year), '.sqlite')}-sao-luu-${stamp(at)}${opts.kind === 'auto' ? '-tu-dong' : ''}.sqlite`;
  const target = join(folder, name);
  const tmp = tempNameFor(target);
  try {
    db.$client.prepare('VACUUM INTO ?').run(tmp);
    const copy = openReadOnly(tmp);
    let manifest: Manifest;
    try {
      manifest = {
        app: 'tonghop',
        appVersion: APP_VERSION,
        schemaVersion: knownSchemaVersion(),
        year,
        kind: opts.kind,
        reason: opts.reason,
        createdAt: at,
        createdBy: ctx.actor,
        file: name,
        sha256: sha256File(tmp),
        size: statSync(tmp).size,
        counts: countsOf(copy),
        fingerprint: fingerprintOf(copy).fingerprint,
      };
    } finally {
      copy.close();
    }
    renameSync(tmp, target);
    writeFileAtomic(manifestPath(target), Buffer.from(JSON.stringify(manifest, null, 2)));
    if (opts.kind === 'auto' && !opts.folder) pruneAutomatic(folder, year);
    return toDto(manifest, folder);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

const manifestPath = (backupFile: string) => backupFile.replace(/\.sqlite$/, '.json');

function toDto(m: Manifest, folder: string): BackupDto {
  return { name: m.file, folder, kind: m.kind, reason: m.reason, createdAt: m.createdAt, createdBy: m.createdBy, size: m.size, counts: m.counts, sha256: m.sha256 };
}

function readManifest(folder: string, name: string): Manifest | null {
  try {
    return Manifest.parse(JSON.parse(readFileSync(manifestPath(join(folder, name)), 'utf8')));
  } catch {
    return null;
  }
}

function pruneAutomatic(folder: string, year: number): void {
  const auto = listBackups(folder, year).filter((b) => b.kind === 'auto');
  for (const b of auto.slice(AUTO_BACKUPS_KEPT)) {
    rmSync(join(folder, b.name), { force: true });
    rmSync(manifestPath(join(folder, b.name)), { force: true });
  }
}

/** Backups of a year in a folder that have a manifest, newest first. */
export function listBackups(folder: string, year: number): BackupDto[] {
  if (!existsSync(folder)) return [];
  const stem = basename(yearFileName(year), '.sqlite');
  return readdirSync(folder)
    .filter((n) => n.startsWith(`${stem}-sao-luu-`) && n.endsWith('.sqlite'))
    .map((n) => readManifest(folder, n))
    .filter((m): m is Manifest => m !== null && m.year === year)
    .map((m) => toDto(m, folder))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** A backup checked against its manifest: the copy's bytes, then the data it holds (its per-table digests returned). */
function checkedBackup(folder: string, name: string, year: number): { manifest: Manifest; tables: TableDigest[] } {
  if (basename(name) !== name) throw new AppError('Validation', 'Tên bản sao lưu không hợp lệ.');
  const m = readManifest(folder, name);
  if (!m || m.year !== year) throw new AppError('NotFound', `Không tìm thấy bản sao lưu “${name}” của năm ${year} (thiếu tệp mô tả đi kèm).`);
  const file = join(folder, name);
  if (!existsSync(file) || headerProblem(file) || sha256File(file) !== m.sha256)
    throw new AppError(
      'Precondition',
      `Bản sao lưu “${name}” đã bị thay đổi hoặc bị hỏng sau khi sao lưu (mã kiểm tra SHA-256 không khớp) nên không được dùng để khôi phục; dữ liệu năm ${year} hiện tại không bị thay đổi. Hãy chọn bản sao lưu khác.`,
    );
  const c = openReadOnly(file);
  try {
    const { fingerprint, tables } = fingerprintOf(c);
    if (fingerprint !== m.fingerprint)
      throw new AppError('Precondition', `Dữ liệu trong bản sao lưu “${name}” không khớp với lúc sao lưu nên không được dùng; dữ liệu hiện tại không bị thay đổi.`);
    return { manifest: m, tables };
  } finally {
    c.close();
  }
}

/** What a restore would change: the counts now and in the backup, and which parts of the data differ. */
export function restorePreview(ctx: CoreContext, year: number, name: string, folder = backupFolder(ctx, year)): RestorePreviewDto {
  return previewOf(ctx, year, folder, checkedBackup(folder, name, year));
}

function previewOf(ctx: CoreContext, year: number, folder: string, { manifest: m, tables: theirs }: ReturnType<typeof checkedBackup>): RestorePreviewDto {
  let current: RestorePreviewDto['current'] = null;
  let changed: string[] = [];
  const file = requireWorkspace(ctx).yearFile(year);
  if (existsSync(file) && !headerProblem(file)) {
    try {
      const c = requireWorkspace(ctx).db(year).$client;
      const ours = fingerprintOf(c);
      current = countsOf(c);
      const mine = new Map(ours.tables.map((t) => [t.name, t.sha256]));
      changed = theirs.filter((t) => mine.get(t.name) !== t.sha256).map((t) => TABLE_LABELS[t.name] ?? t.name);
    } catch {
      current = null;
    }
  }
  return { backup: toDto(m, folder), current, changed, same: current !== null && changed.length === 0 };
}

/**
 * Restores a year from a checked backup. The current file is kept first (a backup when it opens, a plain copy
 * when it is damaged), the year's connections are closed, the backup is copied in under a temporary name and
 * renamed over the year file; a WAL left by the old file is set aside so it can never be applied to the new one.
 */
export function restoreYear(ctx: CoreContext, year: number, name: string, folder = backupFolder(ctx, year)): RestorePreviewDto {
  const ws = requireWorkspace(ctx);
  const checked = checkedBackup(folder, name, year);
  const m = checked.manifest;
  const preview = previewOf(ctx, year, folder, checked);
  const file = ws.yearFile(year);
  if (preview.current) {
    const lock = lockOfFile(ws.db(year));
    if (lock) throw lockedError(year, lock);
  }
  const at = stamp(ctx.now());
  if (preview.current) backupYear(ctx, year, { kind: 'auto', reason: `trước khi khôi phục từ ${name}` });
  else if (existsSync(file)) {
    mkdirSync(backupFolder(ctx, year), { recursive: true });
    copyFileSync(file, join(backupFolder(ctx, year), `${basename(file, '.sqlite')}-hong-${at}.sqlite.bak`));
  }
  ws.closeYear(year);
  for (const suffix of ['-wal', '-shm', '-journal']) if (existsSync(file + suffix)) renameSync(file + suffix, `${file}${suffix}.truoc-khoi-phuc-${at}`);
  const tmp = tempNameFor(file);
  copyFileSync(join(folder, name), tmp);
  renameSync(tmp, file);
  if (fingerprintOf(ws.db(year).$client).fingerprint !== m.fingerprint)
    throw new AppError('Internal', 'Dữ liệu sau khi khôi phục không khớp với bản sao lưu; hãy kiểm tra lại thư mục sao lưu.');
  return preview;
}

/** "lúc 09:30 ngày 05/12/2024, 40 đơn vị, 1.512 số liệu" — a backup as a person picks it. */
export function backupLabel(b: BackupDto): string {
  return `lúc ${formatDateTime(b.createdAt)}, ${b.counts.units} đơn vị, ${b.counts.figures.toLocaleString('vi-VN')} số liệu`;
}
