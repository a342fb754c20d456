/**
 * The demo year (resources/demo/ct08-quang-ngai.json): the seed jurisdiction with invented per-unit splits whose
 * totals over units and years are exactly the seed report's figures, and whose every unit satisfies the rules.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Template, UNIT_KINDS, type Indicator, type Rule, type UnitKind } from '../../shared/domain/template';
import { Settings } from '../../shared/domain/settings';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DEMO_FILE = `${ROOT}resources/demo/ct08-quang-ngai.json`;

interface DemoUnit {
  code: string;
  name: string;
  kind: UnitKind;
  sample: boolean;
}
interface DemoFigure {
  unit: string;
  code: string;
  year: number;
  value: string;
}
interface DemoRow {
  unit: string;
  values: Record<string, string>;
}
interface Demo {
  templateId: string;
  year: number;
  period: { fromYear: number; toYear: number };
  settings: unknown;
  units: DemoUnit[];
  figures: DemoFigure[];
  lists: Record<string, DemoRow[]>;
}

const raw = readFileSync(DEMO_FILE, 'utf8');
const demo = JSON.parse(raw) as Demo;
const templateFile = `${ROOT}resources/templates/${demo.templateId}.json`;
const template = Template.parse(JSON.parse(readFileSync(templateFile, 'utf8')));
const indicators = new Map<string, Indicator>(template.indicators.map((i) => [i.code, i]));
const units = new Map(demo.units.map((u) => [u.code, u]));
const YEARS = [demo.period.fromYear, demo.period.fromYear + 1, demo.period.fromYear + 2].filter((y) => y <= demo.period.toYear);

const INTEGER = /^(?:0|[1-9]\d*)$/;
const CANONICAL_DECIMAL = /^-?(?:0|[1-9]\d*)(?:\.\d*[1-9])?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Exact value of a canonical decimal as an integer number of 1/100 (enough for hectares to 2 decimals). */
function cents(value: string): bigint {
  const [int, frac = ''] = value.split('.');
  if (frac.length > 2) throw new Error(`more than 2 decimals: ${value}`);
  return BigInt(int ?? '0') * 100n + BigInt(frac.padEnd(2, '0'));
}
/** Total over every unit and year, as a canonical string (integers stay integers). */
function total(code: string, filter: (f: DemoFigure) => boolean = () => true): string {
  const c = demo.figures.filter((f) => f.code === code && filter(f)).reduce((a, f) => a + cents(f.value), 0n);
  return c % 100n === 0n ? (c / 100n).toString() : `${c / 100n}.${(c % 100n).toString().padStart(2, '0').replace(/0$/, '')}`;
}
/** Value of one cell in cents; a missing figure counts as 0 (the unit reported nothing there). */
function cell(unit: string, code: string, year: number): bigint {
  const f = demo.figures.find((x) => x.unit === unit && x.code === code && x.year === year);
  return f ? cents(f.value) : 0n;
}
function ruleCodes(r: Rule): string[] {
  return r.kind === 'sum' ? [r.total, ...r.parts] : [r.left, r.right];
}
function broken(r: Rule, value: (code: string) => bigint): boolean {
  if (r.kind === 'sum') return value(r.total) !== r.parts.reduce((a, c) => a + value(c), 0n);
  if (r.kind === 'lte') return value(r.left) > value(r.right);
  return value(r.left) !== value(r.right);
}
/** Year of a list row, from its "nam" column or the year of its "ngay" date. */
function rowYear(row: DemoRow): number | undefined {
  if (row.values.nam) return Number(row.values.nam);
  if (row.values.ngay) return Number(row.values.ngay.slice(0, 4));
  return undefined;
}

describe('demo data: the seed jurisdiction', () => {
  it('targets a built-in template and uses its period', () => {
    expect(existsSync(templateFile)).toBe(true);
    expect(demo.templateId).toBe('ct08-so-ket');
    expect(demo.period).toEqual(template.regime.period);
    expect(demo.year).toBe(2024);
  });

  it('is stored in Unicode NFC', () => {
    expect(raw === raw.normalize('NFC')).toBe(true);
  });

  it('carries complete settings for the issuer and signer of the seed report', () => {
    const s = Settings.parse(demo.settings);
    expect(s.issuerLines).toEqual(['ỦY BAN NHÂN DÂN', 'THÀNH PHỐ QUẢNG NGÃI']);
    expect(s.signer).toEqual({ authority: 'TM. ỦY BAN NHÂN DÂN', title: 'CHỦ TỊCH', fullName: 'Trà Thanh Danh' });
    expect(s.documentSymbol).toBe('BC-UBND');
    expect(s.placeName).toBe('Quảng Ngãi');
    expect(s.draftingUnit).toBe('NV(CV,Chi)');
    expect(s.padCounts).toBe(true);
    expect(s.recipients[0]).toBe('Sở Nội vụ Quảng Ngãi');
    expect(s.recipients).toHaveLength(6);
    expect(s.recipients.some((r) => r.startsWith('Lưu'))).toBe(false);
  });

  it('lists the office, 12 agencies, 5 public service units, 9 wards and 14 communes under unique codes', () => {
    const count = (k: UnitKind) => demo.units.filter((u) => u.kind === k).length;
    expect(count('office')).toBe(1);
    expect(count('co-quan-chuyen-mon')).toBe(12);
    expect(count('don-vi-su-nghiep')).toBe(5);
    expect(count('phuong')).toBe(9);
    expect(count('xa')).toBe(14);
    expect(demo.units.every((u) => (UNIT_KINDS as readonly string[]).includes(u.kind))).toBe(true);
    expect(units.size).toBe(demo.units.length);
    expect(new Set(demo.units.map((u) => u.name)).size).toBe(demo.units.length);
  });

  it('agrees with its own profile: as many units of each kind as the city says it has', () => {
    const count = (k: UnitKind) => String(demo.units.filter((u) => u.kind === k).length);
    expect(total('SO_CO_QUAN_CHUYEN_MON')).toBe(count('co-quan-chuyen-mon'));
    expect(total('SO_DVSN_TRUC_THUOC')).toBe(count('don-vi-su-nghiep'));
    expect(total('SO_PHUONG')).toBe(count('phuong'));
    expect(total('SO_XA')).toBe(count('xa'));
  });

  it('marks invented units as sample and keeps the real wards of the seed unmarked', () => {
    expect(demo.units.filter((u) => u.kind === 'don-vi-su-nghiep').every((u) => u.sample)).toBe(true);
    for (const name of ['Phường Lê Hồng Phong', 'Phường Nguyễn Nghiêm', 'Phường Trương Quang Trọng'])
      expect(demo.units.find((u) => u.name === name)?.sample, name).toBe(false);
    expect(units.get('VP')).toMatchObject({ kind: 'office', name: 'Văn phòng HĐND và UBND thành phố', sample: false });
  });
});

describe('demo data: figures', () => {
  it('names a declared unit and indicator, a unit kind allowed to report it and a year it expects', () => {
    const bad: string[] = [];
    for (const f of demo.figures) {
      const u = units.get(f.unit);
      const ind = indicators.get(f.code);
      const where = `${f.unit}/${f.code}/${f.year}`;
      if (!u || !ind) bad.push(`${where}: unknown unit or indicator`);
      else if (!ind.reporters.includes(u.kind)) bad.push(`${where}: ${u.kind} does not report it`);
      else if (ind.byYear ? !YEARS.includes(f.year) : f.year !== 0) bad.push(`${where}: wrong year`);
    }
    expect(bad).toEqual([]);
  });

  it('holds each cell at most once', () => {
    const keys = demo.figures.map((f) => `${f.unit}|${f.code}|${f.year}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('stores no ratio, since ratios are computed from their counts', () => {
    expect(demo.figures.filter((f) => indicators.get(f.code)?.kind === 'ratio')).toEqual([]);
  });

  it('stores canonical values: counts as non-negative integers, decimals canonical, dates ISO', () => {
    const bad: string[] = [];
    for (const f of demo.figures) {
      const kind = indicators.get(f.code)?.kind;
      const ok =
        kind === 'count' ? INTEGER.test(f.value)
        : kind === 'decimal' ? CANONICAL_DECIMAL.test(f.value)
        : kind === 'date' ? ISO_DATE.test(f.value)
        : f.value.trim().length > 0;
      if (!ok) bad.push(`${f.unit}/${f.code}/${f.year}=${f.value}`);
    }
    expect(bad).toEqual([]);
  });

  it('adds up over units and years to the figures of the seed report', () => {
    const seed: Record<string, string> = {
      // I. profile
      SO_CO_QUAN_CHUYEN_MON: '12', SO_DVSN_TRUC_THUOC: '5', SO_DVSN_GIAO_DUC: '68', SO_DVHC: '23', SO_PHUONG: '9', SO_XA: '14',
      SO_THON: '68', SO_TO_DAN_PHO: '71', DIEN_TICH: '16015.34', DAN_SO: '263440',
      // II.1 documents
      SO_VAN_BAN_TRIEN_KHAI: '10',
      // 2.2 reception, petitions, complaints, denunciations, mass cases, dialogue plans, mediation
      TCD_KY_DINH_KY: '37', TCD_LUOT_NGUOI: '127', TCD_KY_DOT_XUAT: '1', TCD_DOAN_DONG_NGUOI: '1', TCD_SO_NGUOI_DOAN: '29',
      DON_TONG_SO: '3848', DON_DU_DIEU_KIEN: '2932', DON_KHONG_DU_DIEU_KIEN: '916',
      DON_CHUYEN: '1270', DON_DON_DOC: '66', DON_TRA_LAI_HUONG_DAN: '179', DON_THU_LY: '1417',
      KN_DA_GIAI_QUYET: '162', KN_TONG_SO: '163', TC_DA_GIAI_QUYET: '70', TC_TONG_SO: '70',
      VU_VIEC_DONG_NGUOI_DA_GIAI_QUYET: '4', VU_VIEC_DONG_NGUOI_TONG_SO: '7', SO_KE_HOACH_DOI_THOAI: '3',
      HOA_GIAI_TIEP_NHAN: '755', HOA_GIAI_THANH_CONG: '630',
      // 2.3 administrative procedures
      TTHC_CAT_GIAM_THOI_GIAN: '6', TTHC_DON_GIAN_HOA: '3', TTHC_DE_XUAT_DIEU_CHINH: '3', TTHC_KIEN_NGHI_TONG_SO: '12',
      SO_BAO_CAO_RA_SOAT_TTHC: '3',
      // 2.4 Dân vận khéo: 47 = 18 + 13 + 16 = 3 + 23 + 15 + 6
      DVK_TONG_SO: '47', DVK_MOI: '18', DVK_NHAN_RONG: '13', DVK_DUY_TRI: '16',
      DVK_KT: '3', DVK_VHXH: '23', DVK_QPAN: '15', DVK_HTCT: '6',
      DVK_MOI_KT: '1', DVK_MOI_VHXH: '11', DVK_MOI_QPAN: '4', DVK_MOI_HTCT: '2',
      DVK_NHAN_RONG_KT: '0', DVK_NHAN_RONG_VHXH: '5', DVK_NHAN_RONG_QPAN: '6', DVK_NHAN_RONG_HTCT: '2',
      DVK_DUY_TRI_KT: '2', DVK_DUY_TRI_VHXH: '7', DVK_DUY_TRI_QPAN: '5', DVK_DUY_TRI_HTCT: '2',
      // 2.5 training, 2.6 c) work teams
      TAP_HUAN_SO_LOP: '1', SO_TO_CONG_TAC_GPMB: '2',
    };
    const actual = Object.fromEntries(Object.keys(seed).map((code) => [code, total(code)]));
    expect(actual).toEqual(seed);
  });

  it('splits the administrative procedures per year as the seed does', () => {
    const perYear = (code: string) => YEARS.map((y) => total(code, (f) => f.year === y));
    expect(perYear('TTHC_CAT_GIAM_THOI_GIAN')).toEqual(['2', '2', '2']);
    expect(perYear('TTHC_DON_GIAN_HOA')).toEqual(['1', '1', '1']);
    expect(perYear('TTHC_DE_XUAT_DIEU_CHINH')).toEqual(['0', '0', '3']);
  });

  it('keeps the seed text and document references entered by the office', () => {
    const text = (code: string, year = 0) => demo.figures.find((f) => f.unit === 'VP' && f.code === code && f.year === year)?.value;
    expect(text('LOAI_DO_THI')).toBe('đô thị loại II');
    expect(text('QD_PHAN_CONG_CAN_BO')).toBe('2962/QĐ-UBND');
    expect(text('QD_PHAN_CONG_CAN_BO_NGAY')).toBe('2022-06-14');
    expect([text('CV_CSVC_MOT_CUA', 2022), text('CV_CSVC_MOT_CUA_NGAY', 2022)]).toEqual(['4939/UBND-NC', '2022-12-29']);
    expect([text('CV_CSVC_MOT_CUA', 2023), text('CV_CSVC_MOT_CUA_NGAY', 2023)]).toEqual(['1087/UBND-NC', '2023-04-04']);
    expect(text('TCD_DOAN_DONG_NGUOI_GHI_CHU')).toContain('Chợ đêm Sông Trà');
  });

  it('yields the seed percentages when ratios are recomputed from the totals (mediation is 83,4%, not the printed 83,5%)', () => {
    /** Percentage to one decimal, rounded half-up, in tenths. */
    const tenths = (code: string) => {
      const ind = indicators.get(code);
      const n = BigInt(total(ind?.ratio?.numerator ?? ''));
      const d = BigInt(total(ind?.ratio?.denominator ?? ''));
      return Number((n * 2000n + d) / (2n * d));
    };
    expect(tenths('TY_LE_DON_DU_DIEU_KIEN')).toBe(762);
    expect(tenths('TY_LE_KN_DA_GIAI_QUYET')).toBe(994);
    expect(tenths('TY_LE_TC_DA_GIAI_QUYET')).toBe(1000);
    expect(tenths('TY_LE_VU_VIEC_DONG_NGUOI_DA_GIAI_QUYET')).toBe(571);
    expect(tenths('TY_LE_HOA_GIAI_THANH_CONG')).toBe(834);
  });

  it("satisfies every rule of the template within each unit's own figures, year by year", () => {
    const bad: string[] = [];
    for (const r of template.rules.filter((x) => x.scope !== 'total'))
      for (const u of demo.units)
        for (const year of [0, ...YEARS]) {
          const codes = ruleCodes(r);
          if (!demo.figures.some((f) => f.unit === u.code && f.year === year && codes.includes(f.code))) continue;
          if (broken(r, (c) => cell(u.code, c, year))) bad.push(`${r.id} @ ${u.code}/${year}`);
        }
    expect(bad).toEqual([]);
  });

  it('satisfies every rule of the template on the totals, per year and over the period', () => {
    const bad: string[] = [];
    for (const r of template.rules.filter((x) => x.scope !== 'unit')) {
      const byYear = indicators.get(ruleCodes(r)[0] ?? '')?.byYear;
      const slices = byYear ? [...YEARS.map((y) => (f: DemoFigure) => f.year === y), () => true] : [() => true];
      for (const slice of slices) if (broken(r, (c) => cents(total(c, slice)))) bad.push(r.id);
    }
    expect(bad).toEqual([]);
  });

  it('has units of every kind that exists reporting Dân vận khéo models', () => {
    const kinds = new Set(demo.figures.filter((f) => f.code === 'DVK_TONG_SO').map((f) => units.get(f.unit)?.kind));
    expect(kinds).toEqual(new Set(['office', 'co-quan-chuyen-mon', 'don-vi-su-nghiep', 'phuong', 'xa']));
  });
});

describe('demo data: lists', () => {
  const listDefs = new Map(template.lists.map((l) => [l.id, l]));

  it('fills only declared lists, from units allowed to report them, with declared columns and valid values', () => {
    const bad: string[] = [];
    for (const [id, rows] of Object.entries(demo.lists)) {
      const def = listDefs.get(id);
      if (!def) {
        bad.push(`${id}: undeclared list`);
        continue;
      }
      rows.forEach((row, n) => {
        const where = `${id}[${n}]`;
        const u = units.get(row.unit);
        if (!u || !def.reporters.includes(u.kind)) bad.push(`${where}: unit ${row.unit} may not report it`);
        const cols = new Map(def.columns.map((c) => [c.key, c]));
        for (const key of Object.keys(row.values)) if (!cols.has(key)) bad.push(`${where}: unknown column ${key}`);
        for (const c of def.columns) {
          const v = row.values[c.key];
          if (v === undefined || v === '') {
            if (c.required) bad.push(`${where}: ${c.key} missing`);
            continue;
          }
          if (c.type === 'date' && !ISO_DATE.test(v)) bad.push(`${where}: ${c.key} not an ISO date`);
          if (c.type === 'number' && !INTEGER.test(v)) bad.push(`${where}: ${c.key} not a number`);
          if (c.type === 'choice' && !c.options?.includes(v)) bad.push(`${where}: ${c.key} not an option`);
          if (c.type === 'unit' && v !== row.unit) bad.push(`${where}: ${c.key} is not the row's unit`);
        }
      });
    }
    expect(bad).toEqual([]);
    expect(Object.keys(demo.lists).sort()).toEqual([...listDefs.keys()].sort());
  });

  it("has as many rows per unit, and per year where the count is yearly, as the list's count indicator says", () => {
    const bad: string[] = [];
    for (const def of template.lists) {
      const code = def.countIndicator;
      if (!code) continue;
      const rows = demo.lists[def.id] ?? [];
      const yearly = indicators.get(code)?.byYear;
      for (const u of demo.units) {
        const mine = rows.filter((r) => r.unit === u.code);
        if (yearly)
          for (const y of YEARS) {
            if (cell(u.code, code, y) !== BigInt(mine.filter((r) => rowYear(r) === y).length) * 100n) bad.push(`${def.id} @ ${u.code}/${y}`);
          }
        else if (cell(u.code, code, 0) !== BigInt(mine.length) * 100n) bad.push(`${def.id} @ ${u.code}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('lists the 47 Dân vận khéo models exactly as each unit counts them by type and field', () => {
    const rows = demo.lists['mo-hinh-dan-van-kheo'] ?? [];
    expect(rows).toHaveLength(47);
    const TYPE: Record<string, string> = { 'Đăng ký mới': 'MOI', 'Nhân rộng': 'NHAN_RONG', 'Duy trì': 'DUY_TRI' };
    const FIELD: Record<string, string> = { 'Kinh tế': 'KT', 'Văn hóa - xã hội': 'VHXH', 'Quốc phòng - an ninh': 'QPAN', 'Xây dựng hệ thống chính trị': 'HTCT' };
    const counted = new Map<string, number>();
    for (const r of rows) {
      const key = `${r.unit}|DVK_${TYPE[r.values.loai ?? '']}_${FIELD[r.values.linhVuc ?? '']}|${r.values.nam}`;
      counted.set(key, (counted.get(key) ?? 0) + 1);
    }
    const figures = new Map(
      demo.figures.filter((f) => /^DVK_(MOI|NHAN_RONG|DUY_TRI)_[A-Z]+$/.test(f.code) && f.value !== '0').map((f) => [`${f.unit}|${f.code}|${f.year}`, Number(f.value)]),
    );
    expect(counted).toEqual(figures);
  });

  it('keeps the documents, plans, reports and work teams of the seed', () => {
    const docs = demo.lists['van-ban-trien-khai'] ?? [];
    expect(docs).toHaveLength(10);
    for (const d of docs) expect(YEARS, d.values.soKyHieu).toContain(rowYear(d));
    expect(docs.every((d) => d.values.ngay! >= '2021-05-25')).toBe(true);
    expect((demo.lists['ke-hoach-doi-thoai'] ?? []).map((r) => [r.values.soKyHieu, r.values.ngay])).toEqual([
      ['181/KH-UBND', '2022-10-27'],
      ['21/KH-UBND', '2023-02-09'],
      ['46/KH-UBND', '2024-02-28'],
    ]);
    expect((demo.lists['bao-cao-ra-soat-tthc'] ?? []).map((r) => [r.values.soKyHieu, r.values.ngay])).toEqual([
      ['552/BC-UBND', '2021-11-05'],
      ['320/BC-UBND', '2022-08-16'],
      ['340/BC-UBND', '2023-08-15'],
    ]);
    expect((demo.lists['to-cong-tac'] ?? []).map((r) => units.get(r.unit)?.name)).toEqual(['Phường Nguyễn Nghiêm', 'Phường Trương Quang Trọng']);
  });
});
