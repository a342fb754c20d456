/**
 * The one place where SQLite and file-system error codes become Vietnamese: what went wrong, what was and was not
 * saved, and what to do. Services and hosts call `asAppError` on anything that is not already an AppError, so
 * SQLite's English ("database is locked", "database or disk is full") never reaches a user.
 */
import { AppError, type ErrorKind } from '../../../shared/rpc/envelope';
import { freeBytes } from './space';

const ALMOST_FULL = 1024 * 1024;

/** What a failed step was doing, so the message can say what was and was not saved. */
export interface FaultContext {
  /** The folder written to: an I/O error there while its disk has almost no room left is a full disk. */
  dir?: string;
  /** The file concerned, by name (a year file, a report, a form). */
  file?: string;
  /** What was saved before the fault, e.g. "đã lưu 50 tệp". */
  saved?: string;
  /** What was not saved, e.g. "chưa lưu 350 tệp"; defaults to "thao tác này chưa được lưu". */
  notSaved?: string;
}

/** The broad class of a fault: decides the advice and whether the year file itself is in question. */
export type FaultClass =
  | 'full'
  | 'readonly'
  | 'busy'
  | 'io'
  | 'damaged'
  | 'in-use'
  | 'denied'
  | 'missing'
  | 'cantopen'
  | 'resources'
  | 'too-long'
  | 'too-big'
  | 'interrupted'
  | 'other-sqlite'
  | 'other-fs';

export interface Fault {
  code: string;
  cls: FaultClass;
}

const FS_CLASS: Record<string, FaultClass> = {
  ENOSPC: 'full',
  EDQUOT: 'full',
  EFBIG: 'too-big',
  EROFS: 'readonly',
  EACCES: 'denied',
  EPERM: 'denied',
  EBUSY: 'in-use',
  ETXTBSY: 'in-use',
  EIO: 'io',
  ENXIO: 'io',
  ESTALE: 'io',
  ETIMEDOUT: 'io',
  ECONNRESET: 'io',
  EHOSTDOWN: 'io',
  ENETDOWN: 'io',
  ENETUNREACH: 'io',
  ENOENT: 'missing',
  ENOTDIR: 'missing',
  EISDIR: 'denied',
  EMFILE: 'resources',
  ENFILE: 'resources',
  ENOMEM: 'resources',
  EAGAIN: 'busy',
  ENAMETOOLONG: 'too-long',
  ELOOP: 'too-long',
};

/** SQLite primary result codes; extended codes (SQLITE_IOERR_WRITE, SQLITE_READONLY_DBMOVED…) map by their prefix. */
const SQLITE_CLASS: Record<string, FaultClass> = {
  SQLITE_FULL: 'full',
  SQLITE_READONLY: 'readonly',
  SQLITE_BUSY: 'busy',
  SQLITE_LOCKED: 'busy',
  SQLITE_PROTOCOL: 'busy',
  SQLITE_IOERR: 'io',
  SQLITE_CORRUPT: 'damaged',
  SQLITE_NOTADB: 'damaged',
  SQLITE_CANTOPEN: 'cantopen',
  SQLITE_PERM: 'denied',
  SQLITE_AUTH: 'denied',
  SQLITE_NOMEM: 'resources',
  SQLITE_TOOBIG: 'too-big',
  SQLITE_NOLFS: 'too-big',
  SQLITE_INTERRUPT: 'interrupted',
  SQLITE_ABORT: 'interrupted',
};

/** Codes that mean a defect of the app (bad SQL, a broken constraint), not the disk or another process. */
const SQLITE_BUGS = ['SQLITE_ERROR', 'SQLITE_CONSTRAINT', 'SQLITE_MISUSE', 'SQLITE_RANGE', 'SQLITE_SCHEMA', 'SQLITE_MISMATCH', 'SQLITE_INTERNAL', 'SQLITE_FORMAT', 'SQLITE_NOTFOUND', 'SQLITE_EMPTY'];

/**
 * Classifies an error thrown by better-sqlite3 or node:fs; null for anything else, including SQLite codes that
 * mean a defect of the app (those stay internal errors, logged with their stack).
 */
export function classify(e: unknown): Fault | null {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  if (SQLITE_BUGS.some((b) => code === b || code.startsWith(`${b}_`))) return null;
  if (code.startsWith('SQLITE_')) {
    const primary = Object.keys(SQLITE_CLASS).find((p) => code === p || code.startsWith(`${p}_`));
    // SQLITE_IOERR_NOMEM is memory, not the disk; the others of the IOERR family are the disk or the share.
    if (code === 'SQLITE_IOERR_NOMEM') return { code, cls: 'resources' };
    return { code, cls: primary ? SQLITE_CLASS[primary] : 'other-sqlite' };
  }
  if (code in FS_CLASS) return { code, cls: FS_CLASS[code] };
  if (/^E[A-Z]+$/.test(code)) return { code, cls: 'other-fs' };
  return null;
}

const KIND: Record<FaultClass, ErrorKind> = {
  full: 'Precondition',
  readonly: 'Forbidden',
  busy: 'Conflict',
  io: 'Precondition',
  damaged: 'Precondition',
  'in-use': 'Conflict',
  denied: 'Forbidden',
  missing: 'NotFound',
  cantopen: 'Precondition',
  resources: 'Precondition',
  'too-long': 'Validation',
  'too-big': 'Precondition',
  interrupted: 'Precondition',
  'other-sqlite': 'Internal',
  'other-fs': 'Internal',
};

function what(ctx: FaultContext): string {
  const parts = [ctx.saved, ctx.notSaved ?? 'thao tác này chưa được lưu'].filter(Boolean);
  return parts.join(', ');
}

const of = (ctx: FaultContext) => (ctx.file ? ` (${ctx.file})` : '');

/** The Vietnamese sentence for a classified fault. */
export function faultText(f: Fault, ctx: FaultContext = {}): string {
  const done = what(ctx);
  switch (f.cls) {
    case 'full':
      return `Ổ đĩa đã đầy${of(ctx)}: ${done}. Hãy giải phóng dung lượng trên ổ đĩa rồi chạy lại; dữ liệu đã lưu trước đó vẫn nguyên vẹn.`;
    case 'readonly':
      return (
        `Thư mục làm việc hoặc tệp dữ liệu chỉ cho phép đọc${of(ctx)} (đĩa CD, USB chống ghi, thư mục dùng chung không có quyền ghi): ${done}. ` +
        'Vẫn xem được số liệu; muốn sửa hãy chép thư mục làm việc sang ổ đĩa ghi được.'
      );
    case 'busy':
      return (
        `Dữ liệu năm đang được một chương trình khác ghi${of(ctx)} (cửa sổ khác của ứng dụng, lệnh dòng lệnh, hoặc máy khác dùng chung thư mục): ${done}. ` +
        'Hãy đợi thao tác kia xong rồi thử lại.'
      );
    case 'io':
      return (
        `Lỗi đọc ghi ổ đĩa${of(ctx)} (ổ USB bị rút, ổ mạng mất kết nối hoặc ổ đĩa có lỗi): ${done}. ` +
        'Hãy kiểm tra ổ đĩa hoặc kết nối rồi chạy lại; dữ liệu đã lưu trước đó không bị thay đổi.'
      );
    case 'damaged':
      return `Tệp dữ liệu${of(ctx)} đã bị hỏng: ${done}. Hãy dùng bản sao lưu gần nhất trong thư mục sao-luu của năm.`;
    case 'in-use':
      return `Tệp${of(ctx)} đang được chương trình khác mở (Word, Excel hoặc chương trình diệt virus): ${done}. Hãy đóng tệp đó rồi thử lại.`;
    case 'denied':
      return (
        `Không có quyền ghi${of(ctx)}: ${done}. Tệp có thể đang mở trong Word/Excel, hoặc thư mục không cho phép ghi; ` +
        'hãy đóng tệp hoặc chọn thư mục khác rồi thử lại.'
      );
    case 'missing':
      return `Không tìm thấy tệp hoặc thư mục${of(ctx)} (có thể đã bị di chuyển, đổi tên hoặc ổ đĩa đã bị rút ra): ${done}.`;
    case 'cantopen':
      return (
        `Không mở được tệp dữ liệu${of(ctx)} (tệp bị di chuyển, thư mục không truy cập được hoặc ổ mạng mất kết nối): ${done}. ` +
        'Hãy kiểm tra thư mục làm việc rồi thử lại.'
      );
    case 'resources':
      return `Máy không đủ bộ nhớ hoặc đang mở quá nhiều tệp${of(ctx)}: ${done}. Hãy đóng bớt chương trình rồi thử lại.`;
    case 'too-long':
      return `Đường dẫn tệp quá dài${of(ctx)}: ${done}. Hãy chọn thư mục có đường dẫn ngắn hơn.`;
    case 'too-big':
      return `Tệp quá lớn so với giới hạn của ổ đĩa${of(ctx)}: ${done}.`;
    case 'interrupted':
      return `Thao tác bị ngắt giữa chừng${of(ctx)}: ${done}; dữ liệu đã lưu trước đó vẫn nguyên vẹn. Hãy chạy lại.`;
    case 'other-sqlite':
      return `Lỗi cơ sở dữ liệu (mã ${f.code})${of(ctx)}: ${done}.`;
    case 'other-fs':
      return `Lỗi hệ thống tệp (mã ${f.code})${of(ctx)}: ${done}.`;
  }
}

/**
 * An AppError for any error: an AppError passes through; a SQLite or file-system error becomes its Vietnamese
 * message; anything else is returned unchanged (null) so the caller can treat it as an internal error.
 */
export function asAppError(e: unknown, ctx: FaultContext = {}): AppError | null {
  if (e instanceof AppError) return e;
  let f = classify(e);
  // SQLite reports a full disk met while growing its shared-memory or journal file as an I/O error.
  if (f?.cls === 'io' && ctx.dir !== undefined && (freeBytes(ctx.dir) ?? Infinity) < ALMOST_FULL) f = { ...f, cls: 'full' };
  return f ? new AppError(KIND[f.cls], faultText(f, ctx)) : null;
}

/** Runs fn and rethrows any SQLite or file-system error as its Vietnamese AppError. */
export function withFaults<T>(ctx: FaultContext, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw asAppError(e, ctx) ?? e;
  }
}

/** True for a fault another process causes by holding the year (worth retrying after a short wait). */
export function isBusy(e: unknown): boolean {
  return classify(e)?.cls === 'busy';
}
