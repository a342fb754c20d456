import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { cli } from '../support/cli';
import { tempDir } from '../support/web-host';

const ws = tempDir('tonghop-cli-demo-');
afterAll(() => rmSync(ws, { recursive: true, force: true }));

describe('tonghop demo and figures', () => {
  it('creates the demo year 2024 for the period 2021 - 2023', () => {
    const r = cli(['demo', '--workspace', ws]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('kỳ 2021 - 2023, 41 đơn vị');
  });

  it('prints every aggregated indicator with its raw value and Vietnamese text, and every rule result', () => {
    const r = cli(['figures', '--workspace', ws, '--year', '2024', '--json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as {
      indicators: { code: string; value: string | null; text: string; years: Record<string, { value: string | null; text: string }> }[];
      rules: { ruleId: string; status: string; scope: string }[];
    };
    const byCode = Object.fromEntries(s.indicators.map((i) => [i.code, i]));
    expect(byCode.DON_TONG_SO).toMatchObject({ value: '3848', text: '3.848' });
    expect(byCode.TY_LE_DON_DU_DIEU_KIEN).toMatchObject({ value: '76.2', text: '76,2%' });
    expect(byCode.DIEN_TICH).toMatchObject({ value: '16015.34', text: '16.015,34' });
    expect(byCode.VU_VIEC_DONG_NGUOI_DA_GIAI_QUYET.text).toBe('04');
    expect(Object.keys(byCode.TTHC_CAT_GIAM_THOI_GIAN.years)).toEqual(['2021', '2022', '2023']);
    expect(byCode.TTHC_CAT_GIAM_THOI_GIAN.years['2023'].text).toBe('02');
    const totals = s.rules.filter((x) => x.scope === 'total');
    expect(totals.length).toBeGreaterThan(10);
    expect(s.rules.filter((x) => x.status === 'failed')).toEqual([]);
  });

  it('refuses the demo into a workspace that already has 2024', () => {
    const r = cli(['demo', '--workspace', ws]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('đã có năm 2024');
  });
});
