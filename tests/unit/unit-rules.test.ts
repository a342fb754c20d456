/**
 * unitRuleFailures (checking one imported return) must give exactly the failed unit results of evaluateRules over
 * that unit alone: same rules, years, messages, cells and order, on any template and any figures.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FigureDto, type UnitDto, WHOLE_PERIOD } from '../../shared/domain/records';
import { evaluateRules, unitRuleFailures } from '../../shared/domain/rules';
import type { UnitKind } from '../../shared/domain/template';
import { indicatorInput, templateOf, unitOf, type IndicatorInput, type RuleInput } from '../support/builders';

const BASE = ['A', 'B', 'C', 'D', 'E', 'F', 'G'];
const CODES = [...BASE, 'RA', 'RB'];
const KINDS: UnitKind[] = ['office', 'xa', 'phuong'];
const period = { fromYear: 2021, toYear: 2023 };
/** Mostly every kind, so that most rules apply to the unit. */
const REPORTERS = fc.oneof(fc.constant(KINDS), fc.constant(KINDS), fc.subarray(KINDS, { minLength: 1 }));

/** A, B, C and D are quantities (the ratios' terms); the others may be anything. */
const baseIndicator = (code: string) =>
  fc
    .record({
      kind: 'ABCD'.includes(code) ? fc.constantFrom('count', 'count', 'decimal') : fc.constantFrom('count', 'decimal', 'text', 'date'),
      byYear: fc.constantFrom(true, true, false),
      aggregate: fc.constantFrom('sum', 'sum', 'max', 'none'),
      reporters: REPORTERS,
      decimals: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
    })
    .map((x): IndicatorInput => indicatorInput(code, { label: `Chỉ tiêu ${code}`, ...x, decimals: x.kind === 'decimal' ? x.decimals : undefined }));

const ratioIndicator = (code: string, numerator: string, denominator: string) =>
  fc
    .record({ byYear: fc.boolean(), reporters: REPORTERS })
    .map((x): IndicatorInput => indicatorInput(code, { label: `Tỷ lệ ${code}`, kind: 'ratio', ratio: { numerator, denominator }, ...x }));

const ruleArb = (n: number) =>
  fc.oneof(
    fc.record({
      kind: fc.constant('sum' as const),
      total: fc.constantFrom(...CODES),
      parts: fc.array(fc.constantFrom(...CODES), { minLength: 1, maxLength: 3 }),
    }),
    fc.record({ kind: fc.constantFrom('lte' as const, 'eq' as const), left: fc.constantFrom(...CODES), right: fc.constantFrom(...CODES) }),
  ).chain((r) =>
    fc
      .record({ scope: fc.constantFrom('unit', 'total', 'both'), severity: fc.constantFrom('error', 'warning') })
      .map((x) => ({ ...r, ...x, id: `quy-tac-${n}`, message: `Quy tắc ${n}` }) as RuleInput),
  );

/** Small counts (rules hold and break), decimals, non-canonical and invalid stored values. */
const VALUE = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('0', '1', '2', '3', '4', '5', '7', '10') },
  { weight: 2, arbitrary: fc.constantFrom('-3', '1.5', '0.25', '16015.34', '0.333', '99999999999999999') },
  { weight: 1, arbitrary: fc.constantFrom('007.50', '+3', ' 12 ', '1,5', 'abc', '', '2021-05-25') },
);
const YEARS = [2020, 2021, 2022, 2023, WHOLE_PERIOD];

/** Every slot of the unit filled or not, then a few stray figures (another unit, a duplicate, an unknown code). */
const figuresArb = (unitId: number) =>
  fc
    .tuple(
      fc.array(fc.option(VALUE, { freq: 3, nil: null }), { minLength: CODES.length * YEARS.length, maxLength: CODES.length * YEARS.length }),
      fc.array(
        fc.record({ unitId: fc.constantFrom(unitId, unitId + 1), code: fc.constantFrom(...CODES, 'ZZ'), year: fc.constantFrom(...YEARS), value: VALUE }),
        { maxLength: 6 },
      ),
    )
    .map(([slots, stray]) => [
      ...slots.flatMap((value, i) => (value === null ? [] : [{ unitId, code: CODES[Math.floor(i / YEARS.length)], year: YEARS[i % YEARS.length], value }])),
      ...stray,
    ]);

describe('unitRuleFailures', () => {
  it('equals the failed unit results of evaluateRules on the unit alone', () => {
    const caseArb = fc
      .tuple(
        fc.tuple(...BASE.map(baseIndicator), ratioIndicator('RA', 'A', 'B'), ratioIndicator('RB', 'C', 'D')),
        fc.array(fc.nat(1000), { minLength: 2, maxLength: 8 }).chain((ns) => fc.tuple(...ns.map((_, i) => ruleArb(i)))),
        fc.constantFrom(...KINDS),
        fc.boolean(),
      )
      .chain(([indicators, rules, kind, inactive]) =>
        fc.record({
          indicators: fc.constant(indicators),
          rules: fc.constant(rules),
          unit: fc.constant<UnitDto>({ ...unitOf(5, kind, !inactive || kind === 'xa'), sample: false }),
          figures: figuresArb(5),
        }),
      );
    const failures = { rules: 0, implied: 0, period: 0 };
    fc.assert(
      fc.property(caseArb, ({ indicators, rules, unit, figures }) => {
        const template = templateOf({ indicators, rules });
        // The totals are no unit's concern (and checking a total over a text indicator throws): the expected unit
        // results are evaluateRules' over the same rules without their total scope, which leaves the unit results as they are.
        const unitScoped = templateOf({ indicators, rules: rules.filter((r) => r.scope !== 'total').map((r) => ({ ...r, scope: 'unit' as const })) });
        const expected = evaluateRules(unitScoped, [unit], figures as FigureDto[], period).filter((r) => r.scope === 'unit' && r.status === 'failed');
        for (const r of expected) {
          if (r.ruleId.startsWith('implied-')) failures.implied++;
          else failures[r.year === WHOLE_PERIOD ? 'period' : 'rules']++;
        }
        expect(unitRuleFailures(template, unit, figures as FigureDto[], period)).toEqual(expected);
      }),
      { numRuns: 300, seed: 20261201 },
    );
    // The cases do break rules (sums, lte, max totals, ratios): the comparison is not between two empty lists.
    expect(failures.rules).toBeGreaterThan(40);
    expect(failures.period).toBeGreaterThan(40);
    expect(failures.implied).toBeGreaterThan(200);
  });

  it('checks the period of a max indicator on the largest year and of a sum on the total', () => {
    const template = templateOf({
      indicators: [
        indicatorInput('THON', { byYear: true, aggregate: 'max', reporters: ['xa'] }),
        indicatorInput('DON', { byYear: true, reporters: ['xa'] }),
      ],
      rules: [{ id: 'thon-don', kind: 'lte', left: 'THON', right: 'DON', message: 'Số thôn không vượt số đơn' }],
    });
    const unit = { ...unitOf(7, 'xa'), sample: false };
    const figures: FigureDto[] = [
      { unitId: 7, code: 'THON', year: 2021, value: '9' },
      { unitId: 7, code: 'THON', year: 2022, value: '4' },
      { unitId: 7, code: 'DON', year: 2021, value: '10' },
      { unitId: 7, code: 'DON', year: 2022, value: '1' },
    ];
    // 2022: 4 > 1 fails; the period: max 9 ≤ sum 11 holds.
    const failed = unitRuleFailures(template, unit, figures, period);
    expect(failed.map((r) => [r.year, r.message])).toEqual([[2022, 'Số thôn không vượt số đơn (số liệu năm 2022: 4 > 1)']]);
  });
});
