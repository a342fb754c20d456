/**
 * The rule results the rules worker sends the page (renderer/src/features/data/rules-transfer.ts): packed, handed
 * over as a structured clone with their buffer transferred, and unpacked, they are exactly the results evaluated
 * (same order, same fields, no unitId where there was none, codes lists not shared between results).
 */
import { describe, expect, it } from 'vitest';
import { evaluateRules, type RuleResult } from '../../shared/domain/rules';
import { yearValues } from '../../electron/core/services/figures';
import { packRules, unpackRules } from '../../renderer/src/features/data/rules-transfer';
import { demoCoreEachTest } from '../support/demo-core';

const core = demoCoreEachTest();

function sent(rules: RuleResult[]): RuleResult[] {
  const packed = packRules(rules);
  return unpackRules(structuredClone(packed, { transfer: [packed.ints.buffer] }));
}

describe('rule results packed for the page', () => {
  it('come back equal to the evaluated ones, for a year with passing, incomplete and failed checks of units and totals', () => {
    const data = yearValues(core(), 2024);
    const ratio = data.template!.indicators.find((i) => i.kind === 'ratio')!;
    const count = data.template!.indicators.find((i) => i.kind === 'count' && i.byYear)!;
    const unit = data.units.find((u) => u.kind !== 'office')!;
    // A text where a count belongs, a ratio typed by hand, and one figure removed: failed, implied and incomplete.
    const figures = data.figures.slice(1).map((f) => (f.code === count.code && f.unitId === unit.id ? { ...f, value: 'khoảng 12' } : f));
    figures.push({ unitId: unit.id, code: ratio.code, year: 2022, value: '250' });
    const rules = evaluateRules(data.template!, data.units, figures, data.regime!.period);

    const statuses = new Set(rules.map((r) => `${r.scope} ${r.status}`));
    for (const s of ['unit ok', 'unit failed', 'unit incomplete', 'total ok']) expect(statuses).toContain(s);
    expect(rules.some((r) => r.ruleId.startsWith('implied-'))).toBe(true);

    const back = sent(rules);
    expect(back).toStrictEqual(rules);
    expect(back.filter((r) => 'unitId' in r).length).toBe(rules.filter((r) => 'unitId' in r).length);
    // Each result its own list of codes, as evaluated.
    expect(back[0].codes).not.toBe(back[1].codes);
    // Far fewer texts than results: what makes the transfer cheap.
    expect(packRules(rules).texts.length).toBeLessThan(rules.length / 4);
  });

  it('keeps an empty list and a year of the whole period', () => {
    const rules: RuleResult[] = [
      { ruleId: 'r', severity: 'warning', scope: 'total', year: 0, status: 'ok', message: '', codes: [] },
      { ruleId: 'r', severity: 'error', scope: 'unit', unitId: 7, year: 2023, status: 'failed', message: 'Số “Đơn thư” lớn hơn tổng', codes: ['A', 'B'] },
    ];
    expect(sent(rules)).toStrictEqual(rules);
    expect(sent([])).toStrictEqual([]);
  });
});
