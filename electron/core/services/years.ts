/** Reporting years: list and create. A new year starts with the settings and units of the latest earlier year. */
import type { YearDto } from '../../../shared/rpc/years';
import { AppError } from '../../../shared/rpc/envelope';
import { requireWorkspace, type CoreContext } from '../context';
import { currentAccess, dispatchedWrite } from '../access';
import { assertUnlocked } from './year-lock';
import { inTransaction, type Db } from '../db/client';
import { getMeta, setMeta } from '../db/repos/meta';
import { readSettings, writeSettings } from '../db/repos/settings';
import { countUnits, insertUnit, listUnits } from '../db/repos/units';
import { readYearTemplate } from '../db/repos/year-template';
import { DEFAULT_SETTINGS } from '../../../shared/domain/settings';
import { yearFileName } from '../workspace/workspace';
import { carryUnitLinks } from './unit-links';

export function describeYear(db: Db, year: number): YearDto {
  const yt = readYearTemplate(db);
  return {
    year,
    file: yearFileName(year),
    createdAt: getMeta(db, 'created_at') ?? '',
    template: yt ? { id: yt.template.id, name: yt.template.name, version: yt.template.version } : null,
    period: yt ? yt.regime.period : null,
    unitCount: countUnits(db),
    ...(db.$client.readonly ? { readOnly: true } : {}),
    ...(getMeta(db, 'seal') !== null ? { sealed: true } : {}),
  };
}

/** Every year of the workspace; one whose file does not open is listed with the reason, the others as usual. */
export function listYears(ctx: CoreContext): YearDto[] {
  const ws = requireWorkspace(ctx);
  return ws.listYears().map((y) => {
    try {
      return describeYear(ws.db(y), y);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      return { year: y, file: yearFileName(y), createdAt: '', template: null, period: null, unitCount: 0, problem: e.message };
    }
  });
}

/**
 * Creates the year file; carries over settings and units from the latest earlier year. The file is built under a
 * temporary name and renamed when complete (`then` adds more to it first, e.g. the demo data), so a crash never
 * leaves a half-made year under the final name.
 */
export function createYear(ctx: CoreContext, year: number, then?: (db: Db) => void): YearDto {
  const ws = requireWorkspace(ctx);
  const previous = ws.listYears().find((y) => y < year);
  const prevDb = previous !== undefined ? ws.db(previous) : null;
  const prevSettings = prevDb ? readSettings(prevDb) : DEFAULT_SETTINGS;
  const prevUnits = prevDb ? listUnits(prevDb) : [];
  ws.buildYearFile(year, (db) => {
    const at = ctx.now();
    inTransaction(db, () => {
      setMeta(db, 'year', String(year));
      setMeta(db, 'created_at', at);
      setMeta(db, 'created_by', ctx.actor);
      setMeta(db, 'app_version', ctx.version);
      if (previous !== undefined) setMeta(db, 'carried_from', String(previous));
      writeSettings(db, prevSettings, ctx.actor, at);
      for (const u of prevUnits) insertUnit(db, u, at);
      if (prevDb) carryUnitLinks(prevDb, db, ctx.actor, at);
    });
    then?.(db);
  });
  return describeYear(ws.db(year), year);
}

/**
 * The year file for the call running now, through the write gate: a call that only reads gets a read-only
 * connection; a call that writes gets the writable one, unless the year is locked (approved or sealed), which is
 * refused with who locked it, when and how to unlock. Every service reaches a year through here.
 */
export function ensureYear(ctx: CoreContext, year: number): Db {
  const ws = requireWorkspace(ctx);
  if (currentAccess() === 'read') return ws.readDb(year);
  // On a read-only medium, or with the workspace open in another window or computer, a dispatched write is refused
  // up front: a save that happens to change nothing must not look saved there either. (Command-line code runs
  // outside the dispatcher and meets SQLite's own read-only refusal, explained by faults/explain.ts.)
  if (ws.readOnly && dispatchedWrite()) throw ws.readOnlyError(`thay đổi chưa được lưu vào năm ${year}`);
  const db = ws.db(year);
  assertUnlocked(db, year);
  return db;
}
