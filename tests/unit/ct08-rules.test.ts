/**
 * Every rule of the Directive 08 template, exercised both ways on the demo data: it holds on the demo as shipped,
 * and it fails (for the unit and on the totals, as its scope says) once one figure of one unit is broken.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Template, type Rule } from '../../shared/domain/template';
import { evaluateRules } from '../../shared/domain/rules';
import type { FigureDto, UnitDto } from '../../shared/domain/records';
import { add, sub, sum } from '../../shared/domain/decimal';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const demo = JSON.parse(readFileSync(`${ROOT}resources/demo/ct08-quang-ngai.json`, 'utf8')) as {
  period: { fromYear: number; toYear: number };
  units: { code: string; name: string; kind: UnitDto['kind']; sample: boolean }[];
  figures: { unit: string; code: string; year: number; value: string }[];
};
const template = Template.parse(JSON.parse(readFileSync(`${ROOT}resources/templates/ct08-so-ket.json`, 'utf8')));
const units: UnitDto[] = demo.units.map((u, i) => ({ id: i + 1, code: u.code, name: u.name, kind: u.kind, order: i + 1, active: true, sample: u.sample }));
const idOf = new Map(units.map((u) => [u.code, u.id]));
const figures: FigureDto[] = demo.figures.map((f) => ({ unitId: idOf.get(f.unit)!, code: f.code, year: f.year, value: f.value }));

/** The indicator a rule's breakage is applied to: the total of a sum, the left side otherwise. */
const target = (r: Rule) => (r.kind === 'sum' ? r.total : r.left);
const codesOf = (r: Rule) => (r.kind === 'sum' ? [r.total, ...r.parts] : [r.left, r.right]);

function breakRule(r: Rule): { figures: FigureDto[]; cell: FigureDto } {
  const codes = codesOf(r);
  // A cell of the target whose unit and year also hold the other figures of the rule.
  const cell = figures.find(
    (f) => f.code === target(r) && codes.every((c) => figures.some((g) => g.unitId === f.unitId && g.year === f.year && g.code === c)),
  );
  if (!cell) throw new Error(`demo has no unit with every figure of rule ${r.id}`);
  let bump = '1';
  if (r.kind === 'lte') {
    // Exceed the right side by more than the slack of the whole year, so the unit and the totals both break.
    const yearTotal = (code: string) => sum(figures.filter((g) => g.code === code && g.year === cell.year).map((g) => g.value));
    bump = add(sub(yearTotal(r.right), yearTotal(r.left)), '1');
  }
  return { figures: figures.map((f) => (f === cell ? { ...f, value: add(f.value, bump) } : f)), cell };
}

describe('the rules of the Directive 08 template', () => {
  const baseline = evaluateRules(template, units, figures, demo.period);

  it('has rules to exercise', () => {
    expect(template.rules.length).toBeGreaterThanOrEqual(15);
  });

  it.each(template.rules.map((r) => [r.id, r] as const))('%s holds on the demo data', (_id, r) => {
    const mine = baseline.filter((x) => x.ruleId === r.id);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.filter((x) => x.status === 'failed')).toEqual([]);
    expect(mine.some((x) => x.status === 'ok')).toBe(true);
  });

  it.each(template.rules.map((r) => [r.id, r] as const))('%s fails once one unit breaks it', (_id, r) => {
    const { figures: broken, cell } = breakRule(r);
    const failed = evaluateRules(template, units, broken, demo.period).filter((x) => x.ruleId === r.id && x.status === 'failed');
    if (r.scope !== 'total') {
      const forUnit = failed.find((x) => x.scope === 'unit' && x.unitId === cell.unitId && x.year === cell.year);
      expect(forUnit, 'unit-scope failure').toBeDefined();
      expect(forUnit!.message.startsWith(r.message)).toBe(true);
      expect(forUnit!.codes).toContain(target(r));
      expect(forUnit!.severity).toBe(r.severity);
    }
    if (r.scope !== 'unit') expect(failed.some((x) => x.scope === 'total'), 'total-scope failure').toBe(true);
    expect(failed.every((x) => x.ruleId === r.id)).toBe(true);
  });
});
