/** Contracts for report templates: built-in ones, one loaded from a file, and the choice for a year. */
import { z } from 'zod';
import { contract } from './contract';
import { YearNumber } from './years';
import { Template, Regime, NarrativeBlock } from '../domain/template';

export const TemplateSummaryDto = z.object({
  id: z.string(),
  name: z.string(),
  version: z.number().int(),
  description: z.string(),
  period: z.object({ fromYear: z.number().int(), toYear: z.number().int() }),
  /** The template's default regime, which a year moves to itself (regimeForYear) when it has none. */
  regime: Regime,
  indicatorCount: z.number().int(),
});
export type TemplateSummaryDto = z.infer<typeof TemplateSummaryDto>;

export const templatesRpc = {
  builtin: contract({ channel: 'templates:builtin', writes: false, input: z.object({}), output: z.array(TemplateSummaryDto) }),
  /** Checks a template file (JSON text) and returns it; Vietnamese messages name each problem. */
  check: contract({ channel: 'templates:check', writes: false, input: z.object({ fileName: z.string(), text: z.string().max(5_000_000) }), output: Template }),
  /**
   * Chooses the template of a year (a built-in id, or a checked template). Existing figures are kept, and so is
   * the year's regime (period, deadlines, request); `period`, when given, sets the period.
   */
  choose: contract({
    channel: 'templates:choose',
    writes: true,
    input: z.object({
      year: YearNumber,
      templateId: z.string().optional(),
      template: Template.optional(),
      period: z.object({ fromYear: YearNumber, toYear: YearNumber }).optional(),
    }),
    output: z.object({ template: Template, regime: Regime }),
  }),
  /** Sets the year's regime: period, cut-off date, deadlines, the requesting document, sending method, reporters. */
  setRegime: contract({
    channel: 'templates:set-regime',
    writes: true,
    input: z.object({ year: YearNumber, regime: Regime }),
    output: Regime,
  }),
  /** Saves the narrative of one section as edited by the clerk. */
  saveNarrative: contract({
    channel: 'templates:save-narrative',
    writes: true,
    input: z.object({ year: YearNumber, sectionId: z.string(), blocks: z.array(NarrativeBlock) }),
    output: z.object({ sectionId: z.string(), blocks: z.array(NarrativeBlock) }),
  }),
};
