/** Contracts for the consistency checks: a year's report, an outside document, fixes, dismissals and history. */
import { z } from 'zod';
import { contract } from './contract';
import { YearNumber } from './years';

const Location = z.union([
  z.object({ kind: z.literal('text'), sectionId: z.string(), sectionTitle: z.string(), paragraph: z.number().int(), start: z.number().int(), end: z.number().int() }),
  z.object({ kind: z.literal('data'), code: z.string().optional(), unitId: z.number().int().optional(), unitName: z.string().optional(), year: z.number().int().optional(), cell: z.string().optional(), sectionId: z.string().optional() }),
  z.object({ kind: z.literal('appendix'), appendixId: z.string(), label: z.string(), row: z.number().int().optional(), column: z.number().int().optional() }),
  z.object({ kind: z.literal('document') }),
]);

export const FindingDto = z.object({
  id: z.string(),
  code: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  message: z.string(),
  excerpt: z.string(),
  location: Location,
  expected: z.string().optional(),
  fix: z.object({ before: z.string(), after: z.string() }).optional(),
  /** Set when the clerk dismissed the finding; it no longer counts. */
  dismissed: z.object({ reason: z.string(), at: z.string(), by: z.string() }).optional(),
});
export type FindingDto = z.infer<typeof FindingDto>;

export const CheckReportDto = z.object({
  findings: z.array(FindingDto),
  /** Counts of findings not dismissed. */
  counts: z.object({ error: z.number().int(), warning: z.number().int(), info: z.number().int() }),
  /** Time the checks took, in milliseconds. */
  ms: z.number(),
});
export type CheckReportDto = z.infer<typeof CheckReportDto>;

export const CheckEventDto = z.object({
  id: z.number().int(),
  kind: z.enum(['fix', 'dismiss', 'restore']),
  findingId: z.string(),
  checkCode: z.string(),
  sectionId: z.string().nullable(),
  message: z.string(),
  before: z.string().nullable(),
  after: z.string().nullable(),
  reason: z.string().nullable(),
  at: z.string(),
  by: z.string(),
});

const FindingId = z.string().min(1).max(100);

export const checksRpc = {
  /** Every finding on the year's report (live on the Kiểm tra page, and next to "Tạo báo cáo"). */
  year: contract({ channel: 'checks:year', writes: false, input: z.object({ year: YearNumber }), output: CheckReportDto }),
  /** An outside document: a .docx or .txt as base64, or pasted text. */
  document: contract({
    channel: 'checks:document',
    writes: false,
    input: z.union([
      z.object({ name: z.string().min(1).max(300), base64: z.string().max(30_000_000) }),
      z.object({ text: z.string().min(1, 'Hãy dán nội dung văn bản cần kiểm tra').max(2_000_000) }),
    ]),
    output: CheckReportDto,
  }),
  /** Applies a finding's safe fix to the narrative, with history. */
  fix: contract({
    channel: 'checks:fix',
    writes: true,
    input: z.object({ year: YearNumber, findingId: FindingId }),
    output: z.object({ sectionId: z.string(), before: z.string(), after: z.string() }),
  }),
  /** Dismisses a finding with a reason, or restores it (reason null). */
  dismiss: contract({
    channel: 'checks:dismiss',
    writes: true,
    input: z.object({ year: YearNumber, findingId: FindingId, reason: z.string().max(500).nullable() }),
    output: CheckReportDto,
  }),
  history: contract({ channel: 'checks:history', writes: false, input: z.object({ year: YearNumber }), output: z.array(CheckEventDto) }),
};
