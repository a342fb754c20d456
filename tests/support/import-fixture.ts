/** A demo year with its blank forms generated, the unit values of the demo, and a digest of the whole database. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCore, type CoreContext } from '../../electron/core';
import { loadDemo } from '../../electron/core/services/demo';
import { generateForms } from '../../electron/core/services/forms';
import { ensureYear } from '../../electron/core/services/years';
import { withAccess } from '../../electron/core/access';
import { readYearTemplate } from '../../electron/core/db/repos/year-template';
import { listUnits } from '../../electron/core/db/repos/units';
import { listFigures } from '../../electron/core/db/repos/figures';
import type { Period, UnitDto } from '../../shared/domain/records';
import type { Template } from '../../shared/domain/template';
import { tempDir } from './web-host';

export interface DemoForms {
  ctx: CoreContext;
  dir: string;
  formsDir: string;
  template: Template;
  period: Period;
  units: UnitDto[];
  /** The form bytes of a unit, by unit code. */
  form(code: string): Uint8Array;
  /** The demo value of (unit code, indicator code, year) as a canonical string, or null. */
  demo(unitCode: string, code: string, year: number): string | null;
}

export async function demoWithForms(actor = 'kiểm thử'): Promise<DemoForms> {
  const dir = tempDir();
  const ctx = createCore({ host: 'cli', workspaceDir: dir, actor });
  loadDemo(ctx);
  const db = ensureYear(ctx, 2024);
  const yt = readYearTemplate(db)!;
  const units = listUnits(db);
  const made = await generateForms(ctx, 2024, join(dir, 'bieu-mau'));
  const byUnit = new Map(made.files.map((f) => [f.unitCode, join(made.folder, f.name)]));
  const figures = new Map(listFigures(db).map((f) => [`${f.unitId}|${f.code}|${f.year}`, f.value]));
  const idOf = new Map(units.map((u) => [u.code, u.id]));
  return {
    ctx,
    dir,
    formsDir: made.folder,
    template: yt.template,
    period: yt.regime.period,
    units,
    form: (code) => new Uint8Array(readFileSync(byUnit.get(code)!)),
    demo: (unitCode, code, year) => figures.get(`${idOf.get(unitCode)}|${code}|${year}`) ?? null,
  };
}

/** A digest of every row of every table: equal digests mean nothing at all was stored. */
export function dbDigest(ctx: CoreContext, year = 2024): string {
  const c = withAccess('read', () => ensureYear(ctx, year)).$client;
  const tables = (c.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
  const h = createHash('sha256');
  for (const t of tables) h.update(t).update(JSON.stringify(c.prepare(`SELECT * FROM "${t}"`).raw().all()));
  return h.digest('hex');
}
