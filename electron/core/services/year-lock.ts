/**
 * The lock of a year: while it is set, every write to the year's data is refused by the write gate (`ensureYear`).
 * Approval (review) and sealing (archive) set it; the lock records who locked the year, when, why, and how to
 * unlock, so the refusal can say so in Vietnamese. Stored in the year file itself (meta key `lock`).
 */
import { z } from 'zod';
import { formatDateTime } from '../../../shared/format/date';
import { AppError } from '../../../shared/rpc/envelope';
import type { Db } from '../db/client';
import { deleteMeta, getMeta, setMeta } from '../db/repos/meta';

export const YearLock = z.object({
  /** approved: the leader approved the report; sealed: the archivist sealed the year; test: only in tests. */
  state: z.enum(['approved', 'sealed', 'test']),
  by: z.string(),
  at: z.string(),
  reason: z.string().optional(),
  /** What to do to edit again, in Vietnamese. */
  unlock: z.string(),
});
export type YearLock = z.infer<typeof YearLock>;

const KEY = 'lock';
const STATE_TEXT: Record<YearLock['state'], string> = {
  approved: 'đã được lãnh đạo duyệt',
  sealed: 'đã khóa sổ',
  test: 'đang khóa',
};

export function yearLock(db: Db): YearLock | null {
  const raw = getMeta(db, KEY);
  if (raw === null) return null;
  const parsed = YearLock.safeParse(JSON.parse(raw));
  // A lock that cannot be read still locks: better refuse a write than let one through.
  return parsed.success ? parsed.data : { state: 'sealed', by: 'không rõ', at: '', unlock: 'Hãy liên hệ người giữ lưu trữ.' };
}

/** Sets or clears the lock; the caller holds the transaction and records the change in the year's history. */
export function setYearLock(db: Db, lock: YearLock | null): void {
  if (lock) setMeta(db, KEY, JSON.stringify(YearLock.parse(lock)));
  else deleteMeta(db, KEY);
}

export function lockedError(year: number, lock: YearLock): AppError {
  const when = lock.at ? ` lúc ${formatDateTime(lock.at)}` : '';
  return new AppError(
    'Locked',
    `Năm ${year} ${STATE_TEXT[lock.state]} (${lock.by}${when}) nên dữ liệu năm chỉ xem, không sửa được; chưa lưu gì. ${lock.unlock}`,
  );
}

/** The write gate: refuses when the year is locked. */
export function assertUnlocked(db: Db, year: number): void {
  const lock = yearLock(db);
  if (lock) throw lockedError(year, lock);
}
