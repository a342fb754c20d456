/** Contracts of the change history of a year (Lịch sử thay đổi). */
import { z } from 'zod';
import { contract } from './contract';
import { YearNumber } from './years';

/** figure, list, narrative, setting, unit (Đơn vị), state (the report's review steps), import, check, seal. */
export const HistoryArea = z.enum(['figure', 'list', 'narrative', 'setting', 'unit', 'state', 'import', 'check', 'seal']);
export type HistoryArea = z.infer<typeof HistoryArea>;

export const HistoryFilter = z.object({
  unitId: z.number().int().optional(),
  code: z.string().optional(),
  /** Part of the person's name. */
  by: z.string().max(100).optional(),
  /** yyyy-mm-dd, inclusive. */
  from: z.string().max(10).optional(),
  to: z.string().max(10).optional(),
  area: HistoryArea.optional(),
});
export type HistoryFilter = z.infer<typeof HistoryFilter>;

export const HistoryEntryDto = z.object({
  at: z.string(),
  by: z.string(),
  area: HistoryArea,
  unit: z.string().nullable(),
  unitId: z.number().int().nullable(),
  code: z.string().nullable(),
  /** Vietnamese: what changed, old → new. */
  what: z.string(),
  /** Vietnamese: typed, pasted, imported from which file and cell, automatic fix… */
  source: z.string(),
});
export type HistoryEntryDto = z.infer<typeof HistoryEntryDto>;

export const historyRpc = {
  list: contract({ channel: 'history:list', writes: false, input: z.object({ year: YearNumber, filter: HistoryFilter.optional() }), output: z.array(HistoryEntryDto) }),
  /** The same rows as an .xlsx workbook to download. */
  export: contract({
    channel: 'history:export',
    writes: false,
    input: z.object({ year: YearNumber, filter: HistoryFilter.optional() }),
    output: z.object({ name: z.string(), base64: z.string(), rows: z.number().int() }),
  }),
};
