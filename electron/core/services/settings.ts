/** Settings of a year. */
import type { Settings } from '../../../shared/domain/settings';
import type { CoreContext } from '../context';
import { inTransaction } from '../db/client';
import { readSettings, writeSettings } from '../db/repos/settings';
import { ensureYear } from './years';

export function getSettings(ctx: CoreContext, year: number): Settings {
  return readSettings(ensureYear(ctx, year));
}

export function saveSettings(ctx: CoreContext, year: number, value: Settings): Settings {
  const db = ensureYear(ctx, year);
  inTransaction(db, () => writeSettings(db, value, ctx.actor, ctx.now()));
  return readSettings(db);
}
