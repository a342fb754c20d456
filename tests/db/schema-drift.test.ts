/**
 * `schema.ts` and the generated migrations must describe the same database: a column added to the schema without
 * `npm run db:generate` would exist in the code's types but not in any year file. drizzle-kit's own differ compares
 * the schema with the snapshot of the last migration; no statement may come out.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as schema from '../../electron/core/db/schema';
import { MIGRATIONS_FOLDER } from '../../electron/core/db/client';

async function pending(s: Record<string, unknown>): Promise<string[]> {
  const api = await import('drizzle-kit/api');
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: { idx: number }[] };
  const last = String(journal.entries.at(-1)!.idx).padStart(4, '0');
  const snapshot = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta', `${last}_snapshot.json`), 'utf8')) as never;
  return api.generateSQLiteMigration(snapshot, await api.generateSQLiteDrizzleJson(s));
}

describe('schema and migrations', () => {
  it('have not drifted apart: the last migration snapshot is the schema', async () => {
    expect(await pending(schema)).toEqual([]);
  }, 60_000);

  it('would be caught drifting: a table the migrations lack shows as a statement', async () => {
    const { sqliteTable, text } = await import('drizzle-orm/sqlite-core');
    const extra = sqliteTable('khong_co_trong_migration', { id: text('id').primaryKey() });
    const statements = await pending({ ...schema, extra });
    expect(statements.join('\n')).toMatch(/CREATE TABLE `khong_co_trong_migration`/);
  }, 60_000);
});
