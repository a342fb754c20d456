/**
 * Contracts of "So sánh các năm": one indicator across every year file of the workspace, read-only (sealed years
 * too); a year file that does not open is skipped and named, never failing the view.
 */
import { z } from 'zod';
import { contract } from './contract';
import { IndicatorKind } from '../domain/template';

export const CompareIndicatorDto = z.object({
  code: z.string(),
  label: z.string(),
  unit: z.string(),
  kind: IndicatorKind,
  /** The outline section it stands under: "II. Kết quả thực hiện", for grouping the picker. */
  section: z.string(),
  /** Year files whose template has it. */
  years: z.array(z.number().int()),
});
export type CompareIndicatorDto = z.infer<typeof CompareIndicatorDto>;

export const SkippedYearDto = z.object({ year: z.number().int(), file: z.string(), problem: z.string() });
export type SkippedYearDto = z.infer<typeof SkippedYearDto>;

export const CompareColumnDto = z.object({
  /** The calendar year(s) the value is for: one year, or a whole period when the indicator is entered once for it. */
  fromYear: z.number().int(),
  toYear: z.number().int(),
  /** "2023", or "2021 - 2023". */
  label: z.string(),
  /** The year file the value is read from (tonghop-2024.sqlite holds 2021, 2022 and 2023 of a three-year review). */
  file: z.string(),
  fileYear: z.number().int(),
  sealed: z.boolean(),
});
export type CompareColumnDto = z.infer<typeof CompareColumnDto>;

export const CompareRowDto = z.object({
  /** null: the office's total (what the report cites). */
  unitCode: z.string().nullable(),
  name: z.string(),
  /** Per column: canonical decimal (or text), null where the year has no value. */
  values: z.array(z.string().nullable()),
  /** Per column, as the report writes it (3.848 · 16.015,34 · 76,2%), "—" where there is no value. */
  shown: z.array(z.string()),
  /** Per column, the change from the column before ("+5,6%", "−3,1%", "+2,3 điểm %"); null where not computable. */
  changes: z.array(z.string().nullable()),
  /** How the unit's earlier years were found, when not by its own code (renamed, merged). */
  note: z.string().nullable(),
});
export type CompareRowDto = z.infer<typeof CompareRowDto>;

export const CompareTableDto = z.object({
  indicator: z.object({ code: z.string(), label: z.string(), unit: z.string(), kind: IndicatorKind }),
  columns: z.array(CompareColumnDto),
  total: CompareRowDto,
  /** Only when asked (`byUnit`): one row per unit, in the newest year's order. */
  units: z.array(CompareRowDto),
  skipped: z.array(SkippedYearDto),
  /** Vietnamese: how units of different years are matched, and how changes are computed. */
  notes: z.array(z.string()),
});
export type CompareTableDto = z.infer<typeof CompareTableDto>;

const CompareInput = z.object({ code: z.string().min(1).max(80), byUnit: z.boolean().optional() });

export const compareRpc = {
  /** Every indicator of the years' templates (union, newest year's wording first), for the picker. */
  indicators: contract({
    channel: 'compare:indicators',
    writes: false,
    input: z.object({}),
    output: z.object({ indicators: z.array(CompareIndicatorDto), skipped: z.array(SkippedYearDto) }),
  }),
  /** One indicator across all years: the office total and, on demand, each unit, with year-on-year changes. */
  table: contract({ channel: 'compare:table', writes: false, input: CompareInput, output: CompareTableDto }),
  /** The same table as an .xlsx workbook to download. */
  export: contract({ channel: 'compare:export', writes: false, input: CompareInput, output: z.object({ name: z.string(), base64: z.string() }) }),
};
