/**
 * Reads a unit's return from a parsed workbook: identifies it (our meta sheet, or the unit's own layout matched
 * by labels), and extracts figures, list rows and notes with the sheet and cell each came from. Nothing here
 * touches the database.
 */
import type { LayoutMapping } from '../../../shared/rpc/imports';
import { META_APP, META_KEYS, SHEETS } from '../forms/layout';
import type { Workbook } from '../xlsx/read';
import type { ReadChoice, ReadReturn, YearScope } from './read-common';
import { readFormReturn, readMeta } from './read-form';
import { readOwn } from './read-own';

export type { ReadChoice, ReadFigure, ReadListRow, ReadReturn, YearScope } from './read-common';
export { unitsNamedIn } from './read-form';
export { applyMapping, mappingFromConfirmation } from './read-own';

/** Identifies and reads a parsed workbook. `remembered` looks up a confirmed own-layout mapping by fingerprint. */
export function readReturn(
  wb: Workbook,
  fileName: string,
  scope: YearScope,
  remembered: (fingerprint: string) => { unitId: number; mapping: LayoutMapping } | null,
  choice: ReadChoice = {},
): ReadReturn {
  const metaSheet = wb.sheets.find((s) => s.name === SHEETS.meta);
  const meta = metaSheet ? readMeta(metaSheet) : null;
  if (meta && meta.get(META_KEYS.app) === META_APP) return readFormReturn(wb, meta, fileName, scope, choice);
  return readOwn(wb, fileName, scope, remembered);
}

