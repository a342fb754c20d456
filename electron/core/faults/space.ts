/** Free space checked before large work, so a batch stops before it starts rather than halfway. */
import { statfsSync } from 'node:fs';
import { AppError } from '../../../shared/rpc/envelope';

const MB = 1024 * 1024;

/** Bytes free for this user on the disk holding `dir`, or null when the system cannot tell (some network shares). */
export function freeBytes(dir: string): number | null {
  try {
    const s = statfsSync(dir);
    return Number(s.bavail) * Number(s.bsize);
  } catch {
    return null;
  }
}

const mb = (n: number) => `${Math.max(1, Math.ceil(n / MB)).toLocaleString('vi-VN')} MB`;

/**
 * Refuses work that needs about `needed` bytes in `dir` when the disk has less free; `work` completes
 * "chưa …", e.g. "chưa tạo biểu mẫu nào". Nothing is written either way.
 */
export function ensureFreeSpace(dir: string, needed: number, work: string): void {
  const free = freeBytes(dir);
  if (free === null || free >= needed) return;
  throw new AppError(
    'Precondition',
    `Ổ đĩa sắp đầy: còn trống ${mb(free)}, cần khoảng ${mb(needed)}; ${work}. Hãy giải phóng dung lượng trên ổ đĩa rồi chạy lại; dữ liệu đã lưu vẫn nguyên vẹn.`,
  );
}
