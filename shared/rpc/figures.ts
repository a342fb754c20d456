/** Contracts for a year's data: the chosen template, its units and figures, and cell edits. */
import { z } from 'zod';
import { contract } from './contract';
import { YearNumber } from './years';
import { Regime, Template, NarrativeBlock } from '../domain/template';
import { FigureDto, UnitDto } from '../domain/records';
import { Settings } from '../domain/settings';

/** Where a figure came from: typed by a person, imported from a file cell, or loaded from demo data. */
export const FigureSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('manual') }),
  z.object({ kind: z.literal('import'), importId: z.number().int(), file: z.string(), sheet: z.string(), cell: z.string() }),
  z.object({ kind: z.literal('demo') }),
  /**
   * Read from an earlier year's sealed file (never stored): which file and fingerprint, the indicator there, the
   * unit(s) there whose values make it (several when the unit was merged), and the value entered in this year for the
   * same cell, if any (a conflict when it differs).
   */
  z.object({
    kind: z.literal('sealed'),
    year: z.number().int(),
    file: z.string(),
    fingerprint: z.string(),
    indicator: z.string(),
    parts: z.array(z.object({ code: z.string(), name: z.string(), value: z.string().nullable() })),
    entered: z.string().nullable(),
  }),
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

/** Where an earlier year of the period comes from: its sealed year file, or the values entered in this year. */
export const EarlierYearStatus = z.enum(['sealed', 'none', 'unsealed', 'broken']);
export type EarlierYearStatus = z.infer<typeof EarlierYearStatus>;

export const EarlierYearDto = z.object({
  year: z.number().int(),
  /** sealed: read from the file; none: no file; unsealed: a file not sealed; broken: sealed but the fingerprint fails (not used). */
  status: EarlierYearStatus,
  file: z.string(),
  fingerprint: z.string().nullable(),
  sealedAt: z.string().nullable(),
  problem: z.string().nullable(),
  /** Indicators of this year's template the sealed year lacks: their values entered in this year are used. */
  missingIndicators: z.array(z.string()),
  /** Units of this year with no counterpart (same code or earlier code) in the sealed year: their entered values are used. */
  unmatchedUnits: z.array(z.object({ unitId: z.number().int(), code: z.string(), name: z.string() })),
  /** Units of this year merged from earlier codes some of which the sealed year does not have (their value there is partial). */
  partialUnits: z.array(z.object({ unitId: z.number().int(), code: z.string(), name: z.string(), missing: z.array(z.string()) })),
  /** Units of the sealed year with figures that no unit of this year follows: not counted. */
  unclaimedUnits: z.array(z.object({ code: z.string(), name: z.string(), figures: z.number().int() })),
  /** A value entered in this year that differs from the sealed year's (the sealed value is used). */
  conflicts: z.array(z.object({ unitId: z.number().int(), code: z.string(), year: z.number().int(), entered: z.string(), sealed: z.string().nullable() })),
});
export type EarlierYearDto = z.infer<typeof EarlierYearDto>;

/** The year before the period's last year, for `{{prev CODE}}` and `{{change CODE}}` when the period does not hold it. */
export const PreviousYearDto = z.object({
  year: z.number().int(),
  status: EarlierYearStatus,
  file: z.string(),
  fingerprint: z.string().nullable(),
  problem: z.string().nullable(),
  /** The sealed year's total per indicator code (null: not reported there; absent: no such indicator). */
  values: z.record(z.string(), z.string().nullable()),
});
export type PreviousYearDto = z.infer<typeof PreviousYearDto>;

export const EarlierYearsDto = z.object({ years: z.array(EarlierYearDto), previous: PreviousYearDto.nullable() });
export type EarlierYearsDto = z.infer<typeof EarlierYearsDto>;

/** Everything the data screens need, in one call; totals and rules are computed from it by shared/ code. */
export const YearDataDto = z.object({
  year: z.number().int(),
  template: Template.nullable(),
  regime: Regime.nullable(),
  settings: Settings,
  units: z.array(UnitDto),
  /** Each figure's slot and value. Where one came from is asked for per cell (imports:provenance, figures:history):
   * sent for every figure it was four fifths of a province's 3 MB answer, read by no screen. */
  figures: z.array(FigureDto),
  narratives: z.record(z.string(), z.array(NarrativeBlock)),
  /** Earlier years of the period read from their sealed year files (figures above already hold their values). */
  earlier: EarlierYearsDto.optional(),
});
export type YearDataDto = z.infer<typeof YearDataDto>;

/**
 * The figures of `figures:year-data` as they cross the boundary: one array per field, the indicator codes written once
 * (`code[i]` indexes `codes`). At province scale 12,000 objects with their keys were about 900 KB of JSON, and
 * checking them against the contract, writing and parsing them took most of the time the spreadsheet took to open.
 * Decoded once, in the renderer, by decodeFigures; the screens see FigureDto[].
 */
export const FigureColumns = z
  .object({
    codes: z.array(z.string()),
    unitId: z.array(z.number()),
    code: z.array(z.number()),
    year: z.array(z.number()),
    value: z.array(z.string()),
  })
  // One loop for what zod would check number by number (integers, indices in range): a third of the time.
  .superRefine((c, ctx) => {
    const n = c.unitId.length;
    if (c.code.length !== n || c.year.length !== n || c.value.length !== n)
      ctx.addIssue({ code: 'custom', message: `các cột số liệu dài khác nhau (${n}, ${c.code.length}, ${c.year.length}, ${c.value.length})` });
    const notInteger = (xs: number[], field: string) => {
      const i = xs.findIndex((x) => !Number.isInteger(x));
      if (i >= 0) ctx.addIssue({ code: 'custom', path: [field, i], message: `${xs[i]} không phải số nguyên` });
    };
    notInteger(c.unitId, 'unitId');
    notInteger(c.year, 'year');
    const bad = c.code.findIndex((k) => !(Number.isInteger(k) && k >= 0 && k < c.codes.length));
    if (bad >= 0) ctx.addIssue({ code: 'custom', path: ['code', bad], message: `mã chỉ tiêu số ${c.code[bad]} không có trong danh sách ${c.codes.length} mã` });
  });
export type FigureColumns = z.infer<typeof FigureColumns>;

/** Figures as columns (FigureColumns), in their order; codes in the order they first appear. */
export function encodeFigures(figures: readonly FigureDto[]): FigureColumns {
  const n = figures.length;
  const out: FigureColumns = { codes: [], unitId: new Array<number>(n), code: new Array<number>(n), year: new Array<number>(n), value: new Array<string>(n) };
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const f = figures[i];
    let k = index.get(f.code);
    if (k === undefined) index.set(f.code, (k = out.codes.push(f.code) - 1));
    out.unitId[i] = f.unitId;
    out.code[i] = k;
    out.year[i] = f.year;
    out.value[i] = f.value;
  }
  return out;
}

/** The figures of FigureColumns, in their order: what every renderer caller of `figures:year-data` reads. */
export function decodeFigures(c: FigureColumns): FigureDto[] {
  const n = c.unitId.length;
  const out = new Array<FigureDto>(n);
  for (let i = 0; i < n; i++) out[i] = { unitId: c.unitId[i], code: c.codes[c.code[i]], year: c.year[i], value: c.value[i] };
  return out;
}

/** The answer of `figures:year-data` as sent: YearDataDto with its figures as columns. */
export const YearDataWire = YearDataDto.extend({ figures: FigureColumns });
export type YearDataWire = z.infer<typeof YearDataWire>;

/** The year's data as the screens read it, from the answer of `figures:year-data`. */
export function decodeYearData(wire: YearDataWire): YearDataDto {
  return { ...wire, figures: decodeFigures(wire.figures) };
}

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
  /** The year's template, settings, units, figures (as columns: decodeYearData) and narratives. */
  yearData: contract({ channel: 'figures:year-data', writes: false, input: z.object({ year: YearNumber }), output: YearDataWire }),
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
