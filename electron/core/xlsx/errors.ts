/**
 * Errors, limits and messages of the .xlsx reader. Every refusal is an XlsxReadError whose message is Vietnamese,
 * names the file and says what to do; `fail` builds one from a code and a detail so the other modules never
 * write the surrounding sentence themselves.
 */
export type ReadErrorCode =
  | 'empty'
  | 'too-large'
  | 'not-zip'
  | 'truncated'
  | 'encrypted'
  | 'xls'
  | 'docx'
  | 'not-xlsx'
  | 'zip-bomb'
  | 'unsafe-xml'
  | 'corrupt';

/** A file that cannot be read; `message` is Vietnamese, names the file and says what to do. */
export class XlsxReadError extends Error {
  constructor(
    readonly code: ReadErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'XlsxReadError';
  }
}

export interface ReadLimits {
  maxFileBytes: number;
  maxEntries: number;
  /** Sum of the declared uncompressed sizes of the parts that are read (workbook, rels, strings, styles, sheets). */
  maxUncompressedBytes: number;
  /** Uncompressed/compressed, checked for parts larger than RATIO_FLOOR_BYTES uncompressed. */
  maxRatio: number;
  maxCells: number;
}
export const MB = 1024 * 1024;
export const DEFAULT_LIMITS: ReadLimits = Object.freeze({
  maxFileBytes: 20 * MB,
  maxEntries: 2000,
  maxUncompressedBytes: 100 * MB,
  maxRatio: 200,
  maxCells: 2_000_000,
});
/** Small parts may compress very well (a sheet of empty styled cells); only large ones are held to maxRatio. */
export const RATIO_FLOOR_BYTES = 1 * MB;

// ---------------------------------------------------------------------------------------------------------------
// Messages

export function num(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}
export function mb(bytes: number): string {
  const v = bytes / MB;
  return `${Number.isInteger(v) ? v : v.toFixed(1).replace('.', ',')} MB`;
}

export const RESAVE = 'lưu lại dưới dạng “Sổ làm việc Excel (.xlsx)”';
export const ASK_RIGHT_FILE = 'Hãy xin đơn vị gửi đúng tệp Excel (.xlsx) của biểu mẫu báo cáo';

function message(code: ReadErrorCode, f: string, detail: string): string {
  const file = `Tệp “${f}”`;
  switch (code) {
    case 'empty':
      return `${file} trống (0 byte). Hãy xin đơn vị gửi lại tệp.`;
    case 'too-large':
      return `${file} ${detail}. Hãy xin đơn vị chỉ giữ các trang tính của biểu mẫu báo cáo, xóa dữ liệu và hình ảnh thừa rồi gửi lại.`;
    case 'xls':
      return `${file} là định dạng Excel 97-2003 (.xls), ứng dụng chỉ đọc .xlsx. Hãy mở tệp bằng Excel hoặc LibreOffice và ${RESAVE} rồi nhập lại.`;
    case 'encrypted':
      return `${file} được đặt mật khẩu nên ứng dụng không đọc được. Hãy mở tệp bằng Excel, bỏ mật khẩu (Tệp > Thông tin > Bảo vệ sổ làm việc > Mã hóa bằng mật khẩu, xóa mật khẩu rồi lưu) rồi gửi lại, hoặc xin đơn vị gửi lại tệp không đặt mật khẩu.`;
    case 'not-zip':
      return `${file} không phải tệp Excel (.xlsx)${detail}. Hãy mở tệp bằng Excel hoặc LibreOffice và ${RESAVE} rồi nhập lại, hoặc xin đơn vị gửi lại đúng tệp Excel.`;
    case 'truncated':
      return `${file} bị thiếu phần cuối (có thể bị cắt ngang khi tải về hoặc sao chép)${detail}. Hãy tải hoặc chép lại tệp, hoặc xin đơn vị gửi lại.`;
    case 'docx':
      return `${file} là văn bản Word (.docx)${/\.docx?$/i.test(f) ? '' : ' đổi đuôi thành .xlsx'}, không phải sổ làm việc Excel. Hãy xin đơn vị gửi đúng tệp Excel của biểu mẫu báo cáo.`;
    case 'not-xlsx':
      return `${file} ${detail || `là tệp nén (ZIP) nhưng không phải sổ làm việc Excel (.xlsx). ${ASK_RIGHT_FILE}`}.`;
    case 'zip-bomb':
      return `${file} có nội dung nén bất thường (${detail}) nên ứng dụng không mở để bảo đảm an toàn; có thể là tệp độc hại. Hãy xin đơn vị kiểm tra và gửi lại tệp.`;
    case 'unsafe-xml':
      return `${file} chứa khai báo DOCTYPE/ENTITY không được phép trong tệp Excel${detail}; có thể là tệp độc hại. Ứng dụng không mở tệp này; hãy xin đơn vị kiểm tra và gửi lại.`;
    case 'corrupt':
      return `${file} bị hỏng (${detail}). Hãy thử mở tệp bằng Excel hoặc LibreOffice: nếu mở được, ${RESAVE} rồi nhập lại; nếu không, hãy xin đơn vị gửi lại.`;
  }
}

export interface Ctx {
  file: string;
  limits: ReadLimits;
}
export function fail(ctx: Ctx, code: ReadErrorCode, detail = '', cause?: unknown): XlsxReadError {
  return new XlsxReadError(code, message(code, ctx.file, detail), cause === undefined ? undefined : { cause });
}
