/** The archive area's calls: the year's backups and seal state, a backup on request. */
import type { BackupDto, SealStatusDto } from '../../../shared/rpc/archive';
import { AppError } from '../../../shared/rpc/envelope';
import type { CoreContext } from '../context';
import { backupFolder, backupYear, listBackups } from './archive-backup';
import { sealStatus } from './archive-seal';

/** The year's backups and seal; a year file that does not open still lists its backups, with the reason it does not open. */
export function archiveStatus(ctx: CoreContext, year: number): { backups: BackupDto[]; seal: SealStatusDto } {
  const backups = listBackups(backupFolder(ctx, year), year);
  try {
    return { backups, seal: sealStatus(ctx, year) };
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return { backups, seal: { year, seal: null, intact: null, problem: e.message, history: [], record: null, recordPdf: null, recordPdfNote: null } };
  }
}

export function backupOnRequest(ctx: CoreContext, year: number, input: { reason?: string; auto?: boolean }): BackupDto {
  return backupYear(ctx, year, { kind: input.auto ? 'auto' : 'manual', reason: input.reason?.trim() || (input.auto ? 'tự động' : 'sao lưu theo yêu cầu') });
}
