/**
 * Test data of the import bench, made once and cached under the OS temp folder: the demo year (template ct08,
 * 41 units) grown to 400 reporting units, a pristine copy of its year file (units and demo figures, no imports)
 * and 400 returns made the way units make them: our blank form filled in with exceljs (numbers, some as
 * Vietnamese text such as "1.270", "-" for nothing, list rows, a note, the cached total that Excel would store).
 * Values are the demo values of a demo unit of the same kind multiplied by a whole number, so every rule of the
 * template still holds; only indicators that no rule constrains upwards get other values.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type ExcelJS from 'exceljs';
import { closeCore, createCore } from '../electron/core';
import { inTransaction, MIGRATIONS_FOLDER } from '../electron/core/db/client';
import { listFigures } from '../electron/core/db/repos/figures';
import { listAllRows } from '../electron/core/db/repos/lists';
import { insertUnit, listUnits, nextUnitOrder } from '../electron/core/db/repos/units';
import { readYearTemplate } from '../electron/core/db/repos/year-template';
import { FORM_LAYOUT_VERSION, formIndicators, formLists, NOTES_HEADERS, SHEETS } from '../electron/core/forms/layout';
import { loadDemo, readDemo } from '../electron/core/services/demo';
import { generateForms } from '../electron/core/services/forms';
import { importFiles } from '../electron/core/services/imports';
import { builtinTemplates } from '../electron/core/services/templates';
import { ensureYear } from '../electron/core/services/years';
import { periodYears, WHOLE_PERIOD, type UnitDto } from '../shared/domain/records';
import type { Template, UnitKind } from '../shared/domain/template';
import { dataLayout, fillForm } from '../tests/support/returns';

/** Bump when the returns or the pristine year file made here change, so an old cache is not reused (3: year files with 32 KB pages). */
export const GENERATOR_VERSION = 3;
export const YEAR = 2024;
export const UNIT_COUNT = 400;
export const SMALL_SET = 35;
export const PRISTINE = `tonghop-${YEAR}.sqlite`;

export interface ImportData {
  /** The cache folder: PRISTINE, r35/, r400/, manifest.json. */
  dir: string;
  sets: { count: number; dir: string; bytes: number }[];
  /** Milliseconds the preparation took now, or null when the cache was reused. */
  preparedMs: number | null;
  /** Warnings the dry run found in the 400 returns (files refused: none, or the preparation fails). */
  warnings: number;
}

interface Manifest {
  key: string;
  files: string[];
  warnings: number;
  preparedMs: number;
}

/** Deterministic pseudo-random numbers (mulberry32), so a regenerated cache holds the same files. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** "1270" → "1.270", the way a clerk types a number into a text cell. */
const viText = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');

/** The cache key: what the files and the pristine year file depend on. */
function cacheKey(template: Template): string {
  const ctx = createCore({ host: 'cli' });
  return createHash('sha256')
    .update(JSON.stringify(template))
    .update(JSON.stringify(readDemo(ctx)))
    .update(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json')))
    .update(`layout ${FORM_LAYOUT_VERSION} generator ${GENERATOR_VERSION} units ${UNIT_COUNT}`)
    .digest('hex')
    .slice(0, 16);
}

/**
 * Indicators whose values may change without breaking a rule: those no rule names ("free"), and those that are
 * only ever the larger side of a `lte` rule and no ratio's numerator ("may grow").
 */
function looseIndicators(t: Template): { free: Set<string>; grow: Set<string> } {
  const codes = t.indicators.map((i) => i.code);
  const known = new Set(codes);
  const named = new Set<string>();
  const notGrow = new Set<string>();
  for (const r of t.rules) {
    // Every indicator code the rule mentions, whatever its kind (codes are the only upper-case strings in a rule).
    const refs = (JSON.stringify(r).match(/"[A-Z][A-Z0-9_]*"/g) ?? []).map((q) => q.slice(1, -1)).filter((c) => known.has(c));
    refs.forEach((c) => named.add(c));
    refs.filter((c) => !(r.kind === 'lte' && c === r.right)).forEach((c) => notGrow.add(c));
  }
  for (const i of t.indicators) if (i.ratio) notGrow.add(i.ratio.numerator);
  return { free: new Set(codes.filter((c) => !named.has(c))), grow: new Set(codes.filter((c) => named.has(c) && !notGrow.has(c))) };
}

const NEW_UNITS: { kind: UnitKind; name: string; share: number }[] = [
  { kind: 'xa', name: 'Xã Số', share: 0.5 },
  { kind: 'phuong', name: 'Phường Số', share: 0.25 },
  { kind: 'co-quan-chuyen-mon', name: 'Phòng Chuyên môn Số', share: 0.15 },
  { kind: 'don-vi-su-nghiep', name: 'Trung tâm Dịch vụ Số', share: 0.1 },
];

/** Adds BENCH_001… units (mostly communes and wards) until the year has `UNIT_COUNT` active reporting units. */
function addUnits(db: ReturnType<typeof ensureYear>, at: string): void {
  const have = listUnits(db).filter((u) => u.active && u.kind !== 'office').length;
  const missing = UNIT_COUNT - have;
  const perKind = new Map<UnitKind, number>();
  inTransaction(db, () => {
    for (let i = 0; i < missing; i++) {
      // Spread the kinds evenly along the list by their share.
      const pick = NEW_UNITS.reduce((best, k) =>
        (perKind.get(k.kind) ?? 0) / k.share < (perKind.get(best.kind) ?? 0) / best.share ? k : best,
      );
      const n = (perKind.get(pick.kind) ?? 0) + 1;
      perKind.set(pick.kind, n);
      const code = `BENCH_${String(i + 1).padStart(3, '0')}`;
      insertUnit(db, { code, name: `${pick.name} ${n}`, kind: pick.kind, order: nextUnitOrder(db) }, at);
    }
  });
}

interface Source {
  figures: Map<string, string>;
  lists: Map<string, Record<string, string>[]>;
}

/** Fills one form: the source unit's figures × k, loose indicators varied, text numbers, "-", totals, lists, a note. */
async function fillReturn(form: Uint8Array, t: Template, period: { fromYear: number; toYear: number }, unit: UnitDto, src: Source, seed: number) {
  const rnd = random(seed);
  const k = 1 + (seed % 3);
  const { free, grow } = looseIndicators(t);
  const inds = new Map(formIndicators(t, unit.kind).map((i) => [i.code, i]));
  const years = periodYears(period);
  const written = new Map<string, number | string | null>();

  const value = (code: string, year: number): number | string | null | undefined => {
    const ind = inds.get(code);
    if (!ind || ind.kind !== 'count') return undefined;
    if (ind.byYear ? year === WHOLE_PERIOD : year !== WHOLE_PERIOD) return undefined;
    const demo = src.figures.get(`${code}|${year}`);
    let n: number | null = demo !== undefined && /^\d+$/.test(demo) ? Number(demo) * k : null;
    if (free.has(code)) n = rnd() < 0.15 ? null : Math.floor(rnd() * 40);
    else if (grow.has(code) && n !== null && rnd() < 0.5) n += 900 + Math.floor(rnd() * 2400);
    if (n === null) return rnd() < 0.3 ? '-' : undefined;
    if (n >= 1000) return rnd() < 0.6 ? viText(n) : n;
    return rnd() < 0.1 ? String(n) : n;
  };

  const edit = (wb: ExcelJS.Workbook) => {
    // The cached result of the total column's formula, as Excel stores it on save (text cells are not summed).
    const ws = wb.getWorksheet(SHEETS.data)!;
    const { rows, cols } = dataLayout(ws, period);
    const totalCol = cols.get(WHOLE_PERIOD);
    for (const [code, r] of rows) {
      const ind = inds.get(code);
      if (!ind?.byYear || totalCol === undefined) continue;
      const nums = years.map((y) => written.get(`${code}|${y}`)).filter((v): v is number => typeof v === 'number');
      const cell = ws.getCell(r, totalCol);
      const formula = (cell.value as ExcelJS.CellFormulaValue | null)?.formula;
      if (formula) cell.value = { formula, result: nums.length ? nums.reduce((a, b) => a + b, 0) : '' } as ExcelJS.CellFormulaValue;
    }
    // List rows of the source unit, below each list sheet's header (row 2).
    for (const { list, columns, sheet } of formLists(t, unit.kind)) {
      const lws = wb.getWorksheet(sheet);
      (src.lists.get(list.id) ?? []).forEach((row, i) =>
        columns.forEach((c, j) => {
          const v = row[c.key];
          if (lws && v !== undefined && v !== '') lws.getCell(3 + i, j + 1).value = c.type === 'number' ? Number(v) : v;
        }),
      );
    }
    // A note in the first section for two units in three.
    if (seed % 3 !== 0) {
      const nws = wb.getWorksheet(SHEETS.notes)!;
      let header = 0;
      nws.eachRow((row, n) => {
        if (!header && (row.values as unknown[]).includes(NOTES_HEADERS.note)) header = n;
      });
      nws.getCell(header + 1, 4).value =
        `${unit.name} đã quán triệt, triển khai Chỉ thị 08 đến toàn thể cán bộ; tổ chức tiếp công dân định kỳ, ` +
        'giải quyết đơn thư đúng hạn; một số mô hình “Dân vận khéo” được nhân rộng.';
    }
  };
  return fillForm(
    form,
    period,
    (code, year) => {
      const v = value(code, year);
      if (v !== undefined) written.set(`${code}|${year}`, v);
      return v;
    },
    edit,
  );
}

async function prepare(dir: string, key: string, log: (s: string) => void): Promise<void> {
  const t0 = performance.now();
  const staging = `${dir}.part-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  const ws = join(staging, 'workspace');
  mkdirSync(ws, { recursive: true });
  const ctx = createCore({ host: 'cli', workspaceDir: ws, actor: 'đo hiệu năng', now: () => '2024-04-20T08:00:00.000Z' });
  try {
    loadDemo(ctx);
    const db = ensureYear(ctx, YEAR);
    addUnits(db, ctx.now());
    db.$client.prepare('VACUUM INTO ?').run(join(staging, PRISTINE));

    const yt = readYearTemplate(db)!;
    const units = listUnits(db);
    const byId = new Map(units.map((u) => [u.id, u]));
    const figures = new Map<number, Map<string, string>>();
    for (const f of listFigures(db)) {
      if (!figures.has(f.unitId)) figures.set(f.unitId, new Map());
      figures.get(f.unitId)!.set(`${f.code}|${f.year}`, f.value);
    }
    const lists = new Map<number, Map<string, Record<string, string>[]>>();
    for (const r of listAllRows(db)) {
      if (r.unitId === null) continue;
      if (!lists.has(r.unitId)) lists.set(r.unitId, new Map());
      const m = lists.get(r.unitId)!;
      m.set(r.listId, [...(m.get(r.listId) ?? []), r.values]);
    }
    const sourceOf = (u: UnitDto): Source => ({ figures: figures.get(u.id)!, lists: lists.get(u.id) ?? new Map() });
    // Demo units that have figures, per kind: the sources of the others, in turn.
    const sources = new Map<UnitKind, UnitDto[]>();
    for (const u of units) if (u.kind !== 'office' && figures.has(u.id)) sources.set(u.kind, [...(sources.get(u.kind) ?? []), u]);

    log(`  tạo ${UNIT_COUNT} biểu mẫu trống…`);
    const made = await generateForms(ctx, YEAR, join(staging, 'forms'));
    const byCode = new Map(units.map((u) => [u.code, u]));
    const targets = made.files.map((f) => ({ file: f, unit: byCode.get(f.unitCode)! })).sort((a, b) => a.unit.order - b.unit.order || a.unit.id - b.unit.id);
    if (targets.length !== UNIT_COUNT) throw new Error(`Cần ${UNIT_COUNT} biểu mẫu, có ${targets.length}.`);

    log(`  điền ${UNIT_COUNT} biểu mẫu như đơn vị điền…`);
    const all = join(staging, `r${UNIT_COUNT}`);
    const small = join(staging, `r${SMALL_SET}`);
    mkdirSync(all);
    mkdirSync(small);
    const names: string[] = [];
    for (const [i, { file, unit }] of targets.entries()) {
      const pool = sources.get(unit.kind)!;
      const src = figures.has(unit.id) ? unit : pool[i % pool.length];
      const bytes = await fillReturn(readFileSync(join(made.folder, file.name)), yt.template, yt.regime.period, unit, sourceOf(byId.get(src.id)!), i + 1);
      writeFileSync(join(all, file.name), bytes);
      if (i < SMALL_SET) writeFileSync(join(small, file.name), bytes);
      names.push(file.name);
    }

    log('  kiểm tra thử (không lưu) cả 400 tệp…');
    const checks = importFiles(
      ctx,
      YEAR,
      names.map((n) => ({ name: n, bytes: new Uint8Array(readFileSync(join(all, n))) })),
      { dryRun: true },
    );
    const bad = checks.filter((c) => c.check.status !== 'ready');
    if (bad.length)
      throw new Error(
        `Dữ liệu thử sai: ${bad.length} tệp không hợp lệ, ví dụ ${bad[0].check.fileName}: ${bad[0].check.status} — ` +
          bad[0].check.problems.map((p) => `${p.sheet ?? ''}!${p.cell ?? ''} ${p.message}`).join('; '),
      );
    const warnings = checks.reduce((n, c) => n + c.check.problems.filter((p) => p.severity === 'warning').length, 0);
    const manifest: Manifest = { key, files: names, warnings, preparedMs: performance.now() - t0 };
    writeFileSync(join(staging, 'manifest.json'), JSON.stringify(manifest, null, 1));
  } finally {
    closeCore(ctx);
  }
  rmSync(ws, { recursive: true, force: true });
  rmSync(join(staging, 'forms'), { recursive: true, force: true });
  try {
    renameSync(staging, dir);
  } catch (e) {
    // Another bench made the same cache meanwhile: use theirs.
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(join(dir, 'manifest.json'))) throw e;
  }
}

/** The cached data, made first when missing (about a minute on two cores) or when `fresh`. */
export async function importData(opts: { fresh?: boolean; log?: (s: string) => void } = {}): Promise<ImportData> {
  const log = opts.log ?? (() => undefined);
  const ctx = createCore({ host: 'cli' });
  const demo = readDemo(ctx);
  const template = builtinTemplates(ctx).find((t) => t.id === demo.templateId)!;
  const key = cacheKey(template);
  const dir = join(tmpdir(), `tonghop-bench-nhap-${key}`);
  let preparedMs: number | null = null;
  if (opts.fresh) rmSync(dir, { recursive: true, force: true });
  if (!existsSync(join(dir, 'manifest.json'))) {
    log(`Chuẩn bị dữ liệu thử (một lần, lưu vào ${dir}):`);
    const t0 = performance.now();
    await prepare(dir, key, log);
    preparedMs = performance.now() - t0;
  }
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const sets = [SMALL_SET, UNIT_COUNT].map((count) => {
    const setDir = join(dir, `r${count}`);
    const files = readdirSync(setDir);
    if (files.length !== count) throw new Error(`Bộ dữ liệu thử ${setDir} hỏng (${files.length} tệp); chạy lại với --fresh.`);
    return { count, dir: setDir, bytes: files.reduce((n, f) => n + readFileSync(join(setDir, f)).length, 0) };
  });
  return { dir, sets, preparedMs, warnings: manifest.warnings };
}
