/**
 * The canonical dump of a year file, and its fingerprint. The same data gives the same dump whatever the file's
 * physical layout (after VACUUM, a backup, a restore): every table in name order, every row in the order of all
 * its columns, values as JSON (blobs as lowercase hex). The seal's own records (meta keys `seal`, `seal-history`
 * and `lock`) are left out, so that sealing and unsealing do not change what they certify.
 *
 * fingerprint = sha256( "tonghop-dump-v1\n" + for each table: name + "\n" + JSON(column names) + "\n" +
 *                       for each row: JSON(values) + "\n" )
 */
import { createHash, type Hash } from 'node:crypto';
import type Database from 'better-sqlite3';

/** Meta keys that record the seal itself, not the year's data. */
export const SEAL_KEYS = ['seal', 'seal-history', 'lock'];

export interface TableDigest {
  name: string;
  rows: number;
  sha256: string;
}

function tables(c: Database.Database): string[] {
  return (c.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map(
    (t) => t.name,
  );
}

function value(v: unknown): unknown {
  if (Buffer.isBuffer(v) || v instanceof Uint8Array) return { hex: Buffer.from(v).toString('hex') };
  if (typeof v === 'bigint') return v.toString();
  return v;
}

function dumpTable(c: Database.Database, name: string, into: Hash[]): number {
  const cols = (c.prepare(`PRAGMA table_info("${name}")`).all() as { name: string }[]).map((x) => x.name);
  const order = cols.map((_, i) => String(i + 1)).join(', ');
  const where = name === 'meta' ? ` WHERE key NOT IN (${SEAL_KEYS.map(() => '?').join(', ')})` : '';
  const stmt = c.prepare(`SELECT * FROM "${name}"${where} ORDER BY ${order}`).raw();
  const head = `${name}\n${JSON.stringify(cols)}\n`;
  for (const h of into) h.update(head);
  let n = 0;
  for (const row of (name === 'meta' ? stmt.iterate(...SEAL_KEYS) : stmt.iterate()) as Iterable<unknown[]>) {
    const line = `${JSON.stringify(row.map(value))}\n`;
    for (const h of into) h.update(line);
    n++;
  }
  return n;
}

/** The fingerprint of a year's data, and a digest per table (to say where a change is). */
export function fingerprintOf(c: Database.Database): { fingerprint: string; tables: TableDigest[] } {
  const all = createHash('sha256').update('tonghop-dump-v1\n');
  const out: TableDigest[] = [];
  for (const name of tables(c)) {
    const one = createHash('sha256');
    const rows = dumpTable(c, name, [all, one]);
    out.push({ name, rows, sha256: one.digest('hex') });
  }
  return { fingerprint: all.digest('hex'), tables: out };
}

/** What the clerk would call each table, for messages that say where a change is. */
export const TABLE_LABELS: Record<string, string> = {
  figures: 'số liệu',
  figure_history: 'lịch sử số liệu',
  units: 'danh sách đơn vị',
  settings: 'cài đặt',
  narratives: 'lời văn',
  list_rows: 'danh sách (kế hoạch, mô hình…)',
  list_history: 'lịch sử danh sách',
  imports: 'các lần nhập báo cáo đơn vị',
  import_files: 'tệp gốc đơn vị gửi',
  unit_notes: 'thuyết minh của đơn vị',
  unit_links: 'mã cũ của đơn vị (đổi tên, sáp nhập)',
  year_template: 'mẫu báo cáo của năm',
  meta: 'thông tin của tệp năm',
  layout_mappings: 'cách ghép bố cục riêng',
  check_events: 'lịch sử kiểm tra',
  narrative_history: 'lịch sử lời văn',
  settings_history: 'lịch sử cài đặt',
  unit_history: 'lịch sử đơn vị',
  review_transitions: 'các bước trình duyệt báo cáo',
  report_versions: 'các phiên bản báo cáo đã trình',
  review_comments: 'góp ý của lãnh đạo',
  signed_scans: 'bản quét đã ký',
  __drizzle_migrations: 'phiên bản cấu trúc của tệp',
};

/** Counts a person checks a backup by. */
export function countsOf(c: Database.Database): { units: number; figures: number; files: number } {
  const n = (sql: string) => (c.prepare(sql).get() as { n: number }).n;
  return {
    units: n('SELECT COUNT(*) AS n FROM units'),
    figures: n('SELECT COUNT(*) AS n FROM figures'),
    files: n('SELECT COUNT(*) AS n FROM import_files'),
  };
}
