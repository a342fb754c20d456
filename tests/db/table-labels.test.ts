/** Every table of a year file has the clerk's name for it, so a change found after sealing says where in Vietnamese. */
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { TABLE_LABELS } from '../../electron/core/archive/dump';
import { createYear } from '../../electron/core/services/years';
import { tempCore } from '../support/builders';

const core = tempCore();
afterAll(() => core.close());

describe('table labels', () => {
  it('name every table of a new year file', () => {
    createYear(core.ctx, 2024);
    core.ctx.workspace!.closeYear(2024);
    const c = new Database(join(core.dir, 'tonghop-2024.sqlite'), { readonly: true });
    const names = (c.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]).map((r) => r.name);
    c.close();
    expect(names.length).toBeGreaterThan(10);
    expect(names.filter((n) => !TABLE_LABELS[n])).toEqual([]);
  });
});
