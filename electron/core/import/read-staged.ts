/**
 * The part of checking a return that depends only on its bytes and the year (template, period, units, remembered
 * own-layout mappings): parse the file and read it, with the clerk's answers. Nothing here touches the database,
 * so it runs the same on the core's thread and in the import read workers (./read-pool.ts); the evaluation that
 * compares the reading with the stored figures (services/import-evaluate.ts) is the same either way.
 */
import { MAX_RETURN_BYTES, type ImportProblem, type LayoutMapping } from '../../../shared/rpc/imports';
import { readXlsx, XlsxReadError } from '../xlsx/read';
import { mappingFromConfirmation, readReturn, type ReadReturn, type YearScope } from './read-return';

/** What the clerk said about one file that the reading depends on. */
export interface ReadChoiceOf {
  unitId?: number;
  /** Command line: accept the proposed own-layout mapping. */
  acceptMapping?: boolean;
}

/** A remembered own-layout mapping by fingerprint. */
export type MappingLookup = (fingerprint: string) => { unitId: number; mapping: LayoutMapping } | null;

/** A file read against the year: either the refusal of the reader, or what it read. */
export type ReadOutcome =
  | { problem: ImportProblem }
  | {
      read: ReadReturn;
      /** When the spreadsheet program last saved the file (docProps/core.xml), ISO. */
      savedAt: string | null;
      /** An own-layout mapping accepted on the command line for this file, to be saved with it. */
      accepted?: { unitId: number; fingerprint: string; mapping: LayoutMapping };
    };

/** Parses and reads one file; a refusal of the reader (it tells what the file really is) is the outcome's problem. */
export function readStaged(bytes: Uint8Array, fileName: string, scope: YearScope, lookup: MappingLookup, choice?: ReadChoiceOf): ReadOutcome {
  let wb;
  try {
    wb = readXlsx(bytes, fileName, { maxFileBytes: MAX_RETURN_BYTES });
  } catch (e) {
    if (e instanceof XlsxReadError) return { problem: { severity: 'error', message: e.message } };
    throw e;
  }
  const savedAt = wb.savedAt ?? null;
  const read = readReturn(wb, fileName, scope, lookup, { unitId: choice?.unitId });
  if (!(choice?.acceptMapping && read.layout === 'own' && read.proposal && !read.mappingRemembered)) return { read, savedAt };
  const p = read.proposal;
  const unitId = choice.unitId ?? p.unitGuess;
  if (unitId === null || unitId === undefined) {
    read.problems.push({ severity: 'warning', message: 'Chưa biết tệp này của đơn vị nào nên chưa ghép được; hãy cho biết đơn vị (--map TỆP=MÃ_ĐƠN_VỊ).' });
    return { read, savedAt };
  }
  const mapping = mappingFromConfirmation(
    p,
    p.rows.map((r) => ({ row: r.row, code: r.code })),
    p.columns.map((c) => ({ col: c.col, year: c.year })),
  );
  const again = readReturn(wb, fileName, scope, (fp) => (fp === p.fingerprint ? { unitId, mapping } : lookup(fp)));
  return { read: again, savedAt, accepted: { unitId, fingerprint: p.fingerprint, mapping } };
}
