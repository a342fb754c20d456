/** Contracts of the archive: backups that restore, sealing a year (khóa sổ) and checking it, the archive package. */
import { z } from 'zod';
import { contract } from './contract';
import { YearNumber } from './years';

const Counts = z.object({ units: z.number().int(), figures: z.number().int(), files: z.number().int() });

export const BackupDto = z.object({
  name: z.string(),
  folder: z.string(),
  kind: z.enum(['manual', 'auto']),
  reason: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  size: z.number().int(),
  counts: Counts,
  sha256: z.string(),
});
export type BackupDto = z.infer<typeof BackupDto>;

export const RestorePreviewDto = z.object({
  backup: BackupDto,
  /** The year's counts now; null when the year file is missing or damaged. */
  current: Counts.nullable(),
  /** Parts of the data that differ between now and the backup, in the clerk's words. */
  changed: z.array(z.string()),
  same: z.boolean(),
});
export type RestorePreviewDto = z.infer<typeof RestorePreviewDto>;

export const SealDto = z.object({
  fingerprint: z.string(),
  sealedAt: z.string(),
  sealedBy: z.string(),
  counts: Counts,
});
export type SealDto = z.infer<typeof SealDto>;

export const SealStatusDto = z.object({
  year: z.number().int(),
  seal: SealDto.nullable(),
  /** true: the data is what was sealed; false: changed after sealing (see problem); null: not sealed. */
  intact: z.boolean().nullable(),
  /** Vietnamese: what changed and where, when not intact. */
  problem: z.string().nullable(),
  /** Earlier seals, opened again with a reason. */
  history: z.array(z.object({ fingerprint: z.string(), sealedAt: z.string(), sealedBy: z.string(), unsealedAt: z.string(), unsealedBy: z.string(), reason: z.string() })),
  /** The Biên bản khóa sổ, when written (file name in the year's luu-tru folder). */
  record: z.string().nullable(),
  /** Its PDF (LibreOffice), when written; `recordPdfNote` says why not when the .docx is there without it. */
  recordPdf: z.string().nullable().default(null),
  recordPdfNote: z.string().nullable().default(null),
});
export type SealStatusDto = z.infer<typeof SealStatusDto>;

export const archiveRpc = {
  /** Backups of the year, newest first, and the seal's state. */
  status: contract({
    channel: 'archive:status',
    writes: false,
    input: z.object({ year: YearNumber }),
    output: z.object({ backups: z.array(BackupDto), seal: SealStatusDto }),
  }),
  /** Writes a backup (a consistent copy and its manifest); the year's data does not change. */
  backup: contract({
    channel: 'archive:backup',
    writes: false,
    input: z.object({ year: YearNumber, reason: z.string().max(300).optional(), auto: z.boolean().optional() }),
    output: BackupDto,
  }),
  /** What restoring a backup would change; nothing is changed. */
  restorePreview: contract({ channel: 'archive:restore-preview', writes: false, input: z.object({ year: YearNumber, name: z.string() }), output: RestorePreviewDto }),
  /** Restores a checked backup, keeping the current file as a backup first. */
  restore: contract({ channel: 'archive:restore', writes: true, input: z.object({ year: YearNumber, name: z.string() }), output: RestorePreviewDto }),
  /** Seals the year: fingerprint stored in the file and beside it, Biên bản khóa sổ written, the year read-only. */
  seal: contract({ channel: 'archive:seal', writes: true, input: z.object({ year: YearNumber }), output: SealStatusDto }),
  /**
   * Writes the PDF of the Biên bản khóa sổ beside its .docx with LibreOffice (a few seconds; run right after the
   * seal by the screen and the command line). Refused, with the reason, when LibreOffice is missing; the .docx stays.
   */
  recordPdf: contract({ channel: 'archive:record-pdf', writes: false, input: z.object({ year: YearNumber }), output: SealStatusDto }),
  /** Recomputes the fingerprint of a sealed year and says whether anything changed after sealing. */
  verify: contract({ channel: 'archive:verify', writes: false, input: z.object({ year: YearNumber }), output: SealStatusDto }),
  /** Opens a sealed year again for editing, with a reason; the old seal stays in the history. */
  unseal: contract({ channel: 'archive:unseal', writes: true, input: z.object({ year: YearNumber, reason: z.string().trim().min(5, 'Hãy ghi lý do mở niêm phong (ít nhất 5 ký tự).').max(500) }), output: SealStatusDto }),
  /** Writes the archive package of the year (.zip, with a manifest and a README.txt), returned for download. */
  package: contract({
    channel: 'archive:package',
    writes: false,
    input: z.object({ year: YearNumber }),
    output: z.object({ name: z.string(), path: z.string(), size: z.number().int(), files: z.number().int(), base64: z.string() }),
  }),
};
