/** Settings of a year, one row per top-level key, JSON-encoded; missing keys fall back to the defaults. */
import type { Db } from '../client';
import { settings } from '../schema';
import { DEFAULT_SETTINGS, Settings } from '../../../../shared/domain/settings';

export function readSettings(db: Db): Settings {
  const rows = db.select().from(settings).all();
  const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const r of rows) merged[r.key] = JSON.parse(r.value);
  const parsed = Settings.safeParse(merged);
  return parsed.success ? parsed.data : { ...DEFAULT_SETTINGS };
}

export function writeSettings(db: Db, value: Settings, actor: string, at: string): void {
  for (const [key, v] of Object.entries(value)) {
    const json = JSON.stringify(v);
    db.insert(settings)
      .values({ key, value: json, updatedAt: at, updatedBy: actor })
      .onConflictDoUpdate({ target: settings.key, set: { value: json, updatedAt: at, updatedBy: actor } })
      .run();
  }
}
