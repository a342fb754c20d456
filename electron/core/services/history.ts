/**
 * "Lịch sử thay đổi": every change to a year's figures, lists, narratives, settings and units, every step of the
 * report's review, every return imported, every automatic fix or
 * dismissed finding, every seal and unseal — with who, when, and from which source (typed, pasted, imported from
 * which file and cell, automatic fix) — filterable by unit, indicator, person and date, exportable to .xlsx.
 */
import { formatBodyDate, formatDateTime, isValidIsoDate } from '../../../shared/format/date';
import { formatNumber } from '../../../shared/format/number';
import { isCanonical } from '../../../shared/domain/decimal';
import type { FigureSource } from '../../../shared/rpc/figures';
import type { HistoryEntryDto, HistoryFilter } from '../../../shared/rpc/history';
import { WHOLE_PERIOD } from '../../../shared/domain/records';
import { narrativeSections, UNIT_KIND_LABELS, type NarrativeBlock, type Section, type UnitKind } from '../../../shared/domain/template';
import { ACTION_LABEL, ROLE_LABEL, STATE_LABEL, type ReviewAction, type ReviewState, type Role } from '../../../shared/review/workflow';
import { SETTING_KEYS } from '../../../shared/domain/settings';
import type { CoreContext } from '../context';
import { readYearTemplate } from '../db/repos/year-template';
import { listUnits } from '../db/repos/units';
import { ensureYear } from './years';

function sourceText(raw: string): string {
  try {
    const s = JSON.parse(raw) as FigureSource;
    if (s.kind === 'import') return `nhập từ tệp “${s.file}”${s.sheet ? `, ${s.sheet}${s.cell ? `!${s.cell}` : ''}` : ''}`;
    if (s.kind === 'manual') return 'nhập tay';
    if (s.kind === 'demo') return 'dữ liệu mẫu';
    if ((s as { kind: string }).kind === 'fix') return 'sửa tự động (trang Kiểm tra)';
    return String((s as { kind: unknown }).kind);
  } catch {
    return '';
  }
}

/** A stored value as the clerk reads it: 1.270 · 16.015,34 · 14/06/2022 · text as is. */
const shown = (v: string | null) => (v === null ? '(trống)' : isCanonical(v) ? formatNumber(v) : isValidIsoDate(v) ? formatBodyDate(v) : v);

/** A narrative's text as the clerk reads it: its paragraphs, one per line ("- " and "+ " items kept). */
function blocksText(json: string | null): string | null {
  if (json === null) return null;
  try {
    return (JSON.parse(json) as NarrativeBlock[]).map((b) => `${b.style === 'dash' ? '- ' : b.style === 'plus' ? '+ ' : ''}${b.text}`).join('\n');
  } catch {
    return json;
  }
}

const CONTEXT = 40;
const LONGEST = 240;
const clip = (s: string) => (s.length > LONGEST ? `${s.slice(0, LONGEST)}…` : s);

/**
 * What changed in a text, old → new, around the part that differs (the common start and end cut to a few words):
 * “…tổ chức 12 kỳ tiếp…” → “…tổ chức 14 kỳ tiếp…”. A first save (the template's own text before) says so.
 */
export function textChange(old: string | null, next: string | null): string {
  if (old === null) return `lời văn mới (thay lời văn mẫu): “${clip(next ?? '')}”`;
  if (next === null) return `xóa lời văn: “${clip(old)}”`;
  let p = 0;
  while (p < old.length && p < next.length && old[p] === next[p]) p++;
  let e = 0;
  while (e < old.length - p && e < next.length - p && old[old.length - 1 - e] === next[next.length - 1 - e]) e++;
  // Widen to whole words, with a little context either side.
  let from = Math.max(0, p - CONTEXT);
  while (from > 0 && !/\s/.test(old[from - 1])) from--;
  const cut = (s: string) => {
    let to = Math.min(s.length, s.length - e + CONTEXT);
    while (to < s.length && !/\s/.test(s[to])) to++;
    return `${from > 0 ? '…' : ''}${clip(s.slice(from, to))}${to < s.length ? '…' : ''}`.replace(/\n/g, ' ¶ ');
  };
  return `“${cut(old)}” → “${cut(next)}”`;
}

function settingShown(v: unknown): string {
  if (v === undefined || v === null || v === '') return '(trống)';
  if (typeof v === 'boolean') return v ? 'có' : 'không';
  if (Array.isArray(v)) return v.filter((x) => String(x).trim() !== '').join('; ') || '(trống)';
  return String(v);
}

/** A stored setting's change, one line per field the clerk sees ("Họ và tên người ký: A → B"). */
function settingChanges(key: string, oldJson: string | null, newJson: string | null): { label: string; old: string; new: string }[] {
  const parse = (j: string | null): unknown => {
    try {
      return j === null ? null : JSON.parse(j);
    } catch {
      return j;
    }
  };
  const o = parse(oldJson);
  const n = parse(newJson);
  const labels = SETTING_KEYS as Record<string, string>;
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObject(o) || isObject(n)) {
    const a = isObject(o) ? o : {};
    const b = isObject(n) ? n : {};
    return [...new Set([...Object.keys(a), ...Object.keys(b)])]
      .filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]))
      .map((k) => ({ label: labels[`${key}.${k}`] ?? `${key}.${k}`, old: settingShown(a[k]), new: settingShown(b[k]) }));
  }
  return [{ label: labels[key] ?? key, old: settingShown(o), new: settingShown(n) }];
}

type UnitFields = { code?: string; name?: string; kind?: UnitKind; order?: number; active?: boolean };

/** A unit's change in words: added, deleted, or the fields that changed, old → new. */
function unitChange(oldRaw: string | null, newRaw: string | null): string {
  const o = oldRaw ? (JSON.parse(oldRaw) as UnitFields) : null;
  const n = newRaw ? (JSON.parse(newRaw) as UnitFields) : null;
  const kind = (k: UnitKind | undefined) => (k ? UNIT_KIND_LABELS[k] ?? k : '');
  if (!o && n) return `Thêm đơn vị “${n.name}” (mã ${n.code}, ${kind(n.kind).toLocaleLowerCase('vi')})`;
  if (o && !n) return `Xóa đơn vị “${o.name}” (mã ${o.code})`;
  if (!o || !n) return '';
  const parts: string[] = [];
  if ('name' in n) parts.push(`tên “${o.name}” → “${n.name}”`);
  if ('kind' in n) parts.push(`loại ${kind(o.kind).toLocaleLowerCase('vi')} → ${kind(n.kind).toLocaleLowerCase('vi')}`);
  if ('active' in n) parts.push(n.active ? 'báo cáo trở lại' : 'ngừng báo cáo');
  if ('order' in n) parts.push(`thứ tự ${o.order} → ${n.order}`);
  if ('code' in n) parts.push(`mã ${o.code} → ${n.code}`);
  return `Sửa đơn vị: ${parts.join('; ')}`;
}

/** All changes of a year, newest first, filtered. */
export function historyOf(ctx: CoreContext, year: number, f: HistoryFilter = {}): HistoryEntryDto[] {
  const db = ensureYear(ctx, year);
  const c = db.$client;
  const units = new Map(listUnits(db).map((u) => [u.id, u]));
  const template = readYearTemplate(db)?.template;
  const labels = new Map((template?.indicators ?? []).map((i) => [i.code, i.label]));
  const lists = new Map((template?.lists ?? []).map((l) => [l.id, l.label]));
  const out: HistoryEntryDto[] = [];
  const figures = c
    .prepare('SELECT id, unit_id AS unitId, code, year, old_value AS old, new_value AS new, source, changed_at AS at, changed_by AS by FROM figure_history')
    .all() as { id: number; unitId: number; code: string; year: number; old: string | null; new: string | null; source: string; at: string; by: string }[];
  for (const h of figures)
    out.push({
      at: h.at,
      by: h.by,
      area: 'figure',
      unit: units.get(h.unitId)?.name ?? null,
      unitId: h.unitId,
      code: h.code,
      what: `${labels.get(h.code) ?? h.code}${h.year === WHOLE_PERIOD ? '' : ` năm ${h.year}`}: ${shown(h.old)} → ${shown(h.new)}`,
      source: sourceText(h.source),
    });
  const listRows = c
    .prepare('SELECT list_id AS listId, old_values AS old, new_values AS new, source, changed_at AS at, changed_by AS by FROM list_history')
    .all() as { listId: string; old: string | null; new: string | null; source: string; at: string; by: string }[];
  for (const h of listRows)
    out.push({
      at: h.at,
      by: h.by,
      area: 'list',
      unit: null,
      unitId: null,
      code: null,
      what: `${lists.get(h.listId) ?? h.listId}: ${h.old === null ? 'thêm một dòng' : h.new === null ? 'xóa một dòng' : 'sửa một dòng'}`,
      source: sourceText(h.source),
    });
  const titles = new Map<string, string>();
  // A long heading is cut: the number and its first words say which section it is.
  const title = (s: Section) => {
    const t = [s.number, s.heading].filter(Boolean).join(' ');
    return t.length > 60 ? `${t.slice(0, t.lastIndexOf(' ', 60))}…` : t;
  };
  const walk = (ss: Section[]) => ss.forEach((s) => (titles.set(s.id, title(s)), walk(s.children)));
  if (template) walk(narrativeSections(template));
  const narrativeRows = c
    .prepare('SELECT section_id AS sectionId, old_blocks AS old, new_blocks AS new, source, changed_at AS at, changed_by AS by FROM narrative_history')
    .all() as { sectionId: string; old: string | null; new: string | null; source: string; at: string; by: string }[];
  for (const h of narrativeRows)
    out.push({
      at: h.at,
      by: h.by,
      area: 'narrative',
      unit: null,
      unitId: null,
      code: null,
      what: `Lời văn mục “${titles.get(h.sectionId) ?? h.sectionId}”: ${textChange(blocksText(h.old), blocksText(h.new))}`,
      source: sourceText(h.source),
    });
  const settingRows = c
    .prepare('SELECT key, old_value AS old, new_value AS new, changed_at AS at, changed_by AS by FROM settings_history')
    .all() as { key: string; old: string | null; new: string | null; at: string; by: string }[];
  for (const h of settingRows)
    for (const d of settingChanges(h.key, h.old, h.new))
      // settings_history keeps no source (the screen, the command line and the demo write alike): none is claimed.
      out.push({ at: h.at, by: h.by, area: 'setting', unit: null, unitId: null, code: null, what: `Cài đặt “${d.label}”: ${d.old} → ${d.new}`, source: '' });
  const unitRows = c
    .prepare('SELECT unit_id AS unitId, old_values AS old, new_values AS new, changed_at AS at, changed_by AS by FROM unit_history')
    .all() as { unitId: number; old: string | null; new: string | null; at: string; by: string }[];
  // A deleted unit is named by its deletion record, which keeps every field.
  const deleted = new Map(unitRows.filter((h) => h.new === null && h.old).map((h) => [h.unitId, (JSON.parse(h.old!) as UnitFields).name]));
  for (const h of unitRows) {
    const name = units.get(h.unitId)?.name ?? deleted.get(h.unitId) ?? null;
    out.push({ at: h.at, by: h.by, area: 'unit', unit: name, unitId: h.unitId, code: null, what: unitChange(h.old, h.new), source: 'trang Đơn vị' });
  }
  const steps = c
    .prepare('SELECT action, from_state AS fromState, to_state AS toState, version, note, by_name AS name, by_role AS role, at FROM review_transitions')
    .all() as { action: ReviewAction; fromState: ReviewState; toState: ReviewState; version: number | null; note: string | null; name: string; role: string; at: string }[];
  for (const t of steps)
    out.push({
      at: t.at,
      // Named as every other record names its author: "Tên (Vai trò)".
      by: `${t.name} (${ROLE_LABEL[t.role as Role] ?? t.role})`,
      area: 'state',
      unit: null,
      unitId: null,
      code: null,
      what: `${ACTION_LABEL[t.action] ?? t.action}${t.version ? ` (dự thảo lần ${t.version})` : ''}: ${STATE_LABEL[t.fromState] ?? t.fromState} → ${STATE_LABEL[t.toState] ?? t.toState}${t.note ? ` — ghi chú: “${t.note}”` : ''}`,
      source: 'trang Báo cáo',
    });
  const imports = c
    .prepare('SELECT unit_id AS unitId, file_name AS file, imported_at AS at, imported_by AS by FROM imports')
    .all() as { unitId: number; file: string; at: string; by: string }[];
  for (const i of imports)
    out.push({ at: i.at, by: i.by, area: 'import', unit: units.get(i.unitId)?.name ?? null, unitId: i.unitId, code: null, what: `Nhập báo cáo “${i.file}”`, source: 'nhập Excel' });
  const checks = c.prepare('SELECT kind, message, reason, at, by FROM check_events').all() as { kind: string; message: string; reason: string | null; at: string; by: string }[];
  for (const e of checks)
    out.push({
      at: e.at,
      by: e.by,
      area: 'check',
      unit: null,
      unitId: null,
      code: null,
      what: `${e.kind === 'fix' ? 'Sửa tự động' : e.kind === 'dismiss' ? 'Bỏ qua lưu ý' : 'Xem lại lưu ý'}: ${e.message}${e.reason ? ` (lý do: ${e.reason})` : ''}`,
      source: e.kind === 'fix' ? 'sửa tự động' : 'trang Kiểm tra',
    });
  const meta = (key: string) => (c.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value ?? null;
  const seal = meta('seal');
  if (seal) {
    const s = JSON.parse(seal) as { sealedAt: string; sealedBy: string };
    out.push({ at: s.sealedAt, by: s.sealedBy, area: 'seal', unit: null, unitId: null, code: null, what: 'Khóa sổ dữ liệu năm', source: 'trang Lưu trữ' });
  }
  for (const h of JSON.parse(meta('seal-history') ?? '[]') as { sealedAt: string; sealedBy: string; unsealedAt: string; unsealedBy: string; reason: string }[]) {
    out.push({ at: h.sealedAt, by: h.sealedBy, area: 'seal', unit: null, unitId: null, code: null, what: 'Khóa sổ dữ liệu năm', source: 'trang Lưu trữ' });
    out.push({ at: h.unsealedAt, by: h.unsealedBy, area: 'seal', unit: null, unitId: null, code: null, what: `Mở niêm phong (lý do: ${h.reason})`, source: 'trang Lưu trữ' });
  }
  return out
    .filter((e) => f.unitId === undefined || e.unitId === f.unitId)
    .filter((e) => f.code === undefined || e.code === f.code)
    .filter((e) => !f.by || e.by.toLocaleLowerCase('vi').includes(f.by.toLocaleLowerCase('vi')))
    .filter((e) => !f.from || e.at.slice(0, 10) >= f.from)
    .filter((e) => !f.to || e.at.slice(0, 10) <= f.to)
    .filter((e) => !f.area || e.area === f.area)
    .sort((a, b) => b.at.localeCompare(a.at));
}

/** The history as an .xlsx workbook (the same filters), for an inspection or an audit. */
export async function historyWorkbook(ctx: CoreContext, year: number, f: HistoryFilter = {}): Promise<{ name: string; base64: string; rows: number }> {
  const rows = historyOf(ctx, year, f);
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Lịch sử thay đổi');
  ws.columns = [
    { header: 'Thời điểm', key: 'at', width: 22 },
    { header: 'Người thực hiện', key: 'by', width: 22 },
    { header: 'Đơn vị', key: 'unit', width: 30 },
    { header: 'Nội dung thay đổi', key: 'what', width: 70 },
    { header: 'Nguồn', key: 'source', width: 40 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow({ at: formatDateTime(r.at), by: r.by, unit: r.unit ?? '', what: r.what, source: r.source });
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  return { name: `Lich-su-thay-doi-${year}.xlsx`, base64: buf.toString('base64'), rows: rows.length };
}
