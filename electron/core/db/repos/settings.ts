/**
 * Settings of a year, one row per top-level key, JSON-encoded; missing keys fall back to the defaults. The one
 * writer of settings and settings_history: every changed key is appended to the history, old → new (the first
 * settings of a new year, carried from the year before, are its starting point, not a change).
 */
import type { Db } from '../client';
import { settings } from '../schema';
import { DEFAULT_SETTINGS, Settings } from '../../../../shared/domain/settings';
import { preparedFor } from './prepared';

const statements = preparedFor((c) => ({
  all: c.prepare('SELECT key, value FROM settings'),
  history: c.prepare('INSERT INTO settings_history (key, old_value, new_value, changed_at, changed_by) VALUES (?, ?, ?, ?, ?)'),
}));

export function readSettings(db: Db): Settings {
  const rows = db.select().from(settings).all();
  const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const r of rows) merged[r.key] = JSON.parse(r.value);
  const parsed = Settings.safeParse(merged);
  return parsed.success ? parsed.data : { ...DEFAULT_SETTINGS };
}

export function writeSettings(db: Db, value: Settings, actor: string, at: string): void {
  const s = statements(db);
  const before = new Map((s.all.all() as { key: string; value: string }[]).map((r) => [r.key, r.value]));
  for (const [key, v] of Object.entries(value)) {
    const json = JSON.stringify(v);
    const old = before.get(key) ?? null;
    if (old === json) continue;
    db.insert(settings)
      .values({ key, value: json, updatedAt: at, updatedBy: actor })
      .onConflictDoUpdate({ target: settings.key, set: { value: json, updatedAt: at, updatedBy: actor } })
      .run();
    // A key never stored shows its default: the history says default → new, not "(trống)".
    if (before.size > 0) s.history.run(key, old ?? JSON.stringify(DEFAULT_SETTINGS[key as keyof Settings] ?? null), json, at, actor);
  }
}
