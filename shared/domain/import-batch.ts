/**
 * Rules over a whole batch of unit returns, shared by the command line and the app so that both decide alike:
 * which files of a picked folder are read at all, and which return of a unit is applied when a batch holds
 * several. A file already applied is never re-applied implicitly and an older return never silently replaces a
 * newer one: the others are marked "bản cũ hơn — bỏ qua" and need the clerk's explicit choice.
 */
import { formatDateTime } from '../format/date';
import type { Decision, FileCheck, FileTimes } from '../rpc/imports';
import { MAX_RETURN_BYTES } from '../rpc/imports';

/** Our blank form records its generation time as its save time; a program that fills it and saves records a later one. */
const SAVE_AFTER_GENERATION_MS = 2_000;

/** When the file was last made, and how we know: the workbook's own save time, else the file's time on disk. */
export function madeAt(t: FileTimes): { at: string; source: 'saved' | 'file' } | null {
  const saved = t.savedAt ? Date.parse(t.savedAt) : NaN;
  const generated = t.generatedAt ? Date.parse(t.generatedAt) : NaN;
  if (Number.isFinite(saved) && !(saved <= generated + SAVE_AFTER_GENERATION_MS)) return { at: t.savedAt!, source: 'saved' };
  // A save time no later than the form's generation is the form's own: the program that filled it did not record one.
  if (t.fileModifiedAt && Number.isFinite(Date.parse(t.fileModifiedAt))) return { at: t.fileModifiedAt, source: 'file' };
  return null;
}

/** "lưu lúc 09:30 ngày 05/12/2024" with its source, or a plain note that the time is unknown. */
export function madeAtText(t: FileTimes): string {
  const m = madeAt(t);
  if (!m) return 'không rõ thời điểm lưu';
  return `lưu lúc ${formatDateTime(m.at)} (${m.source === 'saved' ? 'theo thông tin trong tệp' : 'theo ngày sửa tệp'})`;
}

/** -1, 0 or 1 when both times are known; null when either is not. */
export function compareMade(a: FileTimes, b: FileTimes): number | null {
  const x = madeAt(a);
  const y = madeAt(b);
  if (!x || !y) return null;
  return Math.sign(Date.parse(x.at) - Date.parse(y.at));
}

/** Ids of the files the clerk picked explicitly over the other returns of their unit (accepted `older` or `choose`). */
export function explicitlyChosen(choices: Iterable<{ id: string; accept: readonly string[] }>): Set<string> {
  return new Set([...choices].filter((c) => c.accept.some((k) => k === 'older' || k === 'choose')).map((c) => c.id));
}

/** The status that follows from a file's remaining decisions (an older return is skipped unless chosen). */
export function statusWithDecisions(c: FileCheck): FileCheck['status'] {
  if (c.status === 'refused' || c.status === 'skipped' || c.status === 'needs-mapping' || c.status === 'unchanged') return c.status;
  if (c.decisions.some((d) => d.kind === 'older')) return 'older';
  return c.decisions.length ? 'needs-decision' : 'ready';
}

function decide(c: FileCheck, d: Decision): FileCheck {
  const next = { ...c, decisions: [...c.decisions.filter((x) => x.kind !== d.kind), d] };
  return { ...next, status: statusWithDecisions(next) };
}

const CANDIDATE = new Set<FileCheck['status']>(['ready', 'needs-decision']);

/**
 * Applies the batch rules to checks made one file at a time: a second copy of the same bytes is skipped, and of
 * several different returns of one unit only the newest stays ready, the others become "older"; when the newest
 * cannot be told (same or unknown times), each needs the clerk to choose. Pure: the same checks give the same plan
 * whatever their order. Files in `chosen` (by id) were picked explicitly by the clerk and win over the others of their unit.
 */
export function planBatch(checks: FileCheck[], chosen: ReadonlySet<string> = new Set()): FileCheck[] {
  const out = [...checks];
  const firstOf = new Map<string, number>();
  out.forEach((c, i) => {
    if (c.status === 'skipped') return;
    const first = firstOf.get(c.id);
    if (first === undefined) return void firstOf.set(c.id, i);
    out[i] = {
      ...c,
      // Never committed; a distinct id keeps the row apart from its twin in tables and selections.
      id: `trung-${i}-${c.id}`,
      status: 'skipped',
      decisions: [],
      problems: [{ severity: 'warning', message: `Tệp có nội dung giống hệt “${out[first].fileName}” trong cùng lần chọn; chỉ xét một lần.` }],
    };
  });

  const byUnit = new Map<number, number[]>();
  out.forEach((c, i) => {
    if (!c.unit || !CANDIDATE.has(c.status)) return;
    byUnit.set(c.unit.id, [...(byUnit.get(c.unit.id) ?? []), i]);
  });
  for (const group of byUnit.values()) {
    if (group.length < 2) continue;
    const files = group.map((i) => out[i]);
    const names = files.map((f) => `“${f.fileName}” (${madeAtText(f.times)})`).join(', ');
    const picked = files.filter((f) => chosen.has(f.id));
    if (picked.length) {
      // The clerk chose one explicitly: the others of the unit stand aside.
      for (const i of group)
        if (!chosen.has(out[i].id))
          out[i] = decide(out[i], { kind: 'older', message: `Bỏ qua: đã chọn nhập “${picked[0].fileName}” cho ${picked[0].unit!.name} trong lần này.` });
      continue;
    }
    const newest = files.filter((f) => files.every((g) => g === f || compareMade(f.times, g.times) === 1));
    if (newest.length === 1) {
      const n = newest[0];
      for (const i of group)
        if (out[i] !== n)
          out[i] = decide(out[i], {
            kind: 'older',
            message: `Bản cũ hơn — bỏ qua: trong lần chọn này có bản mới hơn của ${n.unit!.name} là “${n.fileName}” (${madeAtText(n.times)}). Chỉ nhập bản này nếu chắc chắn đây là bản đúng.`,
          });
    } else
      for (const i of group)
        out[i] = decide(out[i], {
          kind: 'choose',
          message: `Có ${files.length} bản khác nhau của ${files[0].unit!.name} trong lần chọn này: ${names}; không xác định được bản nào mới hơn. Hãy chọn đúng một bản để nhập.`,
        });
  }
  return out;
}

const SKIP_BY_EXTENSION: [RegExp, string][] = [
  [/\.pdf$/i, 'Tệp PDF: ứng dụng chỉ lấy số liệu từ tệp Excel (.xlsx). Nếu đơn vị chỉ gửi bản PDF, hãy xin thêm tệp Excel của biểu mẫu'],
  [/\.(docx?|docm|odt|rtf)$/i, 'Văn bản Word, không phải bảng tính; số liệu của đơn vị cần gửi bằng biểu mẫu Excel (.xlsx)'],
  [/\.(jpe?g|png|gif|bmp|tiff?|heic|webp)$/i, 'Ảnh chụp, không đọc được số liệu; hãy xin đơn vị gửi tệp Excel (.xlsx) của biểu mẫu'],
  [/\.csv$/i, 'Tệp CSV không giữ được các trang và bố cục của biểu mẫu; hãy mở bằng Excel, lưu dưới dạng “Sổ làm việc Excel (.xlsx)” rồi nhập lại'],
  [/\.(zip|rar|7z)$/i, 'Tệp nén: hãy giải nén rồi chọn thư mục vừa giải nén'],
  [/\.(pptx?|txt|msg|eml|html?)$/i, 'Không phải bảng tính Excel; hãy xin đơn vị gửi tệp Excel (.xlsx) của biểu mẫu'],
];

/**
 * Why a file found in a picked folder is not read, or null when it should be read (spreadsheets, and anything the
 * reader itself can tell apart). Every file still appears in the dry run, with this reason.
 */
export function inboxSkipReason(name: string, size: number): string | null {
  const base = name.split(/[\\/]/).pop() ?? name;
  if (base.startsWith('~$')) return 'Tệp tạm do Excel hoặc Word tạo ra khi đang mở một tệp (tên bắt đầu bằng “~$”), không phải báo cáo; bỏ qua';
  if (base.startsWith('.')) return 'Tệp ẩn của hệ thống, không phải báo cáo; bỏ qua';
  if (/^(thumbs\.db|desktop\.ini)$/i.test(base)) return 'Tệp hệ thống của Windows, không phải báo cáo; bỏ qua';
  for (const [re, why] of SKIP_BY_EXTENSION) if (re.test(base)) return why;
  if (size > MAX_RETURN_BYTES)
    return `Tệp quá lớn (${(size / 1024 / 1024).toFixed(1).replace('.', ',')} MB; tối đa ${MAX_RETURN_BYTES / 1024 / 1024} MB) nên không đọc; hãy xin đơn vị chỉ giữ các trang của biểu mẫu rồi gửi lại`;
  return null;
}

/** A file's dry-run row before anything is known of it: refused, nothing read, nothing to change. */
export function blankCheck(f: { id: string; fileName: string; size: number; fileModifiedAt: string | null }): FileCheck {
  return {
    id: f.id,
    fileName: f.fileName,
    size: f.size,
    status: 'refused',
    decisions: [],
    times: { savedAt: null, fileModifiedAt: f.fileModifiedAt, generatedAt: null },
    unitChoices: [],
    layout: null,
    unit: null,
    counts: { figures: 0, listRows: 0, notes: 0 },
    problems: [],
    replaces: null,
    diff: [],
    listChanges: [],
    noteChanges: [],
    proposal: null,
    mappingRemembered: false,
  };
}

/** The dry-run row of a file that is not read. */
export function skippedCheck(name: string, size: number, reason: string, index: number, modifiedAt?: string): FileCheck {
  return {
    ...blankCheck({ id: `bo-qua-${index}-${name}`, fileName: name, size, fileModifiedAt: modifiedAt ?? null }),
    status: 'skipped',
    problems: [{ severity: 'warning', message: `${reason}.` }],
  };
}
