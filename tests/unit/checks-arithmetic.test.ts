/**
 * Arithmetic inside the text: every pattern flags the wrong sentence and stays silent on the right one;
 * property tests generate consistent sentences (no finding) and perturb one number (exactly one finding).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { changePercent, partitionSum, ratioPercent, resultPercent, sharePercent } from '../../shared/checks/arithmetic';
import { applyFix } from '../../shared/checks';
import { percent, tokenize, writePercent } from '../../shared/checks/tokens';
import { formatCount, formatNumber } from '../../shared/format/number';
import { normalizeDecimal } from '../../shared/domain/decimal';
import { findings } from './checks-support';

describe('numbers in Vietnamese text', () => {
  it('reads counts, amounts, percentages, ratios and dates, and leaves codes alone', () => {
    const t = tokenize('nhận 3.848 đơn, 16.015,34 ha, đạt 76,2%, 162/163 đơn, ngày 25/5/2021, số 48/2013/NĐ-CP, 08-CT/TU, năm 2023, 03 năm');
    expect(t.map((x) => [x.kind, x.text])).toEqual([
      ['number', '3.848'],
      ['number', '16.015,34'],
      ['percent', '76,2%'],
      ['ratio', '162/163'],
      ['date', '25/5/2021'],
      ['year', '2023'],
      ['number', '03'],
    ]);
    expect(t[0].value).toBe('3848');
    expect(t[1].value).toBe('16015.34');
  });

  it('rounds percentages half-up at the precision shown', () => {
    expect(percent('630', '755', 1)).toBe('83.4');
    expect(percent('2932', '3848', 1)).toBe('76.2');
    expect(percent('4', '7', 0)).toBe('57');
    expect(percent('1', '8', 1)).toBe('12.5');
    expect(percent('1', '0', 1)).toBeNull();
    expect(writePercent('83.4', 1)).toBe('83,4%');
    expect(writePercent('100', 0)).toBe('100%');
  });
});

describe('ratio and percentage', () => {
  it('flags a wrong percentage after x/y and offers the recomputed one', () => {
    const f = findings(ratioPercent, 'Đã giải quyết xong 162/163 đơn khiếu nại (đạt tỷ lệ 98,4%), 70/70 đơn tố cáo (đạt tỷ lệ 100%).');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ code: 'ratio-percent', severity: 'error', expected: '99,4%' });
    expect(f[0].message).toContain('162/163');
    expect(f[0].fix).toEqual({ before: '98,4%', after: '99,4%' });
    expect(applyFix('Đã giải quyết xong 162/163 đơn khiếu nại (đạt tỷ lệ 98,4%), 70/70', f[0].fix!)).toBe(
      'Đã giải quyết xong 162/163 đơn khiếu nại (đạt tỷ lệ 99,4%), 70/70',
    );
  });

  it('applies a fix only to a whole occurrence, never inside a longer number', () => {
    const fix = { before: '8,4%', after: '9,4%' };
    expect(applyFix('Tỷ lệ chung 98,4%, riêng khối xã đạt 8,4%.', fix)).toBe('Tỷ lệ chung 98,4%, riêng khối xã đạt 9,4%.');
    expect(applyFix('đạt 8,4% và 8,4%', fix)).toBeNull();
    expect(applyFix('đạt 98,4%', fix)).toBeNull();
    expect(applyFix('trong 3 năm, 13 năm', { before: '3 năm', after: '03 năm' })).toBe('trong 03 năm, 13 năm');
  });

  it('is silent on the seed’s correct ratios', () => {
    expect(findings(ratioPercent, 'Đã giải quyết xong 162/163 đơn khiếu nại (đạt tỷ lệ 99,4%), 70/70 đơn tố cáo (đạt tỷ lệ 100%).')).toEqual([]);
    expect(findings(ratioPercent, '(đã giải quyết được 04/07 vụ việc, đạt tỷ lệ 57,1%).')).toEqual([]);
    expect(findings(ratioPercent, 'đã giải quyết được 04/07 vụ việc, đạt tỷ lệ 57%.')).toEqual([]);
  });

  it('does not pair a ratio with a percentage of another clause', () => {
    expect(findings(ratioPercent, 'Giải quyết 04/07 vụ việc; tỷ lệ hài lòng đạt 90%.')).toEqual([]);
    expect(findings(ratioPercent, 'Ngày 25/5/2021 ban hành kế hoạch, phấn đấu đạt 90%.')).toEqual([]);
  });

  it('holds for every consistent sentence and catches every perturbed percentage', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50_000 }), fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1 }), fc.integer({ min: 1, max: 30 }), (d, k, dec, delta) => {
        const n = Math.min(d, Math.round((k / 1000) * d));
        const exp = percent(String(n), String(d), dec)!;
        const good = `Đã giải quyết ${formatCount(n, true)}/${formatCount(d, true)} vụ việc, đạt ${writePercent(exp, dec)}.`;
        expect(findings(ratioPercent, good)).toEqual([]);
        const off = normalizeDecimal((Number(exp) + delta / 10 ** dec).toFixed(dec))!;
        const bad = `Đã giải quyết ${formatCount(n, true)}/${formatCount(d, true)} vụ việc, đạt ${writePercent(off, dec)}.`;
        const f = findings(ratioPercent, bad);
        expect(f).toHaveLength(1);
        expect(f[0].expected).toBe(writePercent(exp, dec));
      }),
      { numRuns: 200 },
    );
  });
});

describe('received, resolved, percentage', () => {
  it('flags the seed’s 83,5% for 630 of 755', () => {
    const f = findings(resultPercent, '- Kết quả công tác hòa giải ở cơ sở (2021 - 2023): Đã tiếp nhận 755 vụ, hòa giải thành công 630 vụ, đạt 83,5%.');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ code: 'result-percent', expected: '83,4%' });
  });

  it('does not count a length of time among the numbers', () => {
    const s = (p: string) => `Trong 6 tháng đầu năm, Bộ phận Một cửa tiếp nhận 1.234 hồ sơ, đã giải quyết 1.200 hồ sơ, đạt ${p}.`;
    expect(findings(resultPercent, s('97,2%'))).toEqual([]);
    expect(findings(resultPercent, s('96,2%')).map((f) => f.expected)).toEqual(['97,2%']);
  });

  it('is silent on the correct sentence and when the counts are not clear-cut', () => {
    expect(findings(resultPercent, 'Đã tiếp nhận 755 vụ, hòa giải thành công 630 vụ, đạt 83,4%.')).toEqual([]);
    // Three counts before "đạt": which pair is meant is not clear.
    expect(findings(resultPercent, 'Đã tiếp nhận 755 vụ, chuyển 20 vụ, hòa giải thành công 630 vụ, đạt 83,5%.')).toEqual([]);
    // No cue words: a percentage of something else.
    expect(findings(resultPercent, 'Có 755 hộ dân, 630 hộ tham gia, đạt 50%.')).toEqual([]);
  });

  it('holds for consistent sentences and catches a perturbed count', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 90_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (a, share) => {
        const b = Math.floor(a * share);
        const exp = percent(String(b), String(a), 1)!;
        const s = (bb: number) => `Các tổ hòa giải đã tiếp nhận ${formatNumber(a)} vụ việc, hòa giải thành công ${formatNumber(bb)} vụ việc, đạt ${writePercent(exp, 1)}.`;
        expect(findings(resultPercent, s(b))).toEqual([]);
        // Moving the numerator by enough to change the tenths of a percent must be caught.
        const step = Math.ceil(a / 500) + 1;
        const bb = b + step <= a ? b + step : b - step;
        if (bb < 0 || percent(String(bb), String(a), 1) === exp) return;
        expect(findings(resultPercent, s(bb))).toHaveLength(1);
      }),
      { numRuns: 200 },
    );
  });
});

describe('share of a whole ("trong đó … chiếm")', () => {
  it('checks the part against the whole named before "trong đó"', () => {
    const good = 'Ủy ban nhân dân thành phố đã tiếp nhận 3.848 đơn, trong đó 2.932 đơn đủ điều kiện xử lý (chiếm 76,2% tổng số đơn).';
    expect(findings(sharePercent, good)).toEqual([]);
    const f = findings(sharePercent, good.replace('76,2%', '72,6%'));
    expect(f).toHaveLength(1);
    expect(f[0].expected).toBe('76,2%');
  });

  it('reads the seed’s sentence despite its lower-case "trong đó" after a full stop', () => {
    expect(findings(sharePercent, 'UBND thành phố nhận 3.848 đơn. trong đó có: 2.932 đơn đủ điều kiện xử lý (chiếm 76,2% tổng đơn)')).toEqual([]);
  });
});

describe('increase or decrease', () => {
  it('recomputes "tăng z% so với … (A)"', () => {
    expect(findings(changePercent, 'Năm 2023 có 180 mô hình, tăng 20% so với năm 2022 (150 mô hình).')).toEqual([]);
    const f = findings(changePercent, 'Năm 2023 có 180 mô hình, tăng 25% so với năm 2022 (150 mô hình).');
    expect(f).toHaveLength(1);
    expect(f[0].expected).toBe('20%');
    expect(findings(changePercent, 'Năm 2023 có 120 mô hình, giảm 20% so với năm 2022 (150 mô hình).')).toEqual([]);
  });

  it('says when the direction itself is wrong', () => {
    const f = findings(changePercent, 'Năm 2023 có 120 mô hình, tăng 20% so với năm 2022 (150 mô hình).');
    expect(f).toHaveLength(1);
    expect(f[0].message).toContain('giảm');
  });
});

describe('wholes and parts', () => {
  it('adds up the items after "gồm" up to the one joined by "và"', () => {
    expect(findings(partitionSum, 'có 23 đơn vị hành chính (gồm 09 phường và 14 xã, 68 thôn, 71 tổ dân phố)')).toEqual([]);
    expect(findings(partitionSum, 'đối với 12 lượt TTHC, gồm: cắt giảm thời gian thực hiện 06 TTHC, đơn giản hóa 03 TTHC và đề xuất điều chỉnh 03 TTHC.')).toEqual([]);
    const f = findings(partitionSum, 'đối với 13 lượt TTHC, gồm: cắt giảm thời gian thực hiện 06 TTHC, đơn giản hóa 03 TTHC và đề xuất điều chỉnh 03 TTHC.');
    expect(f).toHaveLength(1);
    expect(f[0].expected).toBe('12');
  });

  it('never treats "trong đó" as a partition', () => {
    expect(findings(partitionSum, 'Tổng số 47 mô hình, trong đó 18 mô hình đăng ký mới và 13 mô hình nhân rộng.')).toEqual([]);
  });

  it('checks a bracketed breakdown in the same unit', () => {
    expect(findings(partitionSum, '+ Mô hình nhân rộng: 13 mô hình (VH-XH: 05 mô hình; QP-AN: 06 mô hình; Xây dựng hệ thống chính trị: 02 mô hình).')).toEqual([]);
    const f = findings(partitionSum, '+ Mô hình nhân rộng: 14 mô hình (VH-XH: 05 mô hình; QP-AN: 06 mô hình; Xây dựng hệ thống chính trị: 02 mô hình).');
    expect(f).toHaveLength(1);
    expect(f[0].message).toContain('05 + 06 + 02 = 13');
  });

  it('holds for generated partitions and catches a changed part', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 2, maxLength: 5 }), fc.integer({ min: 1, max: 99 }), (parts, delta) => {
        const total = parts.reduce((a, b) => a + b, 0);
        const items = parts.map((p, i) => `loại ${String.fromCharCode(97 + i)} ${formatCount(p, true)} hồ sơ`);
        const list = `${items.slice(0, -1).join(', ')} và ${items[items.length - 1]}`;
        expect(findings(partitionSum, `Đã tiếp nhận ${formatNumber(total)} hồ sơ, gồm ${list}.`)).toEqual([]);
        expect(findings(partitionSum, `Đã tiếp nhận ${formatNumber(total + delta)} hồ sơ, gồm ${list}.`)).toHaveLength(1);
      }),
      { numRuns: 200 },
    );
  });
});
