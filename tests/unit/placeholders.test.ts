import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregate } from '../../shared/domain/aggregate';
import {
  createResolver,
  findPlaceholders,
  type Resolver,
  resolveText,
  runsToText,
  validatePlaceholders,
  validateTemplatePlaceholders,
} from '../../shared/domain/placeholders';
import { type FigureDto, type UnitDto, WHOLE_PERIOD } from '../../shared/domain/records';
import { Template, type TemplateInput } from '../../shared/domain/template';

type IndicatorInput = TemplateInput['indicators'][number];
const ind = (code: string, label: string, extra: Partial<IndicatorInput> = {}): IndicatorInput => ({
  code,
  label,
  unit: '',
  kind: 'count',
  section: 'don-thu',
  reporters: ['office'],
  ...extra,
});

const templateInput: TemplateInput = {
  formatVersion: 1,
  id: 'so-ket-ct08',
  version: 1,
  name: 'Sơ kết Chỉ thị 08',
  regime: {
    reportName: 'Sơ kết',
    reportType: 'so-ket',
    period: { fromYear: 2021, toYear: 2023 },
    recipient: 'Sở Nội vụ',
    request: { number: '598/SNV-XDCQ', date: '2024-04-17', body: 'Sở Nội vụ', subject: 'báo cáo sơ kết 03 năm' },
  },
  title: { subject: 'Sơ kết {{period.years}} năm' },
  opening: [{ text: 'Theo Công văn số {{request.number}} ngày {{request.date}} của {{request.body}}' }],
  outline: [
    {
      id: 'don-thu',
      number: '2.2.',
      heading: 'Đơn thư',
      narrative: [{ style: 'dash', text: 'Nhận {{DON_TONG}} đơn, trong đó {{DON_DU_DK}} đơn đủ điều kiện ({{DON_TYLE}}).' }],
    },
  ],
  indicators: [
    ind('DON_TONG', 'Tổng số đơn nhận', { byYear: true, reporters: ['co-quan-chuyen-mon'] }),
    ind('DON_DU_DK', 'Đơn đủ điều kiện xử lý', { byYear: true, reporters: ['co-quan-chuyen-mon'] }),
    ind('DON_TYLE', 'Tỷ lệ đơn đủ điều kiện', { kind: 'ratio', ratio: { numerator: 'DON_DU_DK', denominator: 'DON_TONG' } }),
    ind('VU_DA_GQ', 'Vụ việc đã giải quyết'),
    ind('VU_TONG', 'Vụ việc đông người'),
    ind('SO_LOP', 'Số lớp tập huấn'),
    ind('DIEN_TICH', 'Diện tích', { kind: 'decimal', decimals: 2 }),
  ],
};
const template = Template.parse(templateInput);

const units: UnitDto[] = [
  { id: 1, code: 'vp', name: 'Văn phòng', kind: 'office', order: 1, active: true, sample: true },
  { id: 2, code: 'tt', name: 'Thanh tra', kind: 'co-quan-chuyen-mon', order: 2, active: true, sample: true },
];
const f = (unitId: number, code: string, year: number, value: string): FigureDto => ({ unitId, code, year, value });
const figures = [
  f(2, 'DON_TONG', 2021, '1200'), f(2, 'DON_TONG', 2022, '1300'), f(2, 'DON_TONG', 2023, '1348'),
  f(2, 'DON_DU_DK', 2021, '900'), f(2, 'DON_DU_DK', 2022, '1000'), f(2, 'DON_DU_DK', 2023, '1032'),
  f(1, 'VU_DA_GQ', WHOLE_PERIOD, '4'), f(1, 'VU_TONG', WHOLE_PERIOD, '7'),
  f(1, 'DIEN_TICH', WHOLE_PERIOD, '16015.34'),
];
const period = { fromYear: 2021, toYear: 2023 };
const aggregation = aggregate(template, units, figures, period);
const resolver = createResolver({ template, aggregation, period, padCounts: true, fields: { 'issuer.name': 'Ủy ban nhân dân thành phố' } });
const render = (text: string, r: Resolver = resolver) => runsToText(resolveText(text, r));

describe('findPlaceholders', () => {
  it('finds codes, years, flags and fields with their positions', () => {
    const text = 'A {{DON_TONG}} B {{DON_TONG@2021}} C {{VU_DA_GQ|nopad}} D {{period.years}} E {{ X | nopad, pad }}';
    const found = findPlaceholders(text);
    expect(found.map((p) => [p.name, p.target, p.year, p.flags])).toEqual([
      ['DON_TONG', 'indicator', undefined, []],
      ['DON_TONG', 'indicator', 2021, []],
      ['VU_DA_GQ', 'indicator', undefined, ['nopad']],
      ['period.years', 'field', undefined, []],
      ['X', 'indicator', undefined, ['nopad', 'pad']],
    ]);
    for (const p of found) expect(text.slice(p.start, p.end)).toBe(p.raw);
  });

  it('skips malformed and mixed-case names', () => {
    expect(findPlaceholders('{{Don_Tong}} {{DON TONG}} {{DON_TONG@21}} {DON_TONG} {{}}')).toEqual([]);
  });
});

describe('resolveText with the standard resolver', () => {
  it('writes the seed sentence with Vietnamese numbers', () => {
    expect(render('Nhận {{DON_TONG}} đơn, trong đó {{DON_DU_DK}} đơn đủ điều kiện (chiếm {{DON_TYLE}} tổng đơn).')).toBe(
      'Nhận 3.848 đơn, trong đó 2.932 đơn đủ điều kiện (chiếm 76,2% tổng đơn).',
    );
  });

  it('pads counts below 10 unless told not to', () => {
    expect(render('đã giải quyết được {{VU_DA_GQ}}/{{VU_TONG}} vụ việc')).toBe('đã giải quyết được 04/07 vụ việc');
    expect(render('{{VU_DA_GQ|nopad}}/{{VU_TONG|nopad}}')).toBe('4/7');
    const unpadded = createResolver({ template, aggregation, period, padCounts: false });
    expect(render('{{VU_DA_GQ}} và {{VU_DA_GQ|pad}}', unpadded)).toBe('4 và 04');
  });

  it('gives a single year of a byYear indicator', () => {
    expect(render('năm 2021 nhận {{DON_TONG@2021}} đơn')).toBe('năm 2021 nhận 1.200 đơn');
  });

  it('writes decimals with the indicator places', () => {
    expect(render('{{DIEN_TICH}} ha')).toBe('16.015,34 ha');
  });

  it('shows a missing figure by name, never as 0', () => {
    const runs = resolveText('Tổ chức {{SO_LOP}} lớp', resolver);
    expect(runs).toEqual([
      { text: 'Tổ chức ' },
      { text: '[chưa có số liệu: Số lớp tập huấn]', placeholder: { name: 'SO_LOP', target: 'indicator', flags: [] }, missing: true },
      { text: ' lớp' },
    ]);
    expect(render('{{DON_TONG@2020}}')).toBe('[chưa có số liệu: Tổng số đơn nhận năm 2020]');
    expect(render('{{KHONG_CO}}')).toBe('[chưa có số liệu: KHONG_CO]');
  });

  it('fills period and request fields', () => {
    expect(render('Sơ kết {{period.years}} năm ({{period.range}}), từ {{period.from}} đến {{period.to}}')).toBe(
      'Sơ kết 03 năm (2021 - 2023), từ 2021 đến 2023',
    );
    expect(render('{{period.years|nopad}} năm')).toBe('3 năm');
    expect(render('Công văn số {{request.number}} ngày {{request.date}} của {{request.body}} về việc {{request.subject}}')).toBe(
      'Công văn số 598/SNV-XDCQ ngày 17/4/2024 của Sở Nội vụ về việc báo cáo sơ kết 03 năm',
    );
    expect(render('{{issuer.name}}')).toBe('Ủy ban nhân dân thành phố');
  });

  it('names a field that has no value', () => {
    expect(render('{{issuer.place}}')).toBe('[chưa có số liệu: địa danh]');
    const oneYear = createResolver({ template, aggregation, period: { fromYear: 2024, toYear: 2024 }, padCounts: true });
    expect(render('{{period.range}} / {{period.years}}', oneYear)).toBe('2024 / 01');
  });

  it('keeps the text around placeholders exactly', () => {
    const plain = fc.string().filter((s) => !s.includes('{') && !s.includes('}'));
    fc.assert(
      fc.property(fc.array(fc.tuple(plain, fc.constantFrom('{{DON_TONG}}', '{{SO_LOP}}', '{{period.years}}')), { maxLength: 5 }), plain, (pairs, tail) => {
        const text = pairs.map(([a, b]) => a + b).join('') + tail;
        const runs = resolveText(text, () => ({ text: '#' }));
        expect(runsToText(runs)).toBe(pairs.map(([a]) => `${a}#`).join('') + tail);
        expect(runs.filter((r) => r.placeholder)).toHaveLength(pairs.length);
        // Plain runs are merged and never empty.
        runs.forEach((r, i) => {
          if (!r.placeholder) expect(r.text.length).toBeGreaterThan(0);
          if (!r.placeholder && i > 0) expect(runs[i - 1].placeholder).toBeDefined();
        });
      }),
    );
  });
});

describe('validatePlaceholders', () => {
  it('accepts a valid text', () => {
    expect(validatePlaceholders('{{DON_TONG}} {{DON_TONG@2022}} {{VU_DA_GQ|nopad}} {{period.years}} {{request.date}}', template)).toEqual([]);
  });

  it('reports unknown codes and fields in Vietnamese', () => {
    const errors = validatePlaceholders('{{KHONG_CO}} {{period.months}}', template);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toBe('Không có chỉ tiêu mã “KHONG_CO” trong mẫu báo cáo ({{KHONG_CO}})');
    expect(errors[1]).toMatch(/^Không có trường “period.months”/);
  });

  it('accepts extra fields passed by the caller', () => {
    expect(validatePlaceholders('{{signer.name}}', template, ['signer.name'])).toEqual([]);
  });

  it('reports a year on an indicator not entered by year, or outside the period', () => {
    expect(validatePlaceholders('{{VU_TONG@2022}}', template)[0]).toMatch(/không nhập theo từng năm/);
    expect(validatePlaceholders('{{DON_TONG@2020}}', template)[0]).toBe('Năm 2020 nằm ngoài kỳ báo cáo 2021 - 2023 ({{DON_TONG@2020}})');
    expect(validatePlaceholders('{{period.from@2021}}', template)[0]).toMatch(/không có giá trị theo năm/);
  });

  it('reports unknown flags and malformed placeholders', () => {
    expect(validatePlaceholders('{{DON_TONG|bold}}', template)[0]).toMatch(/Cờ “bold” không hợp lệ/);
    for (const bad of ['{{Don_Tong}}', '{{DON_TONG', 'DON_TONG}}', '{{DON_TONG@21}}', '{{}}'])
      expect(validatePlaceholders(bad, template)[0], bad).toMatch(/không đúng cú pháp/);
  });

  it('checks every narrative of a template and says where', () => {
    expect(validateTemplatePlaceholders(template)).toEqual([]);
    const broken = Template.parse({
      ...templateInput,
      title: { subject: 'Sơ kết {{period.nam}} năm' },
      outline: [{ id: 'don-thu', number: '2.2.', heading: 'Kết quả {{SO_NAM}} năm' }],
      closing: [{ text: 'Xem {{SAI_MA}}' }],
    });
    const errors = validateTemplatePlaceholders(broken);
    expect(errors.map((e) => e.where)).toEqual(['Tiêu đề', 'Mục 2.2. Kết quả {{SO_NAM}} năm, tên mục', 'Phần kết, đoạn 1']);
    expect(errors[2].message).toBe('Không có chỉ tiêu mã “SAI_MA” trong mẫu báo cáo ({{SAI_MA}})');
  });
});

describe('lists, clauses, relative years and capitals', () => {
  const withList = Template.parse({
    ...templateInput,
    lists: [
      {
        id: 'ke-hoach',
        label: 'Kế hoạch đối thoại',
        section: 'don-thu',
        reporters: ['office'],
        columns: [
          { key: 'nam', label: 'Năm', type: 'number' },
          { key: 'soKyHieu', label: 'Số, ký hiệu', type: 'docref' },
          { key: 'ngay', label: 'Ngày', type: 'date' },
        ],
      },
    ],
  });
  const rows = [
    { nam: '2022', soKyHieu: '181/KH-UBND', ngay: '2022-10-27' },
    { nam: '2023', soKyHieu: '21/KH-UBND', ngay: '2023-02-09' },
    { nam: '2023', soKyHieu: '46/KH-UBND', ngay: '2024-02-28' },
  ].map((values, i) => ({ listId: 'ke-hoach', unitId: 1, order: i, values }));
  const agg = aggregate(withList, units, figures, period);
  const r = createResolver({
    template: withList,
    aggregation: agg,
    period,
    padCounts: true,
    lists: rows,
    fields: { 'issuer.area': 'thành phố' },
    returnedUnitIds: new Set([1, 2]),
  });
  const say = (text: string) => runsToText(resolveText(text, r));

  it('writes the rows of a list with a final "và", and filters them by the n-th year of the period', () => {
    expect(say('Kế hoạch {{rows ke-hoach | số [soKyHieu] ngày [ngay]}}.')).toBe(
      'Kế hoạch số 181/KH-UBND ngày 27/10/2022, số 21/KH-UBND ngày 09/02/2023 và số 46/KH-UBND ngày 28/02/2024.',
    );
    expect(say('{{rows ke-hoach | số [soKyHieu] | nam=@3}}')).toBe('số 21/KH-UBND và số 46/KH-UBND');
    expect(say('{{rows ke-hoach | [soKyHieu] | nam=@3 | sep=; | last=; }}')).toBe('21/KH-UBND; 46/KH-UBND');
    expect(say('{{count ke-hoach | nam=2023}} kế hoạch')).toBe('02 kế hoạch');
    expect(validatePlaceholders('{{rows ke-hoach | [soKyHieu] | loai=x}}', withList)[0]).toMatch(/không có cột “loai”/);
    expect(validatePlaceholders('{{rows khong-co | [a]}}', withList)[0]).toMatch(/Không có danh sách “khong-co”/);
  });

  it('drops a clause whose value is zero, none or an empty list, and says the alternative when given', () => {
    // Outside a clause the value prints: 0 when every unit sent its return, the marker when one did not.
    expect(say('Mở {{SO_LOP}} lớp.')).toBe('Mở 0 lớp.');
    const late = createResolver({ template: withList, aggregation: agg, period, padCounts: true, returnedUnitIds: new Set([2]) });
    expect(runsToText(resolveText('Mở {{SO_LOP}} lớp.', late))).toBe('Mở [chưa có số liệu: Số lớp tập huấn] lớp.');
    // Both units sent returns and left the count blank: none, so the clause goes.
    expect(say('Đã tiếp nhận đơn (vụ việc: {{VU_TONG}} vụ[[?; tập huấn: {{SO_LOP}} lớp]]).')).toBe('Đã tiếp nhận đơn (vụ việc: 07 vụ).');
    expect(say('[[?Mở {{SO_LOP}} lớp tập huấn||Chưa tổ chức lớp tập huấn]].')).toBe('Chưa tổ chức lớp tập huấn.');
    expect(say('([[?a: {{SO_LOP}} lớp]]; [[?b: {{VU_TONG}} vụ]]; [[?c: {{SO_LOP}} lớp]])')).toBe('(b: 07 vụ)');
    expect(say('[[?Năm 2022: {{rows ke-hoach | [soKyHieu] | nam=2021}}.]]')).toBe('');
    // Nested: the inner clause goes, the outer stays because its own value is there.
    expect(say('[[?Tổng {{VU_TONG}} vụ ([[?lớp {{SO_LOP}}]]; đã giải quyết {{VU_DA_GQ}})]]')).toBe('Tổng 07 vụ (đã giải quyết 04)');
  });

  it('reads @1, @2 … as the years of the period, and capitalises a field with |cap', () => {
    expect(say('{{DON_TONG@1}} / {{DON_TONG@3}}')).toBe('1.200 / 1.348');
    expect(say('{{DON_TONG@4}}')).toMatch(/năm thứ 4 của kỳ báo cáo/);
    expect(say('{{period.label|cap}}, {{issuer.area}}; {{issuer.area|cap}} có; {{period.year2}}')).toBe(
      'Giai đoạn 2021 - 2023, thành phố; Thành phố có; 2022',
    );
    const one = createResolver({ template, aggregation, period: { fromYear: 2026, toYear: 2026 }, padCounts: true });
    expect(runsToText(resolveText('{{period.label}} ({{period.range}})', one))).toBe('năm 2026 (2026)');
  });
});
