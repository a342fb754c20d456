/**
 * Earlier years of a multi-year period read from their own sealed year files (the Directive 08 review: year 2024,
 * period 2021 - 2023). The one place where a year's figure set gets its earlier-year slots:
 *
 * - For each year of the period before the report year, `tonghop-<year>.sqlite` is used when it is sealed and its
 *   fingerprint verifies (services/archive-seal `sealStatus`, the same check as "Kiểm tra toàn vẹn"). A sealed file
 *   that does not verify is not used. Sealed files are read through their read-only connection, never written.
 * - Every entered-by-year indicator of this year's template takes, for every active unit, the sealed year's value of
 *   the same indicator code for the unit of the same code, or, following the unit's earlier codes (rename: one,
 *   merge: several, summed), of its predecessors; links of this year and of the sealed years are followed, so a
 *   chain of renames resolves. The figure's source names the file, its fingerprint and the unit(s) there.
 * - A value entered in this year for a slot the sealed year governs is not used; when it differs it is a conflict,
 *   listed (and shown in the grid and the provenance). Where no sealed year exists, the entered values stay.
 * - Units of this year that the sealed year does not know keep their entered values; units of the sealed year that
 *   no unit of this year follows are listed (their figures would otherwise vanish from the totals without a word).
 *
 * A sealed year's read is cached by its file's size and modification time (and its sidecar's): the fingerprint is
 * recomputed only when a file changed.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { aggregate } from '../../../shared/domain/aggregate';
import { compare, isCanonical, normalizeDecimal, sum } from '../../../shared/domain/decimal';
import { isEnteredKind, isQuantityKind } from '../../../shared/domain/indicator-kinds';
import { periodYears, WHOLE_PERIOD, type FigureDto, type Period, type UnitDto } from '../../../shared/domain/records';
import type { Regime, Template } from '../../../shared/domain/template';
import type { EarlierYearDto, EarlierYearsDto, EarlierYearStatus, PreviousYearDto, StoredFigureDto } from '../../../shared/rpc/figures';
import type { UnitLinkDto } from '../../../shared/rpc/units';
import { requireWorkspace, type CoreContext } from '../context';
import { listFigureValues } from '../db/repos/figures';
import { listUnitLinks } from '../db/repos/unit-links';
import { listUnits } from '../db/repos/units';
import { readYearTemplate } from '../db/repos/year-template';
import { yearFileName } from '../workspace/workspace';
import { sidecarName } from './archive-record';
import { isSealedFile, sealStatus } from './archive-seal';

interface SealedYear {
  year: number;
  file: string;
  fingerprint: string;
  sealedAt: string;
  template: Template;
  period: Period;
  units: UnitDto[];
  unitByCode: Map<string, UnitDto>;
  /** Stored values by `code|slot`, then unit id (one map per column: no string key per cell at 400 units). */
  columns: Map<string, Map<number, string>>;
  links: UnitLinkDto[];
}

type YearRead = { status: 'sealed'; sealed: SealedYear } | { status: Exclude<EarlierYearStatus, 'sealed'>; problem: string | null; fingerprint: string | null };

const cache = new Map<string, { stamp: string; read: YearRead }>();

/** Size and modification time of files (a year file, its WAL, its sidecar): what changes when any of them is written. */
export function stampOf(paths: string[]): string {
  return paths
    .map((p) => {
      try {
        const s = statSync(p);
        return `${s.size}:${s.mtimeMs}`;
      } catch {
        return '-';
      }
    })
    .join('|');
}

/** What the workspace holds for an earlier year: a verified sealed file read whole, or why not. */
function readYear(ctx: CoreContext, year: number): YearRead {
  const ws = requireWorkspace(ctx);
  if (!ws.hasYear(year)) return { status: 'none', problem: null, fingerprint: null };
  const file = ws.yearFile(year);
  const stamp = stampOf([file, `${file}-wal`, join(ws.dir, sidecarName(year))]);
  const hit = cache.get(file);
  if (hit && hit.stamp === stamp) return hit.read;
  const read = readUncached(ctx, year);
  cache.set(file, { stamp, read });
  return read;
}

function readUncached(ctx: CoreContext, year: number): YearRead {
  const ws = requireWorkspace(ctx);
  try {
    // An earlier year that is not sealed is not opened through the workspace (that could migrate it): a read-only look.
    if (!isSealedFile(ws.yearFile(year))) return { status: 'unsealed', problem: null, fingerprint: null };
    const status = sealStatus(ctx, year);
    if (!status.seal) return status.problem ? { status: 'broken', problem: status.problem, fingerprint: null } : { status: 'unsealed', problem: null, fingerprint: null };
    if (!status.intact) return { status: 'broken', problem: status.problem, fingerprint: status.seal.fingerprint };
    const db = ws.db(year);
    const yt = readYearTemplate(db);
    if (!yt) return { status: 'broken', problem: `Tệp năm ${year} đã khóa sổ nhưng chưa chọn mẫu báo cáo nên không có chỉ tiêu nào để đọc.`, fingerprint: status.seal.fingerprint };
    const units = listUnits(db);
    return {
      status: 'sealed',
      sealed: {
        year,
        file: yearFileName(year),
        fingerprint: status.seal.fingerprint,
        sealedAt: status.seal.sealedAt,
        template: yt.template,
        period: yt.regime.period,
        units,
        unitByCode: new Map(units.map((u) => [u.code, u])),
        columns: columnsOf(listFigureValues(db)),
        links: listUnitLinks(db),
      },
    };
  } catch (e) {
    return { status: 'broken', problem: `Không đọc được tệp ${yearFileName(year)}: ${(e as Error).message}`, fingerprint: null };
  }
}

function columnsOf(figures: { unitId: number; code: string; year: number; value: string }[]): Map<string, Map<number, string>> {
  const out = new Map<string, Map<number, string>>();
  for (const f of figures) {
    const key = `${f.code}|${f.year}`;
    let col = out.get(key);
    if (!col) out.set(key, (col = new Map()));
    col.set(f.unitId, f.value);
  }
  return out;
}

/** The slot a sealed year keeps an indicator's value of `year` in: the year itself, or the whole period of a one-year file. */
function sealedSlot(s: SealedYear, code: string, year: number): number | null {
  const ind = s.template.indicators.find((i) => i.code === code);
  if (!ind || !isEnteredKind(ind.kind) || year < s.period.fromYear || year > s.period.toYear) return null;
  if (ind.byYear) return year;
  return s.period.fromYear === year && s.period.toYear === year ? WHOLE_PERIOD : null;
}

const numericValue = (v: string) => (isCanonical(v) ? v : normalizeDecimal(v));

function sameValue(a: string, b: string, numeric: boolean): boolean {
  if (!numeric) return a.trim() === b.trim();
  const x = numericValue(a);
  const y = numericValue(b);
  return x !== null && y !== null ? compare(x, y) === 0 : a.trim() === b.trim();
}

/** Whether an earlier year of the period has a verified sealed file, whose figures yearFigureSet puts in the set. */
export function readsSealedYears(ctx: CoreContext, year: number, period: Period): boolean {
  return periodYears(period).some((y) => y < year && readYear(ctx, y).status === 'sealed');
}

/** F: the figures as read from this year's file (StoredFigureDto with provenance, or bare FigureDto values for the report). */
export interface YearFigureSet<F extends FigureDto = StoredFigureDto> {
  figures: (F | StoredFigureDto)[];
  earlier: EarlierYearsDto;
  /** Whether an earlier sealed year governs a cell (it is read from that year's file, never entered in this year). */
  governs(unitId: number, code: string, year: number): boolean;
}

/**
 * The figure set of a year: its stored figures with the earlier years of its period filled from their sealed files,
 * what came from where, and the previous year's totals for year-on-year placeholders.
 */
export function yearFigureSet<F extends FigureDto>(
  ctx: CoreContext,
  year: number,
  d: { template: Template; regime: Regime; units: UnitDto[]; links: UnitLinkDto[]; figures: F[] },
): YearFigureSet<F> {
  const earlierYears = periodYears(d.regime.period).filter((y) => y < year);
  const reads = new Map(earlierYears.map((y) => [y, readYear(ctx, y)]));
  const previous = previousYear(ctx, year, d.template, d.regime.period);
  if (![...reads.values()].some((r) => r.status === 'sealed'))
    return { figures: d.figures, earlier: { years: earlierYears.map((y) => notRead(y, reads.get(y) as Exclude<YearRead, { status: 'sealed' }>)), previous }, governs: () => false };

  // Earlier codes by code: this year's links first, then each sealed year's own, so a chain of renames resolves.
  const linkOf = new Map<string, string[]>();
  const codeOf = new Map(d.units.map((u) => [u.id, u.code]));
  for (const l of d.links) linkOf.set(codeOf.get(l.unitId) ?? '', l.earlier.map((e) => e.code));
  for (const r of reads.values())
    if (r.status === 'sealed') {
      const sc = new Map(r.sealed.units.map((u) => [u.id, u.code]));
      for (const l of r.sealed.links) if (!linkOf.has(sc.get(l.unitId) ?? '')) linkOf.set(sc.get(l.unitId) ?? '', l.earlier.map((e) => e.code));
    }
  // This year's entries of the earlier years, by `code|year` then unit id.
  const earlierSet = new Set(earlierYears);
  const entered = columnsOfFigures(d.figures.filter((f) => earlierSet.has(f.year)));
  /** Unit ids whose cell an earlier sealed year governs, by `code|year`. */
  const governed = new Map<string, Set<number>>();
  const out: (F | StoredFigureDto)[] = [];
  const years: EarlierYearDto[] = [];

  for (const y of earlierYears) {
    const r = reads.get(y)!;
    if (r.status !== 'sealed') {
      years.push(notRead(y, r));
      continue;
    }
    const s = r.sealed;
    const entry: EarlierYearDto = { ...emptyYear(y), status: 'sealed', fingerprint: s.fingerprint, sealedAt: s.sealedAt, problem: null };
    const sourcesOf = (code: string, seen: Set<string>): UnitDto[] => {
      const direct = s.unitByCode.get(code);
      if (direct) return [direct];
      const earlier = linkOf.get(code);
      if (!earlier || seen.has(code)) return [];
      seen.add(code);
      return earlier.flatMap((c) => sourcesOf(c, seen));
    };
    const claimed = new Set<number>();
    const mapped: { unit: UnitDto; sources: UnitDto[] }[] = [];
    for (const u of d.units) {
      if (!u.active) continue;
      const sources = sourcesOf(u.code, new Set());
      if (sources.length === 0) entry.unmatchedUnits.push({ unitId: u.id, code: u.code, name: u.name });
      else {
        mapped.push({ unit: u, sources });
        for (const x of sources) claimed.add(x.id);
        // A merge some of whose earlier units the sealed year does not know: the unit's value there is partial.
        const earlier = s.unitByCode.has(u.code) ? [] : (linkOf.get(u.code) ?? []);
        const missing = earlier.filter((c) => sourcesOf(c, new Set([u.code])).length === 0);
        if (missing.length) entry.partialUnits.push({ unitId: u.id, code: u.code, name: u.name, missing });
      }
    }
    const columns: Map<number, string>[] = [];
    for (const ind of d.template.indicators) {
      if (!ind.byYear || !isEnteredKind(ind.kind)) continue;
      const slot = sealedSlot(s, ind.code, y);
      if (slot === null) {
        entry.missingIndicators.push(ind.code);
        continue;
      }
      const col = s.columns.get(`${ind.code}|${slot}`);
      if (col) columns.push(col);
      const typed = entered.get(`${ind.code}|${y}`);
      const gov = new Set<number>();
      governed.set(`${ind.code}|${y}`, gov);
      const numeric = isQuantityKind(ind.kind);
      for (const { unit, sources } of mapped) {
        gov.add(unit.id);
        const e = typed?.get(unit.id) ?? null;
        let value: string | null = null;
        let present = 0;
        for (const x of sources) {
          const v = col?.get(x.id);
          if (v === undefined || v.trim() === '') continue;
          present++;
          value = present === 1 ? v : combine(value!, v, numeric);
        }
        if (e && (value === null || !sameValue(e.value, value, numeric)))
          entry.conflicts.push({ unitId: unit.id, code: ind.code, year: y, entered: e.value, sealed: value });
        if (value === null) continue;
        out.push({
          unitId: unit.id,
          code: ind.code,
          year: y,
          value,
          source: {
            kind: 'sealed',
            year: y,
            file: s.file,
            fingerprint: s.fingerprint,
            indicator: ind.code,
            parts: sources.map((x) => ({ code: x.code, name: x.name, value: col?.get(x.id) ?? null })),
            entered: e?.value ?? null,
          },
          updatedAt: s.sealedAt,
          updatedBy: `tệp năm ${y} đã khóa sổ`,
        });
      }
    }
    for (const u of s.units) {
      if (claimed.has(u.id)) continue;
      const n = columns.filter((c) => c.has(u.id)).length;
      if (n > 0) entry.unclaimedUnits.push({ code: u.code, name: u.name, figures: n });
    }
    years.push(entry);
  }
  const governs = (unitId: number, code: string, y: number) => governed.get(`${code}|${y}`)?.has(unitId) ?? false;
  for (const f of d.figures) if (!earlierSet.has(f.year) || !governs(f.unitId, f.code, f.year)) out.push(f);
  return { figures: out, earlier: { years, previous }, governs };
}

function columnsOfFigures<F extends FigureDto>(figures: F[]): Map<string, Map<number, F>> {
  const out = new Map<string, Map<number, F>>();
  for (const f of figures) {
    const key = `${f.code}|${f.year}`;
    let col = out.get(key);
    if (!col) out.set(key, (col = new Map()));
    col.set(f.unitId, f);
  }
  return out;
}

/** A merged unit's value: numbers summed, anything else (or a number that does not read) joined. */
function combine(a: string, b: string, numeric: boolean): string {
  const x = numeric ? numericValue(a) : null;
  const y = numeric ? numericValue(b) : null;
  return x !== null && y !== null ? sum([x, y]) : `${a}; ${b}`;
}

function emptyYear(year: number) {
  return { year, file: yearFileName(year), missingIndicators: [], unmatchedUnits: [], partialUnits: [], unclaimedUnits: [], conflicts: [] };
}

function notRead(year: number, r: Exclude<YearRead, { status: 'sealed' }>): EarlierYearDto {
  return { ...emptyYear(year), status: r.status, fingerprint: r.fingerprint, sealedAt: null, problem: r.problem };
}

/**
 * The year before the period's last year, when the period does not hold it: its totals from its sealed file (the
 * same aggregation its own report printed), for `{{prev CODE}}` and `{{change CODE}}`.
 */
function previousYear(ctx: CoreContext, year: number, template: Template, period: Period): PreviousYearDto | null {
  const p = period.toYear - 1;
  if (p >= period.fromYear || p >= year) return null;
  const r = readYear(ctx, p);
  const base = { year: p, file: yearFileName(p) };
  if (r.status !== 'sealed') return { ...base, status: r.status, fingerprint: r.fingerprint, problem: r.problem, values: {} };
  const s = r.sealed;
  const figures = [...s.columns].flatMap(([k, col]) => {
    const [code, y] = k.split('|');
    return [...col].map(([unitId, value]) => ({ unitId, code, year: Number(y), value }));
  });
  const agg = aggregate(s.template, s.units, figures, s.period);
  const values: Record<string, string | null> = {};
  for (const ind of template.indicators) {
    const theirs = s.template.indicators.find((i) => i.code === ind.code);
    const a = agg.indicators[ind.code];
    if (!theirs || !a) continue;
    if (theirs.byYear) values[ind.code] = a.years[p]?.value ?? null;
    else if (s.period.fromYear === p && s.period.toYear === p) values[ind.code] = a.period.value;
  }
  return { ...base, status: 'sealed', fingerprint: s.fingerprint, problem: null, values };
}
