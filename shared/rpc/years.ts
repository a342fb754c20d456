/** Contracts about reporting years: one SQLite file each in the workspace. */
import { z } from 'zod';
import { contract } from './contract';

export const YearNumber = z
  .number({ error: 'Năm phải là một số' })
  .int('Năm phải là số nguyên')
  .min(2000, 'Năm phải từ 2000 trở đi')
  .max(2100, 'Năm phải trước 2100');

export const YearDto = z.object({
  year: YearNumber,
  /** File name inside the workspace. */
  file: z.string(),
  createdAt: z.string(),
  template: z.object({ id: z.string(), name: z.string(), version: z.number().int() }).nullable(),
  period: z.object({ fromYear: z.number().int(), toYear: z.number().int() }).nullable(),
  /** Units that report this year (stopped ones are not counted). */
  unitCount: z.number().int(),
  /** Present (true) when the year is opened read-only: a read-only folder or file, or the workspace open elsewhere. */
  readOnly: z.boolean().optional(),
  /** Present when the year file does not open (damaged, from a newer version…): why, in Vietnamese, naming the latest backup. */
  problem: z.string().optional(),
  /** Present (true) when the year is sealed (khóa sổ). */
  sealed: z.boolean().optional(),
});
export type YearDto = z.infer<typeof YearDto>;

export const yearsRpc = {
  /** Every year file in the workspace, newest first. */
  list: contract({ channel: 'years:list', writes: false, input: z.object({}), output: z.array(YearDto) }),
  /** Creates a year file; settings and units are carried over from the latest earlier year, if any. */
  create: contract({ channel: 'years:create', writes: true, input: z.object({ year: YearNumber }), output: YearDto }),
};
