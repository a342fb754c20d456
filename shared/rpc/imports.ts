/**
 * Contracts for unit returns: check a batch (dry run), confirm an own-layout mapping, commit chosen files,
 * see who has returned, download an original, and trace a figure back to its file and cell.
 */
import { z } from 'zod';
import { contract } from './contract';
import { YearNumber } from './years';
import { FigureSource } from './figures';

/** 20 MB: larger than any return a unit sends; the reader refuses bigger files before unzipping them. */
export const MAX_RETURN_BYTES = 20 * 1024 * 1024;

export const ImportProblem = z.object({
  severity: z.enum(['error', 'warning']),
  sheet: z.string().optional(),
  /** A1-style reference, e.g. "E12". */
  cell: z.string().optional(),
  /** Vietnamese. */
  message: z.string(),
});
export type ImportProblem = z.infer<typeof ImportProblem>;

export const DiffEntry = z.object({
  code: z.string(),
  label: z.string(),
  /** The unit of measure ("đơn", "người"), not the reporting unit. */
  measure: z.string(),
  /** Calendar year, or 0 for the whole period. */
  year: z.number().int(),
  old: z.string().nullable(),
  new: z.string().nullable(),
});
export type DiffEntry = z.infer<typeof DiffEntry>;

/** How a unit's own layout maps onto indicators: rows by their (folded) label, year columns by position. */
export const LayoutMapping = z.object({
  sheet: z.string(),
  labelCol: z.number().int().positive(),
  headerRow: z.number().int().positive(),
  rows: z.array(z.object({ label: z.string(), code: z.string() })),
  columns: z.array(z.object({ col: z.number().int().positive(), year: z.number().int() })),
});
export type LayoutMapping = z.infer<typeof LayoutMapping>;

/** What the app proposes for a file without our meta sheet; the clerk confirms or corrects it. */
export const MappingProposal = z.object({
  fingerprint: z.string(),
  sheet: z.string(),
  labelCol: z.number().int(),
  headerRow: z.number().int(),
  unitGuess: z.number().int().nullable(),
  rows: z.array(z.object({ row: z.number().int(), label: z.string(), code: z.string().nullable(), sample: z.string() })),
  columns: z.array(z.object({ col: z.number().int(), header: z.string(), year: z.number().int().nullable() })),
});
export type MappingProposal = z.infer<typeof MappingProposal>;

/**
 * What the clerk must say explicitly before a file is imported:
 * older — an older return than the unit's current one (or than another file of the batch); it is skipped unless chosen;
 * choose — several different returns of one unit whose order cannot be told; one must be chosen;
 * erase — the return would remove several figures already stored;
 * empty — the return holds no figure at all (import only if the unit had nothing to report);
 * unit — the unit named on the sheet or in the file name is not the unit the form was made for.
 */
export const DecisionKind = z.enum(['older', 'choose', 'erase', 'empty', 'unit']);
export type DecisionKind = z.infer<typeof DecisionKind>;
export const Decision = z.object({ kind: DecisionKind, message: z.string() });
export type Decision = z.infer<typeof Decision>;

/** When the file was made, as far as can be told: shown to the clerk, used to find the newest return of a unit. */
export const FileTimes = z.object({
  /** When the spreadsheet program last saved the workbook (docProps/core.xml), ISO. */
  savedAt: z.string().nullable(),
  /** The file's own modified time on disk, ISO, as given by the host. */
  fileModifiedAt: z.string().nullable(),
  /** When the blank form was generated (our meta sheet), ISO. */
  generatedAt: z.string().nullable(),
});
export type FileTimes = z.infer<typeof FileTimes>;

export const FileCheck = z.object({
  /** Staging id (sha256 of the bytes) used to commit or confirm. */
  id: z.string(),
  fileName: z.string(),
  size: z.number().int(),
  /**
   * ready: can be imported · unchanged: this exact file is already the unit's current return ·
   * older: an older return, skipped unless the clerk chooses it · needs-decision: see `decisions` ·
   * needs-mapping: the unit's own layout, the clerk must confirm unit and rows · refused: nothing will be stored ·
   * skipped: not a spreadsheet return (lock file, PDF, image…), not read.
   */
  status: z.enum(['ready', 'unchanged', 'older', 'needs-decision', 'needs-mapping', 'refused', 'skipped']),
  /** What must be accepted explicitly before the file can be imported (empty when none). */
  decisions: z.array(Decision),
  times: FileTimes,
  /** For a `unit` decision: the units the file could belong to (the form's own unit first). */
  unitChoices: z.array(z.object({ id: z.number().int(), code: z.string(), name: z.string() })),
  layout: z.enum(['form', 'own']).nullable(),
  unit: z.object({ id: z.number().int(), code: z.string(), name: z.string() }).nullable(),
  counts: z.object({ figures: z.number().int(), listRows: z.number().int(), notes: z.number().int() }),
  problems: z.array(ImportProblem),
  /** The previous accepted return of the unit, which this one would replace. */
  replaces: z.object({ importId: z.number().int(), fileName: z.string(), importedAt: z.string() }).nullable(),
  /** Cells whose stored value would change (old → new). */
  diff: z.array(DiffEntry),
  /** Rows of lists before → after, per list label, when they change. */
  listChanges: z.array(z.object({ label: z.string(), before: z.number().int(), after: z.number().int() })),
  /** Sections whose unit note would change, with the note before and after (null: none). */
  noteChanges: z.array(z.object({ sectionId: z.string(), section: z.string(), before: z.string().nullable(), after: z.string().nullable() })),
  proposal: MappingProposal.nullable(),
  /** The mapping was applied from an earlier confirmation. */
  mappingRemembered: z.boolean(),
});
export type FileCheck = z.infer<typeof FileCheck>;

export const UploadedFile = z.object({
  name: z.string().min(1).max(255),
  base64: z.string().max(Math.ceil((MAX_RETURN_BYTES * 4) / 3) + 8),
  /** The file's modified time on disk (ISO), when the host knows it. */
  modifiedAt: z.string().max(40).optional(),
});

/** The clerk's explicit answers for one staged file: decisions accepted, and the unit when the file's unit was in doubt. */
export const CommitChoice = z.object({ id: z.string(), accept: z.array(DecisionKind), unitId: z.number().int().optional() });
export type CommitChoice = z.infer<typeof CommitChoice>;

/** How many stored things an import changed (or, in a dry run, would change). */
export const ChangeCounts = z.object({ figures: z.number().int(), listRows: z.number().int(), notes: z.number().int() });
export type ChangeCounts = z.infer<typeof ChangeCounts>;

export const CommitResult = z.object({
  id: z.string(),
  fileName: z.string(),
  status: z.enum(['imported', 'unchanged', 'refused']),
  importId: z.number().int().nullable(),
  changed: z.number().int(),
  changes: ChangeCounts,
  message: z.string(),
});
export type CommitResult = z.infer<typeof CommitResult>;

export const UnitReturnStatus = z.object({
  unitId: z.number().int(),
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  returned: z.boolean(),
  importId: z.number().int().nullable(),
  fileName: z.string().nullable(),
  importedAt: z.string().nullable(),
  importedBy: z.string().nullable(),
  warningCount: z.number().int(),
  /** How many returns were accepted for the unit (later ones replace earlier ones). */
  returns: z.number().int(),
  late: z.boolean(),
  /** Figures stored for the unit, whatever their source. */
  figureCount: z.number().int(),
});
export type UnitReturnStatus = z.infer<typeof UnitReturnStatus>;

export const ReturnsStatus = z.object({
  deadline: z.string().nullable(),
  today: z.string(),
  units: z.array(UnitReturnStatus),
});
export type ReturnsStatus = z.infer<typeof ReturnsStatus>;

export const ProvenanceEntry = z.object({
  unitId: z.number().int(),
  unitName: z.string(),
  year: z.number().int(),
  value: z.string(),
  source: FigureSource,
  updatedAt: z.string(),
  updatedBy: z.string(),
  importedAt: z.string().nullable(),
  importedBy: z.string().nullable(),
});
export type ProvenanceEntry = z.infer<typeof ProvenanceEntry>;

export const UnitNoteDto = z.object({ unitId: z.number().int(), unitName: z.string(), sectionId: z.string(), text: z.string() });
export type UnitNoteDto = z.infer<typeof UnitNoteDto>;

export const importsRpc = {
  /** Reads and validates files without storing anything (dry run); the files stay staged for commit. */
  check: contract({
    channel: 'imports:check',
    writes: false,
    input: z.object({ year: YearNumber, files: z.array(UploadedFile).min(1).max(50) }),
    output: z.array(FileCheck),
  }),
  /** Checks a staged file again with the clerk's answers (the unit it belongs to, decisions accepted); stores nothing. */
  recheck: contract({ channel: 'imports:recheck', writes: false, input: z.object({ year: YearNumber, choice: CommitChoice }), output: FileCheck }),
  /** Confirms the unit and the row/column mapping of an own-layout file; remembered for the unit's next return. */
  confirmMapping: contract({
    channel: 'imports:confirm-mapping',
    writes: true,
    input: z.object({
      year: YearNumber,
      id: z.string(),
      unitId: z.number().int(),
      rows: z.array(z.object({ row: z.number().int(), code: z.string().nullable() })),
      columns: z.array(z.object({ col: z.number().int(), year: z.number().int().nullable() })),
    }),
    output: FileCheck,
  }),
  /**
   * Imports staged files, each in its own transaction: a file is stored whole or not at all. A file that needs a
   * decision (older, erase, empty, unit…) is refused unless `choices` accepts it.
   */
  commit: contract({
    channel: 'imports:commit',
    writes: true,
    input: z.object({ year: YearNumber, ids: z.array(z.string()).min(1).max(1000), choices: z.array(CommitChoice).max(1000).optional() }),
    output: z.array(CommitResult),
  }),
  /** Which units have returned, when, with which file, and who is late against the deadline. */
  status: contract({ channel: 'imports:status', writes: false, input: z.object({ year: YearNumber }), output: ReturnsStatus }),
  /** The original bytes of an accepted return, as the unit sent them. */
  original: contract({
    channel: 'imports:original',
    writes: false,
    input: z.object({ year: YearNumber, importId: z.number().int() }),
    output: z.object({ name: z.string(), base64: z.string(), sha256: z.string() }),
  }),
  /** What units wrote in the notes sheet of their returns, per outline section, in unit order. */
  notes: contract({ channel: 'imports:notes', writes: false, input: z.object({ year: YearNumber }), output: z.array(UnitNoteDto) }),
  /** Where the values of one indicator come from: unit, year, file, sheet and cell, import time. */
  provenance: contract({
    channel: 'imports:provenance',
    writes: false,
    input: z.object({ year: YearNumber, code: z.string(), figureYear: z.number().int().optional(), unitId: z.number().int().optional() }),
    output: z.array(ProvenanceEntry),
  }),
};
