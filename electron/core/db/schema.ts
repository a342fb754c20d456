/**
 * The schema of one year file. Migrations are generated from this file by drizzle-kit and never edited after they land.
 * Figures and list rows keep their provenance (`source`, JSON) and every change goes to a history table.
 */
import { sqliteTable, integer, text, blob, primaryKey, index, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** Key/value facts about the file itself (year, created_at, app version that created it). */
export const meta = sqliteTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/** Settings of the year (issuer, signer, recipients…), each value JSON-encoded. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
});

/** The template chosen for the year (a full copy) and the year's own regime (period, request, deadlines). */
export const yearTemplate = sqliteTable('year_template', {
  id: integer('id').primaryKey(),
  templateId: text('template_id').notNull(),
  templateVersion: integer('template_version').notNull(),
  templateJson: text('template_json').notNull(),
  regimeJson: text('regime_json').notNull(),
  chosenAt: text('chosen_at').notNull(),
  chosenBy: text('chosen_by').notNull(),
});

export const units = sqliteTable(
  'units',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    sortOrder: integer('sort_order').notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    sample: integer('sample', { mode: 'boolean' }).notNull().default(false),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [uniqueIndex('units_code_unique').on(t.code)],
);

/**
 * Current value of (unit, indicator, year); year 0 = the whole period. In the year file a WITHOUT ROWID table
 * (migration 0007, which drizzle's schema cannot express): each figure is stored once, in its key. A migration
 * that rebuilds this table must keep WITHOUT ROWID (tests/db/figures-table.test.ts fails otherwise).
 */
export const figures = sqliteTable(
  'figures',
  {
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    code: text('code').notNull(),
    year: integer('year').notNull(),
    value: text('value').notNull(),
    source: text('source').notNull(),
    updatedAt: text('updated_at').notNull(),
    updatedBy: text('updated_by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.code, t.year] })],
);

/** Every change of a figure, oldest first; `newValue` null means the value was cleared. */
export const figureHistory = sqliteTable(
  'figure_history',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    code: text('code').notNull(),
    year: integer('year').notNull(),
    oldValue: text('old_value'),
    newValue: text('new_value'),
    source: text('source').notNull(),
    changedAt: text('changed_at').notNull(),
    changedBy: text('changed_by').notNull(),
  },
  (t) => [index('figure_history_cell').on(t.unitId, t.code, t.year)],
);

/** Rows of the template's lists (documents issued, models, work teams…); `values` is a JSON object by column key. */
export const listRows = sqliteTable(
  'list_rows',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    listId: text('list_id').notNull(),
    unitId: integer('unit_id').references(() => units.id),
    sortOrder: integer('sort_order').notNull(),
    values: text('values').notNull(),
    source: text('source').notNull(),
    updatedAt: text('updated_at').notNull(),
    updatedBy: text('updated_by').notNull(),
  },
  (t) => [index('list_rows_list').on(t.listId, t.sortOrder), index('list_rows_unit').on(t.unitId)],
);

/** Every change of a list row; a null side means the row was added or deleted. */
export const listHistory = sqliteTable('list_history', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  rowId: integer('row_id').notNull(),
  listId: text('list_id').notNull(),
  oldValues: text('old_values'),
  newValues: text('new_values'),
  source: text('source').notNull(),
  changedAt: text('changed_at').notNull(),
  changedBy: text('changed_by').notNull(),
});

/** The narrative of each outline section as the clerk edited it (JSON array of blocks). */
export const narratives = sqliteTable('narratives', {
  sectionId: text('section_id').primaryKey(),
  blocks: text('blocks').notNull(),
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
});

/**
 * Every unit return accepted into the year; its original bytes are in `import_files` (kept so the archive shows what was sent).
 * A later return of the same unit supersedes the earlier one (`supersededBy`); both stay.
 */
export const imports = sqliteTable(
  'imports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    fileName: text('file_name').notNull(),
    sha256: text('sha256').notNull(),
    size: integer('size').notNull(),
    /** 'form' (our blank form, identified by its meta sheet) or 'own' (the unit's own layout, mapped by labels). */
    layout: text('layout').notNull(),
    /** JSON: counts of figures, list rows and notes read, and the warnings shown at import. */
    summary: text('summary').notNull(),
    warningCount: integer('warning_count').notNull(),
    importedAt: text('imported_at').notNull(),
    importedBy: text('imported_by').notNull(),
    supersededBy: integer('superseded_by'),
  },
  (t) => [index('imports_unit').on(t.unitId), index('imports_sha').on(t.sha256)],
);

/** The original bytes of each accepted return, apart from its row so that listing returns never reads them. */
export const importFiles = sqliteTable('import_files', {
  importId: integer('import_id')
    .primaryKey()
    .references(() => imports.id),
  bytes: blob('bytes', { mode: 'buffer' }).notNull(),
});

/** What a unit wrote in the notes sheet of its form, per outline section. */
export const unitNotes = sqliteTable(
  'unit_notes',
  {
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    sectionId: text('section_id').notNull(),
    text: text('text').notNull(),
    source: text('source').notNull(),
    updatedAt: text('updated_at').notNull(),
    updatedBy: text('updated_by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.sectionId] })],
);

/**
 * How a unit's own spreadsheet layout (no meta sheet) maps onto indicators, as the clerk confirmed it.
 * `fingerprint` identifies the layout (sheet and folded row labels), so the next return in the same layout maps itself.
 */
export const layoutMappings = sqliteTable(
  'layout_mappings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    fingerprint: text('fingerprint').notNull(),
    mapping: text('mapping').notNull(),
    confirmedAt: text('confirmed_at').notNull(),
    confirmedBy: text('confirmed_by').notNull(),
  },
  (t) => [uniqueIndex('layout_mappings_unit_fp').on(t.unitId, t.fingerprint)],
);

/**
 * What the clerk did with a finding of the consistency checks: an automatic fix (the paragraph before and after)
 * or a dismissal with its reason. Kept as history; a dismissal is undone by a later 'restore' row.
 */
export const checkEvents = sqliteTable(
  'check_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: ['fix', 'dismiss', 'restore'] }).notNull(),
    findingId: text('finding_id').notNull(),
    checkCode: text('check_code').notNull(),
    sectionId: text('section_id'),
    message: text('message').notNull(),
    before: text('before'),
    after: text('after'),
    reason: text('reason'),
    at: text('at').notNull(),
    by: text('by').notNull(),
  },
  (t) => [index('check_events_finding').on(t.findingId)],
);

/**
 * The review of the year's report, one row per transition (draft → submitted → returned/approved → issued; unlock
 * back to draft). The state of the report is the `toState` of the last row (draft when there is none). Who is the
 * display name and role chosen on the machine; `detail` is JSON (issue number and date, an override of open errors).
 */
export const reviewTransitions = sqliteTable('review_transitions', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  action: text('action').notNull(),
  fromState: text('from_state').notNull(),
  toState: text('to_state').notNull(),
  version: integer('version'),
  note: text('note'),
  detail: text('detail'),
  byName: text('by_name').notNull(),
  byRole: text('by_role').notNull(),
  at: text('at').notNull(),
});

/**
 * A version of the report as submitted to the leader (or issued): the document model, the figures it used and the
 * settings, as JSON, and the files generated for it with their sha256 (`files`, JSON). Never changed once written.
 */
export const reportVersions = sqliteTable('report_versions', {
  number: integer('number').primaryKey(),
  kind: text('kind', { enum: ['draft', 'final'] }).notNull(),
  modelJson: text('model_json').notNull(),
  figuresJson: text('figures_json').notNull(),
  settingsJson: text('settings_json').notNull(),
  files: text('files').notNull(),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
});

/** A leader's comment on a section or paragraph of a submitted version; open until the clerk resolves it. */
export const reviewComments = sqliteTable(
  'review_comments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    version: integer('version').notNull(),
    sectionId: text('section_id').notNull(),
    paragraph: integer('paragraph'),
    excerpt: text('excerpt').notNull(),
    text: text('text').notNull(),
    byName: text('by_name').notNull(),
    byRole: text('by_role').notNull(),
    at: text('at').notNull(),
    resolvedAt: text('resolved_at'),
    resolvedBy: text('resolved_by'),
  },
  (t) => [index('review_comments_section').on(t.sectionId)],
);

/** The signed paper's scan (PDF or image), kept in the year file and copied to the year's folder. */
export const signedScans = sqliteTable('signed_scans', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  storedName: text('stored_name').notNull(),
  mime: text('mime').notNull(),
  size: integer('size').notNull(),
  sha256: text('sha256').notNull(),
  bytes: blob('bytes', { mode: 'buffer' }).notNull(),
  at: text('at').notNull(),
  byName: text('by_name').notNull(),
});

/**
 * A unit's earlier codes, since communes were merged and renamed: a rename has one earlier code, a merge several
 * (their figures are summed). Multi-year figures read from earlier sealed years follow these links; a new year
 * carries them over from the year it is made from.
 */
export const unitLinks = sqliteTable(
  'unit_links',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    kind: text('kind', { enum: ['rename', 'merge'] }).notNull(),
    earlierCode: text('earlier_code').notNull(),
    earlierName: text('earlier_name').notNull(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
  },
  (t) => [uniqueIndex('unit_links_unit_code').on(t.unitId, t.earlierCode)],
);

/** Every change of a section's narrative (JSON blocks); a null side means there was none (the template's own). */
export const narrativeHistory = sqliteTable(
  'narrative_history',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sectionId: text('section_id').notNull(),
    oldBlocks: text('old_blocks'),
    newBlocks: text('new_blocks'),
    source: text('source').notNull(),
    changedAt: text('changed_at').notNull(),
    changedBy: text('changed_by').notNull(),
  },
  (t) => [index('narrative_history_section').on(t.sectionId)],
);

/** Every change of a setting (JSON values); a null side means the key was not set. */
export const settingsHistory = sqliteTable(
  'settings_history',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    key: text('key').notNull(),
    oldValue: text('old_value'),
    newValue: text('new_value'),
    changedAt: text('changed_at').notNull(),
    changedBy: text('changed_by').notNull(),
  },
  (t) => [index('settings_history_key').on(t.key)],
);

/**
 * Every change of a unit made in the year (added, renamed, kind, stopped or resumed, moved, deleted), as JSON of the
 * fields that changed, old → new; a null side means the unit did not exist. Units carried into a new year are its
 * start, not changes. `unit_id` is kept without a foreign key: a deleted unit's history stays.
 */
export const unitHistory = sqliteTable(
  'unit_history',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    unitId: integer('unit_id').notNull(),
    code: text('code').notNull(),
    oldValues: text('old_values'),
    newValues: text('new_values'),
    changedAt: text('changed_at').notNull(),
    changedBy: text('changed_by').notNull(),
  },
  (t) => [index('unit_history_unit').on(t.unitId)],
);
