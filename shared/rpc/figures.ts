/** Contracts for a year's data: the chosen template, its units and figures, and cell edits. */
import { z } from 'zod';
import { contract } from './contract';
import { YearNumber } from './years';
import { Regime, Template, NarrativeBlock } from '../domain/template';
import { UnitDto } from '../domain/records';
import { Settings } from '../domain/settings';

/** Where a figure came from: typed by a person, imported from a file cell, or loaded from demo data. */
export const FigureSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('manual') }),
  z.object({ kind: z.literal('import'), importId: z.number().int(), file: z.string(), sheet: z.string(), cell: z.string() }),
  z.object({ kind: z.literal('demo') }),
]);
export type FigureSource = z.infer<typeof FigureSource>;

export const StoredFigureDto = z.object({
  unitId: z.number().int(),
  code: z.string(),
  year: z.number().int(),
  value: z.string(),
  source: FigureSource,
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type StoredFigureDto = z.infer<typeof StoredFigureDto>;

export const FigureHistoryDto = z.object({
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
  source: FigureSource,
  changedAt: z.string(),
  changedBy: z.string(),
});
export type FigureHistoryDto = z.infer<typeof FigureHistoryDto>;

/** Everything the data screens need, in one call; totals and rules are computed from it by shared/ code. */
export const YearDataDto = z.object({
  year: z.number().int(),
  template: Template.nullable(),
  regime: Regime.nullable(),
  settings: Settings,
  units: z.array(UnitDto),
  figures: z.array(StoredFigureDto),
  narratives: z.record(z.string(), z.array(NarrativeBlock)),
});
export type YearDataDto = z.infer<typeof YearDataDto>;

export const FigureChange = z.object({
  unitId: z.number().int(),
  code: z.string(),
  year: z.number().int(),
  /** Canonical decimal ("1270", "16015.34"), text, ISO date; null clears the cell. */
  value: z.string().nullable(),
});
export type FigureChange = z.infer<typeof FigureChange>;

/** One slot of the figures table: a unit's indicator in one year (or WHOLE_PERIOD). */
export const FigureSlot = z.object({ unitId: z.number().int(), code: z.string(), year: z.number().int() });
export type FigureSlot = z.infer<typeof FigureSlot>;

export const figuresRpc = {
  /** The year's template, settings, units, figures and narratives. */
  yearData: contract({ channel: 'figures:year-data', writes: false, input: z.object({ year: YearNumber }), output: YearDataDto }),
  /**
   * Saves a batch of cell edits in one transaction: all are saved, or none (with the reason per cell). Returns only
   * what changed: the slots now stored (`figures`) and the slots cleared; the renderer updates its totals and rule
   * results from them (a province's figures are megabytes, an edit a few cells).
   */
  save: contract({
    channel: 'figures:save',
    writes: true,
    input: z.object({ year: YearNumber, changes: z.array(FigureChange).min(1).max(20000) }),
    output: z.object({ changed: z.number().int(), figures: z.array(StoredFigureDto), cleared: z.array(FigureSlot) }),
  }),
  /** Every change of one cell, oldest first. */
  history: contract({
    channel: 'figures:history',
    writes: false,
    input: z.object({ year: YearNumber, unitId: z.number().int(), code: z.string(), figureYear: z.number().int() }),
    output: z.array(FigureHistoryDto),
  }),
};
