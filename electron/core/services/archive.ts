/** The archive area's calls: the year's backups and seal state, a backup on request. */
import type { BackupDto, SealStatusDto } from '../../../shared/rpc/archive';
import type { CoreContext } from '../context';
import { backupFolder, backupYear, listBackups } from './archive-backup';
import { sealStatus } from './archive-seal';

export function archiveStatus(ctx: CoreContext, year: number): { backups: BackupDto[]; seal: SealStatusDto } {
  return { backups: listBackups(backupFolder(ctx, year), year), seal: sealStatus(ctx, year) };
}

export function backupOnRequest(ctx: CoreContext, year: number, input: { reason?: string; auto?: boolean }): BackupDto {
  return backupYear(ctx, year, { kind: input.auto ? 'auto' : 'manual', reason: input.reason?.trim() || (input.auto ? 'tự động' : 'sao lưu theo yêu cầu') });
}
