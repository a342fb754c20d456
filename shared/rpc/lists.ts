/** Contracts for list rows (documents issued, models, work teams…). */
import { z } from 'zod';
import { contract } from './contract';
import { YearNumber } from './years';
import { FigureSource } from './figures';

export const ListRowDto = z.object({
  id: z.number().int(),
  listId: z.string(),
  unitId: z.number().int().nullable(),
  order: z.number().int(),
  values: z.record(z.string(), z.string()),
  source: FigureSource,
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type ListRowDto = z.infer<typeof ListRowDto>;

export const listsRpc = {
  rows: contract({ channel: 'lists:rows', writes: false, input: z.object({ year: YearNumber }), output: z.array(ListRowDto) }),
  /** Adds a row (no id) or replaces one; values are checked against the list's columns. */
  saveRow: contract({
    channel: 'lists:save-row',
    writes: true,
    input: z.object({
      year: YearNumber,
      listId: z.string(),
      id: z.number().int().optional(),
      unitId: z.number().int().nullable(),
      values: z.record(z.string(), z.string()),
    }),
    output: ListRowDto,
  }),
  deleteRow: contract({ channel: 'lists:delete-row', writes: true, input: z.object({ year: YearNumber, id: z.number().int() }), output: z.object({ deleted: z.boolean() }) }),
};
