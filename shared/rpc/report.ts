/** Contracts for the report: the document model for the preview, one-click generation, and the output files. */
import { z } from 'zod';
import { contract } from './contract';
import { YearNumber } from './years';
import type { ReportDocument } from '../report/model';

/** The model is built by shared/report/model.ts on the core side; the preview renders the same object. */
const ReportDocumentDto = z.custom<ReportDocument>(
  (v) => typeof v === 'object' && v !== null && 'header' in v && 'body' in v && 'appendices' in v,
  'Mô hình báo cáo không hợp lệ',
);

export const OutputFileDto = z.object({
  /** File name inside the year's output folder; also its id across the boundary. */
  name: z.string(),
  size: z.number().int(),
  modifiedAt: z.string(),
});
export type OutputFileDto = z.infer<typeof OutputFileDto>;

const FileName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'Tên tệp không hợp lệ');

export const reportRpc = {
  preview: contract({ channel: 'report:preview', writes: false, input: z.object({ year: YearNumber }), output: ReportDocumentDto }),
  /** Writes the report .docx and the appendices (.docx, .xlsx) into the year's output folder. */
  generate: contract({ channel: 'report:generate', writes: false, input: z.object({ year: YearNumber }), output: z.array(OutputFileDto) }),
  files: contract({ channel: 'report:files', writes: false, input: z.object({ year: YearNumber }), output: z.array(OutputFileDto) }),
  /** The bytes of an output file, for the browser to download (web host). */
  readFile: contract({
    channel: 'report:read-file',
    writes: false,
    input: z.object({ year: YearNumber, name: FileName }),
    output: z.object({ name: z.string(), base64: z.string() }),
  }),
  /** Opens a file, or the output folder when no name is given (desktop only). */
  open: contract({
    channel: 'report:open',
    writes: false,
    input: z.object({ year: YearNumber, name: FileName.optional() }),
    output: z.object({ opened: z.string() }),
  }),
};
