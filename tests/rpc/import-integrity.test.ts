/**
 * Import integrity: the cases where a careless import would store wrong figures without a word. Returns are made
 * the way units make them (our form filled with exceljs, or re-saved by LibreOffice Calc); after every import the
 * stored figures are compared with values computed independently from what was written into the files, and for
 * every file of every batch the dry run must say exactly what the real run then does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { zipSync, strToU8 } from 'fflate';
import { closeCore, createCore, type CoreContext } from '../../electron/core';
import { checkFiles, commitFiles, importFiles, recheck } from '../../electron/core/services/imports';
import { ensureYear } from '../../electron/core/services/years';
import { listFigures } from '../../electron/core/db/repos/figures';
import { SHEETS } from '../../electron/core/forms/layout';
import { WHOLE_PERIOD, periodYears } from '../../shared/domain/records';
import { planBatch } from '../../shared/domain/import-batch';
import type { FileCheck } from '../../shared/rpc/imports';
import { dbDigest, demoWithForms, type DemoForms } from '../support/import-fixture';
import { cellOf, fillForm, loadBook, saveBook, type Filler } from '../support/returns';
import { resave, soffice } from '../support/libreoffice';
import { tempDir } from '../support/web-host';
import { cli } from '../support/cli';

let d: DemoForms;
/** A copy of the demo workspace before any import, for runs that need a fresh year. */
let pristine = '';

beforeAll(async () => {
  d = await demoWithForms();
  closeCore(d.ctx);
  pristine = tempDir('tonghop-pristine-');
  cpSync(d.dir, pristine, { recursive: true });
  d.ctx = createCore({ host: 'cli', workspaceDir: d.dir, actor: 'kiểm thử' });
}, 180_000);
afterAll(() => {
  closeCore(d.ctx);
  rmSync(d.dir, { recursive: true, force: true });
  rmSync(pristine, { recursive: true, force: true });
});

const unit = (code: string) => d.units.find((u) => u.code === code)!;
const byYearCounts = (kind?: string) => d.template.indicators.filter((i) => i.byYear && i.kind === 'count' && (!kind || i.reporters.includes(kind as never)));

/**
 * Values a unit "typed": the demo value of each figure times (1 + `version`), or null where the demo has none.
 * Scaling keeps every rule of the template (sums and comparisons) as true as in the demo.
 */
const valuesOf =
  (unitCode: string, version: number): Filler =>
  (code, year) => {
    const v = d.demo(unitCode, code, year);
    return v === null ? null : Number(v) * (1 + version);
  };

/** A filled form saved by the unit's spreadsheet program at `savedAt`. */
async function filled(unitCode: string, fill: Filler, savedAt: Date, edit?: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  return fillForm(d.form(unitCode), d.period, fill, (wb) => {
    edit?.(wb);
    wb.modified = savedAt;
  });
}

/** The stored figures of one unit, "code|year" → value. */
function storedOf(ctx: CoreContext, unitCode: string): Map<string, string> {
  const id = unit(unitCode).id;
  return new Map(
    listFigures(ensureYear(ctx, 2024))
      .filter((f) => f.unitId === id)
      .map((f) => [`${f.code}|${f.year}`, f.value]),
  );
}

/** What a unit's form covers, "code|year" → expected value, computed from the filler alone. */
function expectedOf(unitCode: string, fill: Filler): Map<string, string> {
  const out = new Map<string, string>();
  const kind = unit(unitCode).kind;
  for (const ind of d.template.indicators.filter((i) => i.kind !== 'ratio' && i.reporters.includes(kind)))
    for (const y of ind.byYear ? periodYears(d.period) : [WHOLE_PERIOD]) {
      const v = fill(ind.code, y);
      if (v !== null && v !== undefined && typeof v !== 'object') out.set(`${ind.code}|${y}`, String(v));
    }
  return out;
}

/** The dry run and the real run of one batch agree file by file: what was "ready" is exactly what was imported, with the changes it showed. */
function expectAgreement(dry: { check: FileCheck }[], real: { check: FileCheck; result: { status: string; changes: { figures: number; listRows: number; notes: number } } | null }[]): void {
  expect(real.map((r) => r.check.status)).toEqual(dry.map((r) => r.check.status));
  dry.forEach(({ check }, i) => {
    const r = real[i].result;
    if (check.status === 'ready') {
      expect(r?.status, check.fileName).toBe('imported');
      expect(r!.changes.figures, check.fileName).toBe(check.diff.length);
      expect(r!.changes.notes, check.fileName).toBe(check.noteChanges.length);
    } else expect(r?.status ?? 'none', check.fileName).not.toBe('imported');
  });
}

/** Units save their returns after the forms were generated (in `beforeAll`). */
const T0 = new Date(Date.now() + 3_600_000);
const hours = (h: number) => new Date(T0.getTime() + h * 3_600_000);

describe('several returns of one unit', () => {
  it('applies the newest, whatever the file names, and never re-applies an older one when the folder is imported again', async () => {
    const ward = d.units.filter((u) => u.kind === 'phuong')[1].code;
    const first = await filled(ward, valuesOf(ward, 1), hours(0));
    const corrected = await filled(ward, valuesOf(ward, 10), hours(30));
    const folder = join(d.dir, 'hop-thu-1');
    mkdirSync(folder, { recursive: true });
    const files = [
      { name: 'Phuong - bao cao CT08.xlsx', bytes: first },
      { name: 'Phuong - bao cao CT08 (1).xlsx', bytes: first },
      { name: 'Phuong - bao cao CT08 (sửa lại).xlsx', bytes: corrected },
    ];
    for (const f of files) writeFileSync(join(folder, f.name), f.bytes);

    const before = dbDigest(d.ctx);
    const dry = importFiles(d.ctx, 2024, files, { dryRun: true });
    expect(dbDigest(d.ctx)).toBe(before);
    const status = Object.fromEntries(dry.map((r) => [r.check.fileName, r.check.status]));
    expect(status).toEqual({
      'Phuong - bao cao CT08.xlsx': 'older',
      'Phuong - bao cao CT08 (1).xlsx': 'skipped',
      'Phuong - bao cao CT08 (sửa lại).xlsx': 'ready',
    });
    expect(dry[0].check.decisions[0].message).toMatch(/Bản cũ hơn — bỏ qua.*sửa lại/);

    const real = importFiles(d.ctx, 2024, files, { dryRun: false });
    expectAgreement(dry, real);
    expect(storedOf(d.ctx, ward)).toEqual(expectedOf(ward, valuesOf(ward, 10)));

    // The same folder again, in every order: nothing changes, the corrected return stays.
    for (const order of [[0, 1, 2], [2, 1, 0], [1, 2, 0]]) {
      const again = order.map((i) => files[i]);
      const snapshot = dbDigest(d.ctx);
      const dry2 = importFiles(d.ctx, 2024, again, { dryRun: true });
      const real2 = importFiles(d.ctx, 2024, again, { dryRun: false });
      expectAgreement(dry2, real2);
      expect(real2.find((r) => r.check.fileName.includes('sửa lại'))!.check.status).toBe('unchanged');
      // Of the first version and its identical copy, one is older, the other a duplicate: neither is applied.
      const firsts = real2.filter((r) => !r.check.fileName.includes('sửa lại')).map((r) => r.check.status);
      expect(firsts.sort()).toEqual(['older', 'skipped']);
      expect(dbDigest(d.ctx)).toBe(snapshot);
    }
    expect(storedOf(d.ctx, ward)).toEqual(expectedOf(ward, valuesOf(ward, 10)));

    // Only an explicit choice puts the older return back, and the dry run says so first.
    const chosen = new Map([[0, { accept: ['older' as const] }]]);
    const dry3 = importFiles(d.ctx, 2024, [files[0], files[2]], { dryRun: true, choices: chosen });
    const real3 = importFiles(d.ctx, 2024, [files[0], files[2]], { dryRun: false, choices: chosen });
    expectAgreement(dry3, real3);
    expect(real3[0].result?.status).toBe('imported');
    expect(storedOf(d.ctx, ward)).toEqual(expectedOf(ward, valuesOf(ward, 1)));
  }, 60_000);

  it('asks the clerk to choose when two different returns cannot be ordered', async () => {
    const ward = d.units.filter((u) => u.kind === 'phuong')[2].code;
    const a = await filled(ward, valuesOf(ward, 2), hours(5));
    const b = await filled(ward, valuesOf(ward, 3), hours(5));
    const before = dbDigest(d.ctx);
    const batch = [{ name: 'a.xlsx', bytes: a }, { name: 'b.xlsx', bytes: b }];
    const dry = importFiles(d.ctx, 2024, batch, { dryRun: true });
    expect(dry.map((r) => r.check.status)).toEqual(['needs-decision', 'needs-decision']);
    expect(dry[0].check.decisions[0]).toMatchObject({ kind: 'choose' });
    const real = importFiles(d.ctx, 2024, batch, { dryRun: false });
    expectAgreement(dry, real);
    expect(dbDigest(d.ctx)).toBe(before);
  }, 30_000);

  it('tells newer from older by the save time kept in files re-saved by LibreOffice Calc', async (ctx) => {
    if (!soffice()) ctx.skip();
    const ward = d.units.filter((u) => u.kind === 'phuong')[3].code;
    const older = resave(await filled(ward, valuesOf(ward, 4), hours(1)));
    const newer = resave(await filled(ward, valuesOf(ward, 6), hours(2)));
    const batch = [
      { name: 'Bao cao_v2.xlsx', bytes: newer },
      { name: 'Bao cao.xlsx', bytes: older },
    ];
    const dry = importFiles(d.ctx, 2024, batch, { dryRun: true });
    expect(dry.map((r) => r.check.status)).toEqual(['ready', 'older']);
    expect(dry.map((r) => r.check.times.savedAt)).toEqual([hours(2).toISOString().replace(/\.\d+Z$/, '.000Z'), hours(1).toISOString().replace(/\.\d+Z$/, '.000Z')]);
    const real = importFiles(d.ctx, 2024, batch, { dryRun: false });
    expectAgreement(dry, real);
    expect(storedOf(d.ctx, ward)).toEqual(expectedOf(ward, valuesOf(ward, 6)));
  }, 240_000);

  it('imports the same inbox twice, in any order, to the figures of the newest return of each unit alone (property)', async () => {
    const wards = d.units.filter((u) => u.kind === 'xa').slice(3, 6).map((u) => u.code);
    // Up to three versions per unit, each saved an hour apart; version k adds k to every demo value.
    const versions = new Map<string, Uint8Array[]>();
    for (const [i, w] of wards.entries())
      versions.set(w, await Promise.all([0, 1, 2].slice(0, i + 1).map((k) => filled(w, valuesOf(w, 20 + k), hours(k)))));
    const inbox = wards.flatMap((w) =>
      versions.get(w)!.flatMap((bytes, k) => [
        { name: `${w} ban ${k}.xlsx`, bytes },
        ...(k === 0 ? [{ name: `${w} ban ${k} (1).xlsx`, bytes }] : []),
      ]),
    );
    await fc.assert(
      fc.asyncProperty(fc.shuffledSubarray(inbox, { minLength: inbox.length, maxLength: inbox.length }), fc.shuffledSubarray(inbox, { minLength: inbox.length, maxLength: inbox.length }), async (once, twice) => {
        const dir = tempDir();
        cpSync(pristine, dir, { recursive: true });
        const ctx = createCore({ host: 'cli', workspaceDir: dir, actor: 'kiểm thử' });
        try {
          for (const order of [once, twice]) {
            const dry = importFiles(ctx, 2024, order, { dryRun: true });
            expectAgreement(dry, importFiles(ctx, 2024, order, { dryRun: false }));
          }
          for (const w of wards) {
            const newest = versions.get(w)!.length - 1;
            expect(storedOf(ctx, w)).toEqual(expectedOf(w, valuesOf(w, 20 + newest)));
          }
        } finally {
          closeCore(ctx);
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 6 },
    );
  }, 240_000);
});

describe('which unit a return is from', () => {
  it('stops when a commune filled its neighbour’s form under its own name, and stores it only under the unit the clerk names', async () => {
    const [neighbour, self] = d.units.filter((u) => u.kind === 'xa').slice(0, 2);
    const typed = await filled(neighbour.code, valuesOf(self.code, 3), hours(1), (wb) => {
      const ws = wb.getWorksheet(SHEETS.data)!;
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          if (typeof cell.value === 'string' && cell.value.startsWith('Đơn vị báo cáo:')) cell.value = `Đơn vị báo cáo: ${self.name}`;
        }),
      );
    });
    // As the commune saved it from LibreOffice Calc (merged title cells and all), where it is installed.
    const bytes = soffice() ? resave(typed) : typed;
    const before = dbDigest(d.ctx);
    const neighbourBefore = storedOf(d.ctx, neighbour.code);
    const [c] = checkFiles(d.ctx, 2024, [{ name: 'bao-cao.xlsx', bytes }]);
    expect(c.status).toBe('needs-decision');
    expect(c.unit).toBeNull();
    expect(c.decisions.map((x) => x.kind)).toEqual(['unit']);
    expect(c.decisions[0].message).toContain(self.name);
    expect(c.unitChoices.map((u) => u.code)).toEqual([neighbour.code, self.code]);
    expect(commitFiles(d.ctx, 2024, [c.id])[0].status).toBe('refused');
    expect(dbDigest(d.ctx)).toBe(before);

    // The clerk says which unit: the dry run now shows that unit's diff, and the commit stores exactly that.
    const choice = { id: c.id, accept: ['unit' as const], unitId: self.id };
    const again = recheck(d.ctx, 2024, choice);
    expect(again.status).toBe('ready');
    expect(again.unit?.code).toBe(self.code);
    const [r] = commitFiles(d.ctx, 2024, [c.id], [choice]);
    expect(r.status).toBe('imported');
    expect(r.changes.figures).toBe(again.diff.length);
    expect(storedOf(d.ctx, self.code)).toEqual(expectedOf(self.code, valuesOf(self.code, 3)));
    expect(storedOf(d.ctx, neighbour.code)).toEqual(neighbourBefore);
  }, 30_000);

  it('does not mistake "Xã Tịnh An" for "Xã Tịnh Ấn Tây" in a title, nor doubt a form that names its own unit', async () => {
    const an = unit('X-TA');
    const anTay = unit('X-TAT');
    const own = await filled(an.code, valuesOf(an.code, 0), hours(1));
    expect(checkFiles(d.ctx, 2024, [{ name: 'Xa Tinh An.xlsx', bytes: own }])[0].decisions).toEqual([]);
    const [named] = checkFiles(d.ctx, 2024, [{ name: 'Xa Tinh An Tay - bao cao.xlsx', bytes: own }]);
    expect(named.decisions.map((x) => x.kind)).toEqual(['unit']);
    expect(named.unitChoices.map((u) => u.code)).toEqual([an.code, anTay.code]);
  }, 30_000);
});

describe('blank and partial returns', () => {
  it('questions a blank form re-sent over stored figures, and stores it only when the unit had nothing to report', async () => {
    const x = d.units.filter((u) => u.kind === 'xa')[6].code;
    const stored = storedOf(d.ctx, x);
    expect(stored.size).toBeGreaterThan(10);
    // The unit re-sent its blank form, opened and saved again in LibreOffice Calc.
    const blank = soffice() ? resave(await filled(x, () => null, hours(2))) : await filled(x, () => null, hours(2));
    const before = dbDigest(d.ctx);
    const dry = importFiles(d.ctx, 2024, [{ name: 'trong.xlsx', bytes: blank }], { dryRun: true });
    const c = dry[0].check;
    expect(c.status).toBe('needs-decision');
    expect(c.decisions.map((x) => x.kind)).toEqual(['empty']);
    expect(c.decisions[0].message).toContain(`sẽ xóa ${c.diff.length} số liệu`);
    expectAgreement(dry, importFiles(d.ctx, 2024, [{ name: 'trong.xlsx', bytes: blank }], { dryRun: false }));
    expect(dbDigest(d.ctx)).toBe(before);

    const gone = byYearCounts(unit(x).kind).filter((i) => stored.has(`${i.code}|2021`)).slice(0, 2);
    const partial = await filled(x, (code, year) => (gone.some((i) => i.code === code) ? null : valuesOf(x, 0)(code, year)), hours(3));
    const [p] = checkFiles(d.ctx, 2024, [{ name: 'thieu.xlsx', bytes: partial }]);
    const erased = p.diff.filter((e) => e.new === null).length;
    expect(erased).toBeGreaterThanOrEqual(3);
    expect(p.decisions).toMatchObject([{ kind: 'erase' }]);
    expect(p.decisions[0].message).toContain(`sẽ xóa ${erased} số liệu`);

    const ok = new Map([[0, { accept: ['empty' as const] }]]);
    const dry2 = importFiles(d.ctx, 2024, [{ name: 'trong.xlsx', bytes: blank }], { dryRun: true, choices: ok });
    expectAgreement(dry2, importFiles(d.ctx, 2024, [{ name: 'trong.xlsx', bytes: blank }], { dryRun: false, choices: ok }));
    expect(storedOf(d.ctx, x).size).toBe(0);
  }, 30_000);

  it('refuses totals typed over the period column when the year cells are blank, naming the cells', async () => {
    const x = d.units.filter((u) => u.kind === 'xa')[7].code;
    const code = byYearCounts(unit(x).kind)[0].code;
    const bytes = await filled(x, (c, y) => (c === code ? (y === WHOLE_PERIOD ? 45 : null) : valuesOf(x, 0)(c, y)), hours(2));
    const before = dbDigest(d.ctx);
    const dry = importFiles(d.ctx, 2024, [{ name: 'tong.xlsx', bytes }], { dryRun: true });
    const c = dry[0].check;
    expect(c.status).toBe('refused');
    expect(c.diff).toEqual([]);
    const at = await cellOf(bytes, d.period, code, WHOLE_PERIOD);
    const p = c.problems.find((q) => q.severity === 'error' && q.cell === at)!;
    expect(p).toBeDefined();
    for (const y of periodYears(d.period)) expect(p.message).toContain(await cellOf(bytes, d.period, code, y));
    expect(p.message).toContain('45');
    expectAgreement(dry, importFiles(d.ctx, 2024, [{ name: 'tong.xlsx', bytes }], { dryRun: false }));
    expect(dbDigest(d.ctx)).toBe(before);
  }, 30_000);
});

describe('rules and messages', () => {
  it('does not blame correctly filled cells for a rule over a refused cell, and says the rule was not checked', async () => {
    // Mediation: successes ≤ cases received. A unit that settled every case it received reports equal figures; the
    // en-US trap refuses its 2023 "cases received", so over the period the received side lacks a year and the rule
    // would blame the correctly filled successes.
    const [left, right] = ['HOA_GIAI_THANH_CONG', 'HOA_GIAI_TIEP_NHAN'];
    const x = d.units.find((u) => u.kind !== 'office' && Number(d.demo(u.code, right, 2023)) > 0)!.code;
    const fill: Filler = (c, y) => {
      if (c === right && y === 2023) return Number(d.demo(x, right, 2023)) / 1000;
      return valuesOf(x, 0)(c === left ? right : c, y);
    };
    const bytes = await filled(x, fill, hours(2));
    const part = right;
    const [c] = checkFiles(d.ctx, 2024, [{ name: 'en-us.xlsx', bytes }]);
    const errors = c.problems.filter((p) => p.severity === 'error');
    expect(errors.map((e) => e.cell)).toEqual([await cellOf(bytes, d.period, part, 2023)]);
    // Only the refused cell is an error; the comparison over the period is reported as not checked, on no cell.
    expect(c.problems.filter((p) => /Chưa kiểm tra quan hệ giữa/.test(p.message)).map((p) => [p.severity, p.cell])).toEqual([['warning', undefined]]);
  }, 30_000);

  it('describes a refused file by its real reason and a file from another template without internal codes', async () => {
    const docx = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': strToU8('<w:document/>') });
    const [asDocx] = checkFiles(d.ctx, 2024, [{ name: 'bao-cao.docx', bytes: docx }]);
    expect(asDocx.problems[0].message).toContain('là văn bản Word (.docx), không phải');
    const [renamed] = checkFiles(d.ctx, 2024, [{ name: 'bao-cao.xlsx', bytes: docx }]);
    expect(renamed.problems[0].message).toContain('đổi đuôi thành .xlsx');
    const odt = zipSync({ mimetype: strToU8('application/vnd.oasis.opendocument.text'), 'content.xml': strToU8('<office:document-content/>') });
    const [asOdt] = checkFiles(d.ctx, 2024, [{ name: 'bao-cao.odt', bytes: odt }]);
    expect(asOdt.problems[0].message).toMatch(/là văn bản OpenDocument \(\.odt\), không phải bảng tính/);
    expect(asOdt.problems[0].message).not.toContain('đổi đuôi');
    const [r] = importFiles(d.ctx, 2024, [{ name: 'hong.xlsx', bytes: docx }], { dryRun: false });
    expect(r.result?.message).not.toContain('bố cục riêng');

    const wb = await loadBook(d.form(d.units.filter((u) => u.kind === 'xa')[9].code));
    const meta = wb.getWorksheet(SHEETS.meta)!;
    meta.eachRow((row) => {
      if (row.getCell(1).value === 'templateId') row.getCell(2).value = 'mau-noi-bo-khac';
    });
    const [other] = checkFiles(d.ctx, 2024, [{ name: 'mau-khac.xlsx', bytes: await saveBook(wb) }]);
    expect(other.status).toBe('refused');
    expect(other.problems[0].message).not.toContain('mau-noi-bo-khac');
    expect(other.problems[0].message).toContain('mẫu báo cáo khác');
  }, 30_000);

  it('shows note changes in the dry run and counts them in the result; an unchanged file claims to replace nothing', async () => {
    const x = d.units.filter((u) => u.kind === 'xa')[10].code;
    const withNote = await filled(x, valuesOf(x, 0), hours(2), (wb) => {
      const ws = wb.getWorksheet(SHEETS.notes)!;
      let done = false;
      ws.eachRow((row, n) => {
        if (!done && n > 3 && typeof row.getCell(1).value === 'string' && row.getCell(1).value) {
          row.getCell(4).value = 'Đã tổ chức 02 buổi đối thoại với Nhân dân.';
          done = true;
        }
      });
    });
    const dry = importFiles(d.ctx, 2024, [{ name: 'ghi-chu.xlsx', bytes: withNote }], { dryRun: true });
    expect(dry[0].check.noteChanges).toHaveLength(1);
    expect(dry[0].check.noteChanges[0].after).toContain('02 buổi đối thoại');
    const real = importFiles(d.ctx, 2024, [{ name: 'ghi-chu.xlsx', bytes: withNote }], { dryRun: false });
    expectAgreement(dry, real);
    expect(real[0].result?.message).toContain('1 mục thuyết minh');
    const [same] = checkFiles(d.ctx, 2024, [{ name: 'ghi-chu.xlsx', bytes: withNote }]);
    expect(same.status).toBe('unchanged');
    expect(same.replaces).toBeNull();
  }, 30_000);
});

describe('every file in a folder is accounted for', () => {
  it('reads a return saved as .ods by LibreOffice Calc like the .xlsx it came from', async (ctx) => {
    if (!soffice()) ctx.skip();
    const x = d.units.filter((u) => u.kind === 'xa')[12].code;
    const fill: Filler = (code, year) => {
      const v = valuesOf(x, 1)(code, year);
      // Some numbers typed as Vietnamese text, as units do.
      return typeof v === 'number' && year === 2022 ? v.toLocaleString('vi-VN') : v;
    };
    const ods = resave(await filled(x, fill, hours(2)), 'ods');
    expect(new TextDecoder().decode(ods.subarray(30, 38))).toBe('mimetype');
    const file = [{ name: 'Bao cao xa.ods', bytes: ods }];
    const dry = importFiles(d.ctx, 2024, file, { dryRun: true });
    expect(dry[0].check.status, JSON.stringify(dry[0].check.problems)).toBe('ready');
    expect(dry[0].check.layout).toBe('form');
    expect(dry[0].check.unit?.code).toBe(x);
    expectAgreement(dry, importFiles(d.ctx, 2024, file, { dryRun: false }));
    expect(storedOf(d.ctx, x)).toEqual(expectedOf(x, valuesOf(x, 1)));
  }, 240_000);

  it('lists lock files, hidden files, PDFs, Word files, images and CSV with the reason they are not read', async () => {
    const x = d.units.filter((u) => u.kind === 'xa')[11].code;
    const names = ['~$bao-cao.xlsx', '.DS_Store', 'Thumbs.db', 'cong-van.pdf', 'bao-cao.docx', 'anh-chup.jpg', 'so-lieu.csv', 'bao-cao.xlsx'];
    const batch: { name: string; bytes: Uint8Array }[] = names.map((name) => ({ name, bytes: new Uint8Array([1, 2, 3]) }));
    batch[names.length - 1].bytes = await filled(x, valuesOf(x, 0), hours(1));
    const checks = planBatch(checkFiles(d.ctx, 2024, batch.filter((b) => b.name === 'bao-cao.xlsx')));
    expect(checks[0].status).toBe('ready');
    const { inboxSkipReason } = await import('../../shared/domain/import-batch');
    const reasons = names.map((n) => inboxSkipReason(n, 3));
    expect(reasons.slice(0, -1).every((r) => r !== null && r.length > 20)).toBe(true);
    expect(reasons.at(-1)).toBeNull();
    expect(reasons[0]).toContain('~$');
    expect(reasons[3]).toContain('PDF');
    expect(inboxSkipReason('so-lieu.ods', 3)).toBeNull();
    expect(inboxSkipReason('lon.xlsx', 30 * 1024 * 1024)).toContain('quá lớn');
  });
});

/** A unit's own sheet with a title band and years in its own order. */
async function ownSheet(headers: 'title-desc' | 'two-row', rows: { label: string; values: Record<number, number> }[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.modified = hours(4);
  const ws = wb.addWorksheet('Tong hop');
  ws.getCell('A1').value = 'TỔNG HỢP SỐ LIỆU THỰC HIỆN CHỈ THỊ 08 NĂM 2023';
  ws.mergeCells('A1:F1');
  if (headers === 'title-desc') {
    ws.getRow(3).values = ['TT', 'Nội dung', 'Năm 2023', 'NĂM 2022', '2021', 'Tổng 3 năm'];
    rows.forEach((r, i) => (ws.getRow(4 + i).values = [i + 1, r.label, r.values[2023], r.values[2022], r.values[2021], r.values[2021] + r.values[2022] + r.values[2023]]));
  } else {
    ws.getCell('A3').value = 'TT';
    ws.getCell('B3').value = 'Nội dung';
    ws.getCell('C3').value = 'Số liệu qua các năm';
    ws.mergeCells('C3:E3');
    ws.getCell('F3').value = 'Tổng 3 năm';
    ws.mergeCells('F3:F4');
    ws.mergeCells('A3:A4');
    ws.mergeCells('B3:B4');
    ws.getCell('C4').value = 2021;
    ws.getCell('D4').value = 2022;
    ws.getCell('E4').value = 2023;
    rows.forEach((r, i) => (ws.getRow(5 + i).values = [i + 1, r.label, r.values[2021], r.values[2022], r.values[2023], { formula: `C${5 + i}+D${5 + i}+E${5 + i}`, result: r.values[2021] + r.values[2022] + r.values[2023] } as unknown as number]));
  }
  return saveBook(wb);
}

describe('own layouts with real headers', () => {
  for (const layout of ['title-desc', 'two-row'] as const)
    it(`finds the year columns under a title band (${layout}) and reads them by year`, async () => {
      const agency = d.units.filter((u) => u.kind === 'co-quan-chuyen-mon')[layout === 'two-row' ? 3 : 2];
      const inds = byYearCounts().filter((i) => i.reporters.includes(agency.kind)).slice(0, 4);
      const rows = inds.map((ind, k) => ({ label: ind.label, values: { 2021: 10 + k, 2022: 20 + k, 2023: 30 + k } }));
      const bytes = await ownSheet(layout, rows);
      const [c] = checkFiles(d.ctx, 2024, [{ name: `${agency.name}.xlsx`, bytes }]);
      expect(c.status).toBe('needs-mapping');
      const p = c.proposal!;
      expect(p.headerRow).toBe(layout === 'two-row' ? 4 : 3);
      const yearOf = new Map(p.columns.map((x) => [x.col, x.year]));
      expect([3, 4, 5].map((col) => yearOf.get(col))).toEqual(layout === 'two-row' ? [2021, 2022, 2023] : [2023, 2022, 2021]);
      expect(yearOf.get(6)).toBe(WHOLE_PERIOD);
      expect(p.rows.map((r) => r.code)).toEqual(inds.map((i) => i.code));

      const choices = new Map([[0, { accept: [], unitId: agency.id, acceptMapping: true }]]);
      const file = [{ name: `${agency.name}.xlsx`, bytes }];
      const dry = importFiles(d.ctx, 2024, file, { dryRun: true, choices });
      expect(dry[0].check.status, JSON.stringify(dry[0].check.problems)).toBe('ready');
      const real = importFiles(d.ctx, 2024, file, { dryRun: false, choices });
      expectAgreement(dry, real);
      const stored = storedOf(d.ctx, agency.code);
      for (const [k, ind] of inds.entries()) for (const y of [2021, 2022, 2023]) expect(stored.get(`${ind.code}|${y}`)).toBe(String(rows[k].values[y as 2021]));
      // The layout is remembered: the next return maps itself.
      expect(checkFiles(d.ctx, 2024, [{ name: 'lan-2.xlsx', bytes }])[0]).toMatchObject({ mappingRemembered: true, status: 'unchanged' });
    }, 30_000);
});

describe('the command line can do what the app does', () => {
  it('lists, adds, loads and stops units, lists and chooses templates, and imports with --map, --choose and --accept-mapping', async () => {
    const dir = tempDir();
    cpSync(pristine, dir, { recursive: true });
    const ws = ['--workspace', dir];
    const list = cli(['units', 'list', ...ws, '--year', '2024']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain('P-LHP\tPhường Lê Hồng Phong\tPhường');
    const add = cli(['units', 'add', 'X-MOI', 'Xã Tịnh Mới', 'xã', ...ws, '--year', '2024']);
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toContain('Đã thêm đơn vị X-MOI');
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Đơn vị');
    sheet.addRows([['Mã', 'Tên', 'Loại'], ['X-MOI2', 'Xã Nghĩa Mới', 'Xã'], ['P-MOI', 'Phường Mới', 'Phường']]);
    const unitsFile = join(dir, 'don-vi.xlsx');
    writeFileSync(unitsFile, await saveBook(wb));
    const imp = cli(['units', 'import', unitsFile, ...ws, '--year', '2024']);
    expect(imp.code, imp.stderr).toBe(0);
    expect(imp.stdout).toMatch(/thêm 2/);
    const stop = cli(['units', 'deactivate', 'X-MOI', ...ws, '--year', '2024']);
    expect(stop.code, stop.stderr).toBe(0);
    expect(cli(['units', 'list', ...ws, '--year', '2024', '--json']).stdout).toMatch(/"code": "X-MOI",[\s\S]*?"active": false/);
    const templates = cli(['template', 'list', ...ws]);
    expect(templates.stdout).toContain('ct08-so-ket');
    const created = cli(['year', 'create', ...ws, '--year', '2025']);
    expect(created.code, created.stderr).toBe(0);
    const chosen = cli(['template', 'choose', 'dan-van-hang-nam', ...ws, '--year', '2025', '--from', '2025', '--to', '2025']);
    expect(chosen.code, chosen.stderr).toBe(0);
    expect(chosen.stdout).toContain('2025 - 2025');
    expect(cli(['template', 'choose', 'khong-co', ...ws, '--year', '2025']).code).not.toBe(0);

    // A commune's return in the neighbour's form, and an agency's own layout, resolved from the command line.
    const [neighbour, self] = d.units.filter((u) => u.kind === 'xa').slice(0, 2);
    const inbox = join(dir, 'hop-thu');
    mkdirSync(inbox);
    writeFileSync(
      join(inbox, 'xa.xlsx'),
      await filled(neighbour.code, valuesOf(self.code, 1), hours(1), (b) =>
        b.getWorksheet(SHEETS.data)!.eachRow((row) =>
          row.eachCell((cell) => {
            if (typeof cell.value === 'string' && cell.value.startsWith('Đơn vị báo cáo:')) cell.value = `Đơn vị báo cáo: ${self.name}`;
          }),
        ),
      ),
    );
    const agency = d.units.filter((u) => u.kind === 'co-quan-chuyen-mon')[4];
    const inds = byYearCounts().filter((i) => i.reporters.includes(agency.kind)).slice(0, 3);
    writeFileSync(join(inbox, 'rieng.xlsx'), await ownSheet('title-desc', inds.map((i, k) => ({ label: i.label, values: { 2021: k, 2022: k + 1, 2023: k + 2 } }))));
    const asked = cli(['import', ...ws, '--year', '2024', '--dry-run', '--json', inbox]);
    expect(asked.code).toBe(2);
    const json = JSON.parse(asked.stdout) as { check: FileCheck }[];
    expect(json.map((r) => r.check.status)).toEqual(['needs-mapping', 'needs-decision']);
    expect(json[0].check.proposal?.columns.some((x) => x.year === 2023)).toBe(true);
    const args = ['import', ...ws, '--year', '2024', '--map', `xa.xlsx=${self.code}`, '--map', `rieng.xlsx=${agency.code}`, '--accept-mapping', inbox];
    const dry = cli([...args, '--dry-run']);
    expect(dry.code, dry.stdout).toBe(0);
    const done = cli(args);
    expect(done.code, done.stdout + done.stderr).toBe(0);
    expect(done.stdout.match(/ĐÃ NHẬP/g)).toHaveLength(2);
    // The real run backed the year up first; the dry runs did not.
    const backups = cli(['year', 'backups', ...ws, '--year', '2024']).stdout.split('\n').filter((l) => l.includes('trước khi nhập'));
    expect(backups).toHaveLength(1);
    const ctx = createCore({ host: 'cli', workspaceDir: dir, actor: 'kiểm thử' });
    try {
      expect(storedOf(ctx, self.code)).toEqual(expectedOf(self.code, valuesOf(self.code, 1)));
      expect(storedOf(ctx, agency.code).get(`${inds[2].code}|2023`)).toBe('4');
    } finally {
      closeCore(ctx);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
