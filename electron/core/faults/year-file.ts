/**
 * Telling a damaged year file from a healthy one. A file that exists but is empty or shorter than a SQLite header
 * is damaged, not a new year. A file SQLite calls malformed is checked (integrity check) before anything says it is
 * damaged; a full disk or a busy file is never reported as damage. When a file really is damaged, the message names
 * the latest backup in `tonghop-<year>/sao-luu/`. The damaged file is kept as it is.
 */
import Database from 'better-sqlite3';
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { formatDateTime } from '../../../shared/format/date';
import { AppError } from '../../../shared/rpc/envelope';

const HEADER = Buffer.from('SQLite format 3\0', 'latin1');
/** A SQLite database file is at least one page; its header alone is 100 bytes. */
const MIN_SIZE = 100;

/** Why a year file is not usable as it stands, or null when its header is a SQLite header. */
export function headerProblem(file: string): string | null {
  const size = statSync(file).size;
  if (size === 0) return 'tệp rỗng (0 byte)';
  if (size < MIN_SIZE) return `tệp chỉ có ${size} byte, ngắn hơn phần đầu của một tệp dữ liệu`;
  const head = Buffer.alloc(HEADER.length);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  return head.equals(HEADER) ? null : 'phần đầu tệp không phải của tệp dữ liệu SQLite';
}

/** The newest backup of a year file in its backup folder (by modification time), or null. */
export function latestBackup(backupDir: string, yearFile: string): { name: string; at: string } | null {
  const stem = basename(yearFile, '.sqlite');
  let best: { name: string; mtime: number } | null = null;
  try {
    for (const name of readdirSync(backupDir)) {
      if (!name.startsWith(stem) || !name.endsWith('.sqlite')) continue;
      const st = statSync(join(backupDir, name));
      if (st.isFile() && st.size >= MIN_SIZE && (!best || st.mtimeMs > best.mtime)) best = { name, mtime: st.mtimeMs };
    }
  } catch {
    return null;
  }
  return best ? { name: best.name, at: new Date(best.mtime).toISOString() } : null;
}

/** The Vietnamese refusal of a damaged year file: what is wrong, that it was kept, and the latest backup. */
export function damagedError(yearFile: string, backupDir: string, why: string): AppError {
  const b = latestBackup(backupDir, yearFile);
  const folder = `${basename(backupDir.replace(/[\\/]sao-luu[\\/]?$/, ''))}/sao-luu`;
  const backup = b
    ? `Bản sao lưu gần nhất: ${folder}/${b.name} (lưu lúc ${formatDateTime(b.at)}); hãy mở trang “Lưu trữ” và chọn “Khôi phục…” ở bản sao lưu này (hoặc lệnh year restore), tệp hỏng vẫn được giữ lại.`
    : `Chưa có bản sao lưu nào trong ${folder}/; nếu có bản chép thư mục làm việc ở nơi khác, hãy lấy tệp ${basename(yearFile)} từ đó.`;
  return new AppError(
    'Precondition',
    `Tệp ${basename(yearFile)} đã bị hỏng (${why}). Ứng dụng không mở và không ghi gì vào tệp này, tệp được giữ nguyên. ${backup}`,
  );
}

/**
 * Runs SQLite's integrity check on a year file in a separate read-only connection. Returns null when the file is
 * healthy, the first problem reported otherwise; undefined when the check itself could not run (busy, I/O).
 */
export function integrityProblem(file: string, nativeBinding?: string): string | null | undefined {
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, nativeBinding });
    db.pragma('busy_timeout = 2000');
    const rows = db.pragma('quick_check') as { quick_check: string }[];
    const first = rows[0]?.quick_check;
    return first === 'ok' ? null : first ?? 'kiểm tra toàn vẹn không trả kết quả';
  } catch (e) {
    const code = (e as { code?: string }).code ?? '';
    if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) return 'kiểm tra toàn vẹn không đạt';
    return undefined;
  } finally {
    db?.close();
  }
}
