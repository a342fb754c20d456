/** Contracts for the units of a year. */
import { z } from 'zod';
import { contract } from './contract';
import { YearNumber } from './years';
import { UnitDto } from '../domain/records';
import { UnitKind } from '../domain/template';

const UnitCode = z
  .string()
  .trim()
  .min(1, 'Nhập mã đơn vị')
  .max(20, 'Mã đơn vị tối đa 20 ký tự')
  .regex(/^[A-Za-z0-9_.-]+$/, 'Mã đơn vị chỉ gồm chữ không dấu, chữ số, dấu chấm, gạch ngang, gạch dưới');
const UnitName = z.string().trim().min(1, 'Nhập tên đơn vị').max(200);

/** A unit's earlier codes: renamed from one, or merged from several (their figures summed in earlier years). */
export const UnitLinkDto = z.object({
  unitId: z.number().int(),
  kind: z.enum(['rename', 'merge']),
  earlier: z.array(z.object({ code: z.string(), name: z.string() })),
});
export type UnitLinkDto = z.infer<typeof UnitLinkDto>;

export const unitsRpc = {
  list: contract({ channel: 'units:list', writes: false, input: z.object({ year: YearNumber }), output: z.array(UnitDto) }),
  add: contract({
    channel: 'units:add',
    writes: true,
    input: z.object({ year: YearNumber, code: UnitCode, name: UnitName, kind: UnitKind }),
    output: UnitDto,
  }),
  /** Renames, changes kind or order, deactivates or reactivates a unit. Figures are kept. */
  update: contract({
    channel: 'units:update',
    writes: true,
    input: z.object({
      year: YearNumber,
      id: z.number().int(),
      name: UnitName.optional(),
      kind: UnitKind.optional(),
      order: z.number().int().optional(),
      active: z.boolean().optional(),
    }),
    output: UnitDto,
  }),
  /** Deletes a unit that has no data at all (no figure, return, list row or note); one with data can only stop reporting. */
  remove: contract({ channel: 'units:remove', writes: true, input: z.object({ year: YearNumber, id: z.number().int() }), output: z.object({ removed: z.literal(true) }) }),
  /** Moves a unit one place up or down: the order of the report and its appendices. */
  move: contract({
    channel: 'units:move',
    writes: true,
    input: z.object({ year: YearNumber, id: z.number().int(), direction: z.enum(['up', 'down']) }),
    output: z.array(UnitDto),
  }),
  /**
   * Drag and drop: puts a unit at the place of another (`onto`): after it when moving down, before it when moving up.
   * The compiling office stays first.
   */
  moveOnto: contract({
    channel: 'units:move-onto',
    writes: true,
    input: z.object({ year: YearNumber, id: z.number().int(), onto: z.number().int() }),
    output: z.array(UnitDto),
  }),
  /** The earlier codes of the year's units (renames and merges). */
  links: contract({ channel: 'units:links', writes: false, input: z.object({ year: YearNumber }), output: z.array(UnitLinkDto) }),
  /**
   * Sets (or with kind `none` clears) a unit's earlier codes: `rename` takes one code, `merge` two or more. Names
   * left blank are read from the latest earlier year file that has the code; `notFound` lists codes no earlier year has.
   */
  setLink: contract({
    channel: 'units:set-link',
    writes: true,
    input: z.object({
      year: YearNumber,
      unitId: z.number().int(),
      kind: z.enum(['rename', 'merge', 'none']),
      earlier: z.array(z.object({ code: UnitCode, name: z.string().trim().max(200).optional() })).max(50),
    }),
    output: z.object({ link: UnitLinkDto.nullable(), notFound: z.array(z.string()) }),
  }),
  /** A blank unit list workbook (Mã, Tên, Loại) to fill in and load back. */
  template: contract({ channel: 'units:template', writes: false, input: z.object({}), output: z.object({ name: z.string(), base64: z.string() }) }),
  /** Loads units from the first sheet of an .xlsx (columns Mã, Tên, Loại); all rows or none. */
  importExcel: contract({
    channel: 'units:import-excel',
    writes: true,
    input: z.object({ year: YearNumber, fileName: z.string(), base64: z.string().max(20_000_000) }),
    output: z.object({ added: z.number().int(), updated: z.number().int(), units: z.array(UnitDto) }),
  }),
};
