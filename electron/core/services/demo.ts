/**
 * Loads the embedded demo (resources/demo/ct08-quang-ngai.json): the seed's jurisdiction with the Directive 08
 * template, its units, per-unit figures whose totals are the seed's counts, its lists and its settings.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { Settings } from '../../../shared/domain/settings';
import { UnitKind } from '../../../shared/domain/template';
import { AppError, describeIssues } from '../../../shared/rpc/envelope';
import type { YearDto } from '../../../shared/rpc/years';
import type { CoreContext } from '../context';
import { inTransaction } from '../db/client';
import { writeFigure } from '../db/repos/figures';
import { insertRow } from '../db/repos/lists';
import { writeSettings } from '../db/repos/settings';
import { insertUnit, listUnits } from '../db/repos/units';
import { chooseTemplate } from './templates';
import { createYear } from './years';

export const DemoData = z.object({
  templateId: z.string(),
  year: z.number().int(),
  period: z.object({ fromYear: z.number().int(), toYear: z.number().int() }),
  settings: Settings,
  units: z.array(z.object({ code: z.string(), name: z.string(), kind: UnitKind, sample: z.boolean() })),
  figures: z.array(z.object({ unit: z.string(), code: z.string(), year: z.number().int(), value: z.string() })),
  lists: z.record(z.string(), z.array(z.object({ unit: z.string().nullable(), values: z.record(z.string(), z.string()) }))),
});
export type DemoData = z.infer<typeof DemoData>;

export function readDemo(ctx: CoreContext, file = 'ct08-quang-ngai.json'): DemoData {
  const r = DemoData.safeParse(JSON.parse(readFileSync(join(ctx.resourcesDir, 'demo', file), 'utf8')));
  if (!r.success) throw new AppError('Internal', `Dữ liệu mẫu hỏng: ${describeIssues(r.error.issues)}`);
  return r.data;
}

/** Creates the demo year in the workspace (refuses when that year exists) and fills it in one transaction. */
export function loadDemo(ctx: CoreContext, demo: DemoData = readDemo(ctx)): YearDto {
  ensureNoYear(ctx, demo.year);
  // Everything goes into the new year file before it gets its final name: a kill leaves no half-made demo year.
  return createYear(ctx, demo.year, (db) => {
    chooseTemplate(ctx, demo.year, { templateId: demo.templateId, period: demo.period });
    const at = ctx.now();
    inTransaction(db, () => {
      writeSettings(db, demo.settings, ctx.actor, at);
      const existing = new Map(listUnits(db).map((u) => [u.code, u.id]));
      demo.units.forEach((u, i) => {
        if (!existing.has(u.code)) existing.set(u.code, insertUnit(db, { ...u, order: i + 1 }, at).id);
      });
      const idOf = (code: string) => {
        const id = existing.get(code);
        if (id === undefined) throw new AppError('Internal', `Dữ liệu mẫu nhắc tới đơn vị ${code} không có trong danh sách.`);
        return id;
      };
      for (const f of demo.figures) writeFigure(db, { unitId: idOf(f.unit), code: f.code, year: f.year, value: f.value }, { kind: 'demo' }, ctx.actor, at);
      for (const [listId, rows] of Object.entries(demo.lists))
        rows.forEach((r, i) => insertRow(db, { listId, unitId: r.unit ? idOf(r.unit) : null, values: r.values, order: i + 1 }, { kind: 'demo' }, ctx.actor, at));
    });
  });
}

function ensureNoYear(ctx: CoreContext, year: number): void {
  if (ctx.workspace?.hasYear(year))
    throw new AppError('Conflict', `Thư mục làm việc đã có năm ${year}; dữ liệu mẫu chỉ tạo vào thư mục chưa có năm này.`);
}
