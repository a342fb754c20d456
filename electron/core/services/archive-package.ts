/**
 * The archive package of a year (Đóng gói lưu trữ): one .zip readable without the app — a consistent copy of the
 * year file, the reports and appendices made, every original return units sent, the Biên bản khóa sổ and the seal
 * when the year is sealed, a manifest with every file's SHA-256, and a README.txt in Vietnamese saying what each
 * file is. Written to the year's `luu-tru/` folder under a temporary name, renamed when complete.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { formatDateTime } from '../../../shared/format/date';
import { foldDiacritics } from '../../../shared/format/text';
import { APP_VERSION, requireWorkspace, type CoreContext } from '../context';
import { writeFileAtomic, tempNameFor } from '../faults/atomic';
import { ensureFreeSpace } from '../faults/space';
import { yearFileName } from '../workspace/workspace';
import { openReadOnly } from './archive-backup';
import { recordFolder, recordName, recordPdfName, sealStatus } from './archive-seal';
import { sidecarName } from './archive-record';

const safe = (name: string) =>
  foldDiacritics(name)
    .replace(/[^A-Za-z0-9._()-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 120) || 'tep';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export async function packageYear(ctx: CoreContext, year: number): Promise<{ name: string; path: string; size: number; files: number; base64: string }> {
  const ws = requireWorkspace(ctx);
  const db = ws.db(year);
  const folder = recordFolder(ctx, year);
  mkdirSync(folder, { recursive: true });
  ensureFreeSpace(folder, statSync(ws.yearFile(year)).size * 3 + 1024 * 1024, 'chưa đóng gói lưu trữ');
  const files: Record<string, Uint8Array> = {};
  // A consistent copy of the year file (VACUUM INTO), never the live file with its WAL.
  const copy = tempNameFor(join(folder, yearFileName(year)));
  try {
    db.$client.prepare('VACUUM INTO ?').run(copy);
    files[yearFileName(year)] = new Uint8Array(readFileSync(copy));
  } finally {
    rmSync(copy, { force: true });
  }
  const reports = join(ws.yearFolder(year), 'bao-cao');
  if (existsSync(reports))
    for (const n of readdirSync(reports).filter((x) => /\.(docx|xlsx|pdf)$/i.test(x)).sort()) files[`bao-cao/${n}`] = new Uint8Array(readFileSync(join(reports, n)));
  const originals = openReadOnly(ws.yearFile(year));
  try {
    const rows = originals
      .prepare('SELECT i.id AS id, i.file_name AS name, u.code AS code, f.bytes AS bytes FROM imports i JOIN import_files f ON f.import_id = i.id JOIN units u ON u.id = i.unit_id ORDER BY i.id')
      .all() as { id: number; name: string; code: string; bytes: Buffer }[];
    for (const r of rows) files[`don-vi-gui/${String(r.id).padStart(4, '0')}-${safe(r.code)}-${safe(r.name)}`] = new Uint8Array(r.bytes);
  } finally {
    originals.close();
  }
  for (const r of [recordName(year), recordPdfName(year)]) if (existsSync(join(folder, r))) files[r] = new Uint8Array(readFileSync(join(folder, r)));
  const side = join(ws.dir, sidecarName(year));
  if (existsSync(side)) files[sidecarName(year)] = new Uint8Array(readFileSync(side));
  const seal = sealStatus(ctx, year);
  const manifest = {
    app: 'tonghop',
    appVersion: APP_VERSION,
    year,
    createdAt: ctx.now(),
    createdBy: ctx.actor,
    seal: seal.seal ? { fingerprint: seal.seal.fingerprint, sealedAt: seal.seal.sealedAt, intact: seal.intact } : null,
    files: Object.entries(files).map(([path, b]) => ({ path, size: b.length, sha256: sha256(b) })),
  };
  files['README.txt'] = new TextEncoder().encode(readme(year, manifest.createdAt, ctx.actor, seal.seal?.fingerprint ?? null, Object.keys(files)));
  files['manifest.json'] = new TextEncoder().encode(JSON.stringify(manifest, null, 2));
  const zip = zipSync(files, { level: 6, mtime: new Date(manifest.createdAt) });
  const name = `Luu-tru-${year}.zip`;
  const path = join(folder, name);
  writeFileAtomic(path, zip);
  return { name, path, size: zip.length, files: Object.keys(files).length, base64: Buffer.from(zip).toString('base64') };
}

function readme(year: number, at: string, by: string, fingerprint: string | null, paths: string[]): string {
  const lines = [
    `GÓI LƯU TRỮ DỮ LIỆU NĂM ${year} — ỨNG DỤNG TỔNG HỢP BÁO CÁO`,
    `Đóng gói lúc ${formatDateTime(at)} bởi ${by}.`,
    '',
    'Các tệp trong gói:',
    `- ${yearFileName(year)}: toàn bộ dữ liệu năm (cài đặt, đơn vị, số liệu, lời văn, lịch sử thay đổi), dạng cơ sở dữ liệu SQLite; mở được bằng ứng dụng Tổng hợp báo cáo hoặc bất kỳ công cụ đọc SQLite nào.`,
    '- bao-cao/: báo cáo và các phụ lục đã lập (.docx, .xlsx, .pdf).',
    '- don-vi-gui/: tệp Excel gốc các đơn vị đã gửi và đã được nhập, đúng như đơn vị gửi (số đầu tên tệp là số thứ tự lần nhập, tiếp theo là mã đơn vị).',
    `- ${recordName(year)}, ${recordPdfName(year)}: biên bản khóa sổ, bản Word và bản PDF (nếu năm đã khóa sổ; bản PDF khi máy có LibreOffice).`,
    `- ${sidecarName(year)}: dấu niêm phong của dữ liệu năm (nếu năm đã khóa sổ).`,
    '- manifest.json: danh sách mọi tệp với kích thước và mã kiểm tra SHA-256, để đối chiếu tệp không bị thay đổi.',
    '',
    fingerprint ? `Dấu vân tay (SHA-256) của dữ liệu năm khi khóa sổ: ${fingerprint}` : 'Năm này chưa khóa sổ khi đóng gói.',
    '',
    `Gói có ${paths.length + 2} tệp.`,
  ];
  return lines.join('\r\n') + '\r\n';
}
