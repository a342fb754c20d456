/**
 * Sealing a year (khóa sổ): the year file is checkpointed, the fingerprint of its data (archive/dump.ts) is stored
 * in the file and in a sidecar `tonghop-<year>.niem-phong.json`, a one-page Biên bản khóa sổ is written, and the
 * year is locked through the write gate (and opened read-only). Checking recomputes the fingerprint: any change
 * made outside the app — a figure edited with a SQLite tool, a row deleted, the sidecar edited, the file replaced
 * by an older copy — is reported with what differs. Unsealing needs a reason and keeps the old seal in history.
 */
import { existsSync, readFileSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { formatDateTime } from '../../../shared/format/date';
import { AppError } from '../../../shared/rpc/envelope';
import type { SealStatusDto } from '../../../shared/rpc/archive';
import { APP_VERSION, requireWorkspace, type CoreContext } from '../context';
import { knownSchemaVersion, openDatabase, closeDatabase } from '../db/client';
import { countsOf, fingerprintOf, TABLE_LABELS, type TableDigest } from '../archive/dump';
import { writeFileAtomic } from '../faults/atomic';
import { backupYear, openReadOnly } from './archive-backup';
import { sidecarName, writeSealRecord } from './archive-record';
import { YearLock } from './year-lock';
import { docxToPdf, findSoffice } from './review-files';

const Seal = z.object({
  year: z.number().int(),
  fingerprint: z.string(),
  sealedAt: z.string(),
  sealedBy: z.string(),
  appVersion: z.string(),
  schemaVersion: z.number().int(),
  counts: z.object({ units: z.number().int(), figures: z.number().int(), files: z.number().int() }),
  tables: z.array(z.object({ name: z.string(), rows: z.number().int(), sha256: z.string() })),
  /** The lock the year had before sealing (an approved report's), put back when the seal is opened. */
  previousLock: z.string().nullable().optional(),
});
type Seal = z.infer<typeof Seal>;
const Unsealed = z.object({ fingerprint: z.string(), sealedAt: z.string(), sealedBy: z.string(), unsealedAt: z.string(), unsealedBy: z.string(), reason: z.string() });

const sidecarPath = (ctx: CoreContext, year: number) => join(requireWorkspace(ctx).dir, sidecarName(year));
export const recordFolder = (ctx: CoreContext, year: number) => join(requireWorkspace(ctx).yearFolder(year), 'luu-tru');
export const recordName = (year: number) => `Bien-ban-khoa-so-${year}.docx`;
export const recordPdfName = (year: number) => `Bien-ban-khoa-so-${year}.pdf`;

/** The Biên bản's files as the status shows them: the .docx, its PDF, or why there is no PDF. */
function recordFiles(ctx: CoreContext, year: number): Pick<SealStatusDto, 'record' | 'recordPdf' | 'recordPdfNote'> {
  const folder = recordFolder(ctx, year);
  const record = existsSync(join(folder, recordName(year))) ? recordName(year) : null;
  const pdf = join(folder, recordPdfName(year));
  // A PDF older than the .docx is of an earlier seal (sealed again after opening): not this Biên bản.
  const recordPdf = record && existsSync(pdf) && statSync(pdf).mtimeMs >= statSync(join(folder, record)).mtimeMs ? recordPdfName(year) : null;
  const recordPdfNote =
    record && !recordPdf
      ? findSoffice()
        ? `Chưa có bản PDF của biên bản khóa sổ; bản .docx (${record}) đã có. Chọn “Tạo PDF biên bản” để tạo.`
        : `Máy này chưa cài LibreOffice nên chưa có bản PDF của biên bản khóa sổ; bản .docx (${record}) vẫn có đủ nội dung và dùng được để in, ký.`
      : null;
  return { record, recordPdf, recordPdfNote };
}

/** Writes the Biên bản's PDF beside its .docx through LibreOffice (temporary profile, time limit, atomic write). */
export async function writeRecordPdf(ctx: CoreContext, year: number): Promise<SealStatusDto> {
  const docx = join(recordFolder(ctx, year), recordName(year));
  if (!existsSync(docx)) throw new AppError('Precondition', `Năm ${year} chưa có biên bản khóa sổ (${recordName(year)}) nên chưa tạo được bản PDF.`);
  await docxToPdf(docx, join(recordFolder(ctx, year), recordPdfName(year)), {
    missing: `Bản .docx của biên bản (${recordName(year)}) vẫn có đủ nội dung và dùng được để in, ký.`,
    failed: `Bản .docx của biên bản (${recordName(year)}) vẫn dùng được.`,
  });
  return sealStatus(ctx, year);
}

function readJson<T>(schema: z.ZodType<T>, raw: string | null): T | null {
  if (raw === null) return null;
  try {
    return schema.parse(JSON.parse(raw));
  } catch {
    return null;
  }
}

function sealOf(c: Database.Database): Seal | null {
  const row = c.prepare("SELECT value FROM meta WHERE key = 'seal'").get() as { value: string } | undefined;
  return row ? readJson(Seal, row.value) : null;
}

function historyOf(c: Database.Database): z.infer<typeof Unsealed>[] {
  const row = c.prepare("SELECT value FROM meta WHERE key = 'seal-history'").get() as { value: string } | undefined;
  return readJson(z.array(Unsealed), row?.value ?? null) ?? [];
}

function where(theirs: TableDigest[], ours: TableDigest[]): string {
  const now = new Map(ours.map((t) => [t.name, t]));
  const parts = theirs
    .filter((t) => now.get(t.name)?.sha256 !== t.sha256)
    .map((t) => {
      const n = now.get(t.name);
      const label = TABLE_LABELS[t.name] ?? t.name;
      return n && n.rows !== t.rows ? `${label} (${t.rows} → ${n.rows} dòng)` : `${label}`;
    });
  for (const t of ours) if (!theirs.some((x) => x.name === t.name)) parts.push(`${TABLE_LABELS[t.name] ?? t.name} (bảng mới)`);
  return parts.length ? parts.join('; ') : 'không xác định được phần nào';
}

/** The state of a year's seal, checked against the data as it is now (the "Kiểm tra toàn vẹn"). */
export function sealStatus(ctx: CoreContext, year: number): SealStatusDto {
  const ws = requireWorkspace(ctx);
  const main = ws.db(year).$client;
  // An older sealed file is read through a migrated copy; its seal is checked on the file itself.
  const original = ws.unmigratedFile(year);
  const c = original ? openReadOnly(original) : main;
  try {
    return statusOf(ctx, year, c);
  } finally {
    if (c !== main) c.close();
  }
}

function statusOf(ctx: CoreContext, year: number, c: Database.Database): SealStatusDto {
  const seal = sealOf(c);
  const sidecarExists = existsSync(sidecarPath(ctx, year));
  const sidecar = sidecarExists ? readJson(Seal, readFileSync(sidecarPath(ctx, year), 'utf8')) : null;
  const base = { year, history: historyOf(c), ...recordFiles(ctx, year) };
  const changed = (what: string): SealStatusDto => ({
    ...base,
    seal: seal && { fingerprint: seal.fingerprint, sealedAt: seal.sealedAt, sealedBy: seal.sealedBy, counts: seal.counts },
    intact: false,
    problem: `Dữ liệu năm ${year} đã bị thay đổi sau khi khóa sổ: ${what}. Hãy đối chiếu với bản sao lưu và biên bản khóa sổ; ứng dụng không ghi gì vào tệp này.`,
  });
  if (!seal) {
    if (sidecarExists) return changed(`tệp dữ liệu năm không còn dấu niêm phong trong khi biên bản niêm phong ${sidecarName(year)} vẫn còn (có thể tệp đã bị thay bằng một bản cũ hơn)`);
    return { ...base, seal: null, intact: null, problem: null };
  }
  const now = fingerprintOf(c);
  if (now.fingerprint !== seal.fingerprint) return changed(`phần thay đổi: ${where(seal.tables, now.tables)}`);
  if (!sidecar || sidecar.fingerprint !== seal.fingerprint || sidecar.sealedAt !== seal.sealedAt)
    return changed(sidecarExists ? `biên bản niêm phong ${sidecarName(year)} đi kèm không khớp với dấu niêm phong trong tệp` : `thiếu biên bản niêm phong ${sidecarName(year)} đi kèm`);
  return { ...base, seal: { fingerprint: seal.fingerprint, sealedAt: seal.sealedAt, sealedBy: seal.sealedBy, counts: seal.counts }, intact: true, problem: null };
}

/** Runs `fn` on a writable connection of its own to the year file, then lets the workspace reopen the year. */
function withWritable<T>(ctx: CoreContext, year: number, fn: (c: Database.Database) => T): T {
  const ws = requireWorkspace(ctx);
  if (ws.readOnly) throw ws.readOnlyError(`chưa thay đổi niêm phong của năm ${year}`);
  ws.closeYear(year);
  const db = openDatabase(ws.yearFile(year), { ...ctx.dbOptions });
  try {
    return fn(db.$client);
  } finally {
    closeDatabase(db);
    ws.closeYear(year);
  }
}

/** Seals a year: backup first, then the fingerprint in the file and beside it, the lock, and the Biên bản. */
export async function sealYear(ctx: CoreContext, year: number): Promise<SealStatusDto> {
  const ws = requireWorkspace(ctx);
  const current = sealOf(ws.db(year).$client);
  if (current) throw new AppError('Conflict', `Năm ${year} đã khóa sổ lúc ${formatDateTime(current.sealedAt)} (${current.sealedBy}).`);
  backupYear(ctx, year, { kind: 'auto', reason: 'trước khi khóa sổ' });
  const at = ctx.now();
  const seal = withWritable(ctx, year, (c) => {
    c.pragma('wal_checkpoint(TRUNCATE)');
    const { fingerprint, tables } = fingerprintOf(c);
    const previousLock = (c.prepare("SELECT value FROM meta WHERE key = 'lock'").get() as { value: string } | undefined)?.value ?? null;
    const s: Seal = { year, fingerprint, sealedAt: at, sealedBy: ctx.actor, appVersion: APP_VERSION, schemaVersion: knownSchemaVersion(), counts: countsOf(c), tables, previousLock };
    const lock: YearLock = {
      state: 'sealed',
      by: ctx.actor,
      at,
      unlock: 'Muốn sửa, người giữ lưu trữ chọn “Mở niêm phong” ở trang Lưu trữ (hoặc lệnh year unseal) và ghi lý do.',
    };
    c.transaction(() => {
      const put = c.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
      put.run('seal', JSON.stringify(s));
      put.run('lock', JSON.stringify(YearLock.parse(lock)));
    })();
    return s;
  });
  writeFileAtomic(sidecarPath(ctx, year), Buffer.from(JSON.stringify(seal, null, 2)));
  await writeSealRecord(ctx, year, seal);
  return sealStatus(ctx, year);
}

/** Opens a sealed year again, with a reason; the seal moves to the history and the sidecar is kept, renamed. */
export function unsealYear(ctx: CoreContext, year: number, reason: string): SealStatusDto {
  const ws = requireWorkspace(ctx);
  const seal = sealOf(ws.db(year).$client);
  if (!seal) throw new AppError('Precondition', `Năm ${year} chưa khóa sổ.`);
  const at = ctx.now();
  withWritable(ctx, year, (c) => {
    const history = [...historyOf(c), { fingerprint: seal.fingerprint, sealedAt: seal.sealedAt, sealedBy: seal.sealedBy, unsealedAt: at, unsealedBy: ctx.actor, reason: reason.trim() }];
    c.transaction(() => {
      c.prepare("INSERT INTO meta (key, value) VALUES ('seal-history', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(JSON.stringify(history));
      c.prepare("DELETE FROM meta WHERE key IN ('seal', 'lock')").run();
      // An approved (or issued) report stays locked as it was before sealing: only the seal is opened.
      if (seal.previousLock) c.prepare("INSERT INTO meta (key, value) VALUES ('lock', ?)").run(seal.previousLock);
    })();
  });
  const side = sidecarPath(ctx, year);
  if (existsSync(side)) renameSync(side, side.replace(/\.json$/, `.da-mo-${at.replace(/[:.]/g, '-')}.json`));
  return sealStatus(ctx, year);
}

/** Whether a year file carries a seal (read without the workspace's connections). */
export function isSealedFile(file: string): boolean {
  const c = openReadOnly(file);
  try {
    return sealOf(c) !== null;
  } finally {
    c.close();
  }
}
