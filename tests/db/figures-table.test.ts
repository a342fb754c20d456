/**
 * The figures table as the year file holds it (migrations 0006 and 0007): keyed by (unit, indicator, year) with no
 * rowid and no second index, so a province import writes each figure once instead of three times. A year file of
 * the previous version is rebuilt that way on opening, with every row kept and its backup taken first.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { closeCore, createCore, type CoreContext } from '../../electron/core';
import { loadDemo, readDemo } from '../../electron/core/services/demo';
import { fingerprintOf } from '../../electron/core/archive/dump';
import { yearData } from '../../electron/core/services/figures';
import { tempDir } from '../support/web-host';
import { migrationsBefore } from '../support/migrations';

const ACTOR = 'kiểm thử';
const dirs: string[] = [];
const cores: CoreContext[] = [];
function core(dir: string, migrationsFolder?: string): CoreContext {
  const c = createCore({ host: 'cli', workspaceDir: dir, actor: ACTOR, ...(migrationsFolder ? { dbOptions: { migrationsFolder } } : {}) });
  cores.push(c);
  return c;
}
function dir(): string {
  const d = tempDir();
  dirs.push(d);
  return d;
}
afterEach(() => {
  cores.splice(0).forEach(closeCore);
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function shape(file: string): { sql: string; indexes: string[] } {
  const c = new Database(file, { readonly: true });
  try {
    const { sql } = c.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'figures'").get() as { sql: string };
    const indexes = (c.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'figures'").all() as { name: string }[]).map((r) => r.name);
    return { sql, indexes };
  } finally {
    c.close();
  }
}

/** Every table's digest of the canonical dump but drizzle's own record of the migrations run. */
function digests(file: string): Record<string, string> {
  const c = new Database(file, { readonly: true });
  try {
    return Object.fromEntries(fingerprintOf(c).tables.filter((t) => t.name !== '__drizzle_migrations').map((t) => [t.name, `${t.rows} ${t.sha256}`]));
  } finally {
    c.close();
  }
}

describe('the figures table', () => {
  it('is a WITHOUT ROWID table keyed by unit, indicator and year, with no other index, in a new year file', () => {
    const d = dir();
    const ctx = core(d);
    loadDemo(ctx, readDemo(ctx));
    closeCore(ctx);
    const { sql, indexes } = shape(join(d, 'tonghop-2024.sqlite'));
    expect(sql).toMatch(/PRIMARY KEY\s*\(\s*`unit_id`\s*,\s*`code`\s*,\s*`year`\s*\)/);
    expect(sql).toMatch(/\)\s*WITHOUT ROWID\s*$/);
    expect(indexes).toEqual([]);
  });

  it('of a year file from the previous version is rebuilt on opening, after a backup, with every row and all other data as they were', () => {
    // The migrations of the previous version (0000 - 0005).
    const old = migrationsBefore(join(dir(), 'migrations'), '0006');

    const d = dir();
    const file = join(d, 'tonghop-2024.sqlite');
    const before = core(d, old);
    const demo = readDemo(before);
    loadDemo(before, demo);
    closeCore(before);
    const was = shape(file);
    expect(was.sql).not.toMatch(/WITHOUT ROWID/);
    expect(was.indexes).toContain('figures_code');
    const dump = digests(file);
    expect(dump.figures).toMatch(new RegExp(`^${demo.figures.length} `));

    const ctx = core(d);
    const figures = yearData(ctx, 2024).figures;
    closeCore(ctx);
    const now = shape(file);
    expect(now.sql).toMatch(/WITHOUT ROWID/);
    expect(now.indexes).toEqual([]);
    // Same rows in every table (the figures' digest covers each value, source, time and author).
    expect(digests(file)).toEqual(dump);
    expect(figures).toHaveLength(demo.figures.length);
    expect(readdirSync(join(d, 'tonghop-2024', 'sao-luu')).some((f) => f.includes('truoc-nang-cap-v6'))).toBe(true);
  });
});
