/**
 * Long work as jobs: a call starts the work and answers at once with the job's id; the renderer then asks for its
 * progress (counts and a Vietnamese stage) until it is done, with the result, or failed, with a Vietnamese message.
 * The host keeps answering other calls meanwhile. One job of a kind per year at a time: a second start while one
 * runs is refused with a message saying so.
 */
import { z } from 'zod';
import { contract } from './contract';
import { FormsResultDto } from './forms';
import { CommitChoice, CommitResult } from './imports';
import { OutputFileDto } from './report';
import { YearNumber } from './years';
import { ErrorKind } from './envelope';

export const JobKind = z.enum(['forms', 'report', 'import', 'pdf']);
export type JobKind = z.infer<typeof JobKind>;

export const JobDto = z.object({
  id: z.string(),
  kind: JobKind,
  year: z.number().int(),
  state: z.enum(['running', 'done', 'failed']),
  /** Items done of total (forms, files, steps of the report); total 0 while not yet known. */
  done: z.number().int(),
  total: z.number().int(),
  /** What is being done now, in Vietnamese, with the counts: "Đang tạo biểu mẫu 12/34…". */
  stage: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** The result of the kind, once done. */
  forms: FormsResultDto.optional(),
  report: z.array(OutputFileDto).optional(),
  import: z.array(CommitResult).optional(),
  pdf: OutputFileDto.optional(),
  /** Why it failed, in Vietnamese, saying what was and was not saved. */
  error: z.object({ kind: ErrorKind, message: z.string() }).optional(),
});
export type JobDto = z.infer<typeof JobDto>;

const Started = z.object({ id: z.string() });

export const jobsRpc = {
  /** Starts writing the units' blank forms and their zip (forms:generate as a job). */
  forms: contract({ channel: 'jobs:forms', writes: false, input: z.object({ year: YearNumber }), output: Started }),
  /** Starts writing the report's working draft and appendices (report:generate as a job). */
  report: contract({ channel: 'jobs:report', writes: false, input: z.object({ year: YearNumber }), output: Started }),
  /** Starts storing staged returns, each all-or-nothing (imports:commit as a job). */
  import: contract({
    channel: 'jobs:import',
    writes: true,
    input: z.object({ year: YearNumber, ids: z.array(z.string()).min(1).max(1000), choices: z.array(CommitChoice).max(1000).optional() }),
    output: Started,
  }),
  /** Starts converting a report file of the year to PDF with LibreOffice (review:pdf as a job). */
  pdf: contract({
    channel: 'jobs:pdf',
    writes: false,
    input: z.object({ year: YearNumber, name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'Tên tệp không hợp lệ') }),
    output: Started,
  }),
  /** The progress of a job, or its result once done. */
  status: contract({ channel: 'jobs:status', writes: false, input: z.object({ id: z.string() }), output: JobDto }),
};
