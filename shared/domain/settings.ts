/** Settings of a reporting year: who issues the report, who signs it, where it goes. Stored in the year file. */
import { z } from 'zod';

export const Signer = z.object({
  /** Authority line such as "TM. ỦY BAN NHÂN DÂN" or "KT. CHỦ TỊCH"; empty when the head signs in own name. */
  authority: z.string(),
  /** Title such as "CHỦ TỊCH" or "PHÓ CHỦ TỊCH". */
  title: z.string(),
  fullName: z.string(),
});
export type Signer = z.infer<typeof Signer>;

export const Settings = z.object({
  /** Issuing body, one entry per printed line, e.g. ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ QUẢNG NGÃI"]. */
  issuerLines: z.array(z.string()),
  /** Superior (chủ quản) body line printed above the issuer, optional. */
  superiorBody: z.string(),
  /** Place name used in the date line: "Quảng Ngãi, ngày … tháng … năm …". */
  placeName: z.string(),
  /** Document symbol after the number: "BC-UBND". */
  documentSymbol: z.string(),
  signer: Signer,
  /** Recipients (Nơi nhận), one per line, without the leading "- " and trailing ";". */
  recipients: z.array(z.string()),
  /** Drafting unit used in "Lưu: VT, …". */
  draftingUnit: z.string(),
  /** Pad counts below 10 with a leading zero in generated text ("03 năm"). */
  padCounts: z.boolean(),
  /**
   * How the report's text names the issuer and the bodies around it. Empty means derived from the header lines
   * (shared/report/names.ts): "Ủy ban nhân dân thành phố Quảng Ngãi", "UBND thành phố", "thành phố", …
   */
  issuerInText: z.string().default(''),
  issuerShort: z.string().default(''),
  localityNoun: z.string().default(''),
  superiorInText: z.string().default(''),
  superiorShort: z.string().default(''),
  partyCommittee: z.string().default(''),
});
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = {
  issuerLines: ['ỦY BAN NHÂN DÂN', ''],
  superiorBody: '',
  placeName: '',
  documentSymbol: 'BC-UBND',
  signer: { authority: 'TM. ỦY BAN NHÂN DÂN', title: 'CHỦ TỊCH', fullName: '' },
  recipients: [],
  draftingUnit: 'VT',
  padCounts: true,
  issuerInText: '',
  issuerShort: '',
  localityNoun: '',
  superiorInText: '',
  superiorShort: '',
  partyCommittee: '',
};

/**
 * Flat keys used by `tonghop settings set KEY VALUE` and the settings screen.
 * Lists (issuer lines, recipients) are written one item per line.
 */
export const SETTING_KEYS = {
  issuerLines: 'Cơ quan ban hành (mỗi dòng một dòng in)',
  superiorBody: 'Cơ quan chủ quản (nếu có)',
  placeName: 'Địa danh ghi ở dòng ngày tháng',
  documentSymbol: 'Ký hiệu văn bản',
  'signer.authority': 'Quyền hạn ký (TM., KT., …)',
  'signer.title': 'Chức vụ người ký',
  'signer.fullName': 'Họ và tên người ký',
  recipients: 'Nơi nhận (mỗi dòng một nơi)',
  draftingUnit: 'Đơn vị soạn thảo (Lưu: VT, …)',
  padCounts: 'Thêm số 0 trước số đếm nhỏ hơn 10',
  issuerInText: 'Tên cơ quan ban hành khi viết trong câu (để trống: tự suy ra từ dòng tên cơ quan)',
  issuerShort: 'Tên gọi tắt của cơ quan ban hành từ lần nhắc thứ hai (ví dụ: UBND thành phố)',
  localityNoun: 'Địa bàn trong câu “trên địa bàn …” (ví dụ: thành phố, xã, tỉnh)',
  superiorInText: 'Cơ quan cấp trên khi viết trong câu (ví dụ: Ủy ban nhân dân tỉnh)',
  superiorShort: 'Tên gọi tắt của cơ quan cấp trên (ví dụ: UBND tỉnh)',
  partyCommittee: 'Cấp ủy cùng cấp (ví dụ: Thành ủy, Đảng ủy xã)',
} as const;
export type SettingKey = keyof typeof SETTING_KEYS;

function splitLines(v: string): string[] {
  return v
    .split(/\r?\n|\\n/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Applies one flat key to settings; throws a Vietnamese message for an unknown key or a bad value. */
export function applySetting(s: Settings, key: string, value: string): Settings {
  const next: Settings = { ...s, signer: { ...s.signer } };
  switch (key) {
    case 'issuerLines':
      next.issuerLines = splitLines(value);
      break;
    case 'recipients':
      next.recipients = splitLines(value);
      break;
    case 'superiorBody':
    case 'placeName':
    case 'documentSymbol':
    case 'draftingUnit':
    case 'issuerInText':
    case 'issuerShort':
    case 'localityNoun':
    case 'superiorInText':
    case 'superiorShort':
    case 'partyCommittee':
      next[key] = value.trim();
      break;
    case 'signer.authority':
    case 'signer.title':
    case 'signer.fullName':
      next.signer[key.slice('signer.'.length) as keyof Signer] = value.trim();
      break;
    case 'padCounts': {
      const v = value.trim().toLowerCase();
      if (['true', 'có', 'co', '1', 'bật'].includes(v)) next.padCounts = true;
      else if (['false', 'không', 'khong', '0', 'tắt'].includes(v)) next.padCounts = false;
      else throw new Error(`Giá trị “${value}” không hợp lệ cho padCounts: dùng “có” hoặc “không”`);
      break;
    }
    default:
      throw new Error(`Không có mục cài đặt “${key}”. Các mục có: ${Object.keys(SETTING_KEYS).join(', ')}`);
  }
  return Settings.parse(next);
}

/** Reads one flat key for display. */
export function readSetting(s: Settings, key: SettingKey): string {
  switch (key) {
    case 'issuerLines':
      return s.issuerLines.join('\n');
    case 'recipients':
      return s.recipients.join('\n');
    case 'signer.authority':
      return s.signer.authority;
    case 'signer.title':
      return s.signer.title;
    case 'signer.fullName':
      return s.signer.fullName;
    case 'padCounts':
      return s.padCounts ? 'có' : 'không';
    default:
      return s[key];
  }
}
