/**
 * Each return of a batch is stored whole or not at all, also when writing it fails halfway: the batch's other returns
 * are stored, the failing one leaves no import, figure, history row or list row behind, and its result says that
 * nothing was saved from it. The failure is made by SQLite itself (a temporary trigger on this connection that
 * refuses the history rows of one unit), after the return's import row and figures were already written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { closeCore } from '../../electron/core';
import { importFiles } from '../../electron/core/services/imports';
import { ensureYear } from '../../electron/core/services/years';
import { demoWithForms, type DemoForms } from '../support/import-fixture';
import { fillForm } from '../support/returns';

let d: DemoForms;
beforeAll(async () => {
  d = await demoWithForms();
}, 180_000);
afterAll(() => {
  closeCore(d.ctx);
  rmSync(d.dir, { recursive: true, force: true });
});

const YEAR = 2024;

/** What is stored of a unit: its imports, figures with history, and list rows. */
function storedOf(unitId: number) {
  const c = ensureYear(d.ctx, YEAR).$client;
  const rows = (sql: string) => c.prepare(sql).raw().all(unitId);
  return {
    imports: rows('SELECT id, file_name FROM imports WHERE unit_id = ? ORDER BY id'),
    figures: rows('SELECT code, year, value, source FROM figures WHERE unit_id = ? ORDER BY code, year'),
    history: rows('SELECT code, year, old_value, new_value FROM figure_history WHERE unit_id = ? ORDER BY id'),
    lists: rows('SELECT list_id, sort_order, "values" FROM list_rows WHERE unit_id = ? ORDER BY list_id, sort_order'),
  };
}

describe('a return whose writing fails halfway', () => {
  it('leaves nothing of itself, while the other returns of the batch are stored', async () => {
    const communes = d.units.filter((u) => u.kind === 'xa').slice(0, 3);
    expect(communes).toHaveLength(3);
    // Every figure the demo has, doubled: each return changes its unit's figures.
    const files = await Promise.all(
      communes.map(async (u) => ({
        name: `Bao-cao-${u.code}.xlsx`,
        bytes: await fillForm(d.form(u.code), d.period, (code, year) => {
          const v = d.demo(u.code, code, year);
          return v === null || Number.isNaN(Number(v)) ? undefined : Number(v) * 2;
        }),
      })),
    );
    const failing = communes[1];
    const before = communes.map((u) => storedOf(u.id));
    const c = ensureYear(d.ctx, YEAR).$client;
    c.exec(
      `CREATE TEMP TRIGGER fail_history BEFORE INSERT ON main.figure_history WHEN NEW.unit_id = ${failing.id} ` +
        `BEGIN SELECT RAISE(ABORT, 'ổ đĩa giả lập hỏng'); END`,
    );
    try {
      const results = importFiles(d.ctx, YEAR, files, { dryRun: false });
      expect(results.map((r) => r.result?.status)).toEqual(['imported', 'refused', 'imported']);
      expect(results[1].result!.message).toMatch(/^Chưa lưu gì từ tệp này/);
      expect(results[1].result!.message).toContain('ổ đĩa giả lập hỏng');
      // The failing unit: exactly as before the batch.
      expect(storedOf(failing.id)).toEqual(before[1]);
      // The others: one more import each, their figures doubled and attributed to it.
      for (const k of [0, 2]) {
        const now = storedOf(communes[k].id);
        expect(now.imports.length).toBe(before[k].imports.length + 1);
        expect(now.history.length).toBeGreaterThan(before[k].history.length);
        const importId = (now.imports.at(-1) as unknown[])[0] as number;
        const changed = now.figures.filter((f) => String((f as unknown[])[3]).includes(`"importId":${importId}`));
        expect(changed.length).toBeGreaterThan(0);
        for (const f of changed) {
          const [code, year, value] = f as [string, number, string];
          expect(Number(value)).toBe(Number(d.demo(communes[k].code, code, year)) * 2);
        }
      }
    } finally {
      c.exec('DROP TRIGGER IF EXISTS temp.fail_history');
    }
    // Sent again once writing works, the refused return is stored like the others.
    const again = importFiles(d.ctx, YEAR, [files[1]], { dryRun: false });
    expect(again[0].result?.status).toBe('imported');
    expect(storedOf(failing.id).imports.length).toBe(before[1].imports.length + 1);
  });
});
