/** Plain records passed between the database layer, aggregation and the UI. */
import { z } from 'zod';
import { UnitKind } from './template';

/** Year key of a figure entered once for the whole period rather than per year. */
export const WHOLE_PERIOD = 0;

/** The one key of a stored figure: "unitId|code|figureYear" (figureYear 0 = the whole period). */
export const figureKey = (unitId: number, code: string, figureYear: number): string => `${unitId}|${code}|${figureYear}`;

export const UnitDto = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  kind: UnitKind,
  order: z.number().int(),
  active: z.boolean(),
  /** Marked as invented sample data (demo). */
  sample: z.boolean(),
});
export type UnitDto = z.infer<typeof UnitDto>;

/**
 * One stored figure. `value` is a canonical decimal string ("3848", "16015.34", "-2") for numeric kinds,
 * free text for text kinds, an ISO date for dates. `year` is a calendar year, or WHOLE_PERIOD.
 */
export const FigureDto = z.object({
  unitId: z.number().int(),
  code: z.string(),
  year: z.number().int(),
  value: z.string(),
});
export type FigureDto = z.infer<typeof FigureDto>;

export const Period = z.object({ fromYear: z.number().int(), toYear: z.number().int() });
export type Period = z.infer<typeof Period>;

export function periodYears(p: Period): number[] {
  const out: number[] = [];
  for (let y = p.fromYear; y <= p.toYear; y++) out.push(y);
  return out;
}
