/**
 * A save answers with the slots it changed, and the renderer's year model is updated from them
 * (applySavedFigures): totals, unit totals, rule results and resolved headings must equal a model rebuilt from
 * the year reloaded after the save. A property test over random edit batches on the demo year grown to 400
 * units, through the real service and SQLite file: typed cells, pasted blocks down a column or across a row,
 * clears, rewrites of the same value, rule-breaking numbers and decimals that round.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../electron/core/services/demo';
import { saveFigures, yearData } from '../../electron/core/services/figures';
import { addUnit } from '../../electron/core/services/units';
import { WHOLE_PERIOD, figureKey, periodYears } from '../../shared/domain/records';
import { isEnteredKind } from '../../shared/domain/indicator-kinds';
import type { Indicator } from '../../shared/domain/template';
import type { FigureChange } from '../../shared/rpc/figures';
import { applySavedFigures, buildYearModel, yearRules, type YearModel } from '../../renderer/src/features/data/year-model';
import { ALL_SECTIONS, buildGrid } from '../../renderer/src/features/data/grid/grid-model';
import { tempCore } from '../support/builders';

const YEAR = 2024;
const EXTRA = 359; // the demo's 41 units + 359 = 400
let core: ReturnType<typeof tempCore>;

/** mulberry32: the same edits for the same seed, printed when a comparison fails. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: T[]): T => xs[Math.floor(next() * xs.length)] };
}
type Rng = ReturnType<typeof random>;

function valueFor(ind: Indicator, rng: Rng): string | null {
  if (rng.next() < 0.15) return null;
  switch (ind.kind) {
    case 'count':
      return String(rng.next() < 0.8 ? rng.int(60) : rng.int(100000));
    case 'decimal':
      return rng.next() < 0.3 ? `${rng.int(900)}.${rng.int(1000)}` : `${rng.int(5000)}.${rng.int(100)}`;
    case 'date':
      return `2022-0${1 + rng.int(9)}-1${rng.int(10)}`;
    default:
      return `Nội dung ${rng.int(1000)}`;
  }
}

/** Every slot a clerk can type into: entered indicators, their reporting units, their years. */
function slotsOf(m: YearModel) {
  const inds = m.template.indicators.filter((i) => isEnteredKind(i.kind));
  return {
    inds,
    unitsFor: (ind: Indicator) => m.units.filter((u) => ind.reporters.includes(u.kind)),
    yearsFor: (ind: Indicator) => (ind.byYear ? periodYears(m.period) : [WHOLE_PERIOD]),
  };
}

/** A batch as the grid sends it: one cell, a block down a column, a row across indicators, or scattered cells. */
function batch(m: YearModel, rng: Rng): FigureChange[] {
  const { inds, unitsFor, yearsFor } = slotsOf(m);
  const out: FigureChange[] = [];
  const shape = rng.int(4);
  if (shape === 0 || shape === 1) {
    const ind = rng.pick(inds);
    const units = unitsFor(ind);
    const year = rng.pick(yearsFor(ind));
    const first = rng.int(units.length);
    const n = shape === 0 ? 1 : 1 + rng.int(40);
    for (const u of units.slice(first, first + n)) {
      // Now and then the value already stored: no change, nothing in the answer.
      const same = rng.next() < 0.1 ? (m.figureMap.get(figureKey(u.id, ind.code, year)) ?? null) : undefined;
      out.push({ unitId: u.id, code: ind.code, year, value: same !== undefined ? same : valueFor(ind, rng) });
    }
  } else if (shape === 2) {
    const unit = rng.pick(m.units);
    const year = rng.pick(periodYears(m.period));
    for (const ind of inds.filter((i) => i.byYear && i.reporters.includes(unit.kind)).slice(0, 8)) out.push({ unitId: unit.id, code: ind.code, year, value: valueFor(ind, rng) });
  } else {
    for (let k = 0; k < 12; k++) {
      const ind = rng.pick(inds);
      const units = unitsFor(ind);
      if (units.length) out.push({ unitId: rng.pick(units).id, code: ind.code, year: rng.pick(yearsFor(ind)), value: valueFor(ind, rng) });
    }
  }
  return out;
}

function reloaded(): YearModel {
  const m = buildYearModel(yearData(core.ctx, YEAR))!;
  return { ...m, rules: yearRules(m), rulesPending: false };
}

function expectSame(updated: YearModel, full: YearModel, seed: number) {
  const sorted = (m: YearModel) => [...m.figureMap].sort(([a], [b]) => (a < b ? -1 : 1));
  const byKey = (m: YearModel) => [...m.data.figures].sort((a, b) => (figureKey(a.unitId, a.code, a.year) < figureKey(b.unitId, b.code, b.year) ? -1 : 1));
  expect(sorted(updated), `seed ${seed}`).toEqual(sorted(full));
  expect(byKey(updated), `seed ${seed}`).toEqual(byKey(full));
  expect(updated.agg, `seed ${seed}`).toEqual(full.agg);
  expect(updated.rules, `seed ${seed}`).toEqual(full.rules);
  expect(updated.sections.map((s) => s.title), `seed ${seed}`).toEqual(full.sections.map((s) => s.title));
  // What the grid draws: every section over the middle year and the whole period.
  for (const year of [full.years[1], WHOLE_PERIOD]) expect(buildGrid(updated, ALL_SECTIONS, year), `seed ${seed}`).toEqual(buildGrid(full, ALL_SECTIONS, year));
}

beforeAll(() => {
  core = tempCore('cli', 'kiểm thử');
  loadDemo(core.ctx);
  for (let i = 1; i <= EXTRA; i++)
    addUnit(core.ctx, YEAR, { code: `TINH_${String(i).padStart(3, '0')}`, name: `${i % 3 ? 'Xã' : 'Phường'} Thử ${i}`, kind: i % 3 ? 'xa' : 'phuong' });
  // The new units' returns: about half of their slots filled, as after an import.
  const m = buildYearModel(yearData(core.ctx, YEAR))!;
  const { inds, unitsFor, yearsFor } = slotsOf(m);
  const rng = random(7);
  const fill: FigureChange[] = [];
  for (const ind of inds)
    for (const u of unitsFor(ind).filter((x) => x.code.startsWith('TINH_')))
      for (const year of yearsFor(ind)) if (rng.next() < 0.5) fill.push({ unitId: u.id, code: ind.code, year, value: valueFor(ind, rng) ?? '0' });
  for (let i = 0; i < fill.length; i += 20000) saveFigures(core.ctx, YEAR, fill.slice(i, i + 20000));
}, 60_000);
afterAll(() => core?.close());

describe('a save answers with what changed and the model is updated from it', () => {
  it('returns only the changed slots: stored rows and cleared slots, none for a value written again', () => {
    const m = reloaded();
    const unit = m.units.find((u) => u.code === 'TINH_001')!;
    const before = m.figureMap.get(figureKey(unit.id, 'HOA_GIAI_TIEP_NHAN', 2022)) ?? null;
    const r = saveFigures(core.ctx, YEAR, [
      { unitId: unit.id, code: 'HOA_GIAI_TIEP_NHAN', year: 2022, value: before },
      { unitId: unit.id, code: 'HOA_GIAI_TIEP_NHAN', year: 2021, value: '4321' },
      { unitId: unit.id, code: 'HOA_GIAI_TIEP_NHAN', year: 2023, value: null },
    ]);
    expect(r.figures.map((f) => [f.year, f.value, f.source.kind, f.updatedBy])).toEqual([[2021, '4321', 'manual', 'kiểm thử']]);
    const cleared = m.figureMap.has(figureKey(unit.id, 'HOA_GIAI_TIEP_NHAN', 2023));
    expect(r.cleared).toEqual(cleared ? [{ unitId: unit.id, code: 'HOA_GIAI_TIEP_NHAN', year: 2023 }] : []);
    expect(r.changed).toBe(1 + (cleared ? 1 : 0));
    expectSame(applySavedFigures(m, r), reloaded(), 0);
  });

  it('equals a full reload after random edit batches at 400 units', () => {
    let m = reloaded();
    expect(m.units).toHaveLength(400);
    // The grid the tab keeps between saves, its untouched rows taken over from the previous one.
    const view = { sectionId: 'tiep-dan-don-thu', year: m.years[1] };
    let grid = buildGrid(m, view.sectionId, view.year);
    let kept = 0;
    for (const seed of [11, 12, 13]) {
      const rng = random(seed);
      // Several saves between two comparisons, as a clerk types on.
      for (let k = 0; k < 3; k++) {
        const changes = batch(m, rng);
        if (changes.length === 0) continue;
        const next = applySavedFigures(m, saveFigures(core.ctx, YEAR, changes));
        const g = buildGrid(next, view.sectionId, view.year, { grid, modelId: m.id, ...view });
        kept += g.rows.filter((r, i) => r === grid.rows[i]).length;
        expect(g, `seed ${seed}`).toEqual(buildGrid(next, view.sectionId, view.year));
        [m, grid] = [next, g];
      }
      expectSame(m, reloaded(), seed);
    }
    expect(kept).toBeGreaterThan(0);
  }, 60_000);
});
