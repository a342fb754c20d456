/** Legal citations: form of the number and symbol, year against date, one date per document, the national list. */
import { describe, expect, it } from 'vitest';
import { citationComma, citationConsistency, citationForm, citationNational, citationYear, findCitations } from '../../shared/checks/citations';
import { findings, NATIONAL } from './checks-support';

describe('reading citations', () => {
  it('finds type, number and date, state and Party forms', () => {
    const c = findCitations('Căn cứ Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ và Chỉ thị số 08-CT/TU ngày 25/5/2021; Chỉ thị số 16/CT-TTg ngày 16/5/2016.');
    expect(c.map((x) => [x.type, x.number, x.date?.text])).toEqual([
      ['Nghị định', '61/2018/NĐ-CP', '23/4/2018'],
      ['Chỉ thị', '08-CT/TU', '25/5/2021'],
      ['Chỉ thị', '16/CT-TTg', '16/5/2016'],
    ]);
  });

  it('does not take a ratio for a document number', () => {
    expect(findCitations('Báo cáo kết quả giải quyết số 162/163 đơn')).toEqual([]);
  });
});

describe('form of the number and symbol', () => {
  it('flags a state decision written the Party way and offers the right form', () => {
    const f = findings(citationForm, 'và Quyết định số 436-QĐ-UBND ngày 11/6/2019 của Ủy ban nhân dân tỉnh');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'error', expected: '436/QĐ-UBND', fix: { before: 'số 436-QĐ-UBND', after: 'số 436/QĐ-UBND' } });
  });

  it('flags a Party directive written the state way', () => {
    expect(findings(citationForm, 'Chỉ thị số 08/CT-TU ngày 25/5/2021')[0]?.expected).toBe('08-CT/TU');
  });

  it('is silent on correct forms of both kinds', () => {
    const ok = [
      'Chỉ thị số 08-CT/TU ngày 25/5/2021 của Ban Thường vụ Tỉnh ủy',
      'Kết luận số 114-KL/TW ngày 14/7/2015 của Ban Bí thư',
      'Quyết định số 1211/QĐ-UBND ngày 02/11/2022',
      'Nghị định số 107/2021/NĐ-CP ngày 06/12/2021',
      'Công văn số 4939/UBND-NC ngày 29/12/2022',
      'Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15',
    ];
    expect(findings(citationForm, ok)).toEqual([]);
  });

  it('notes a comma between the number and the date', () => {
    const f = findings(citationComma, 'Quyết định số 436/QĐ-UBND, ngày 11/6/2019 của Ủy ban nhân dân tỉnh');
    expect(f).toHaveLength(1);
    expect(f[0].fix).toEqual({ before: '436/QĐ-UBND, ngày ', after: '436/QĐ-UBND ngày ' });
    expect(findings(citationComma, 'Quyết định số 436/QĐ-UBND ngày 11/6/2019')).toEqual([]);
  });
});

describe('year and date', () => {
  it('flags a state document whose number year differs from its date, when it is not in the national list', () => {
    const f = findings(citationYear, 'Quyết định số 29/2022/QĐ-UBND ngày 04/8/2023 của Ủy ban nhân dân tỉnh');
    expect(f).toHaveLength(1);
    expect(f[0].message).toContain('năm 2022');
    expect(findings(citationYear, 'Quyết định số 29/2022/QĐ-UBND ngày 04/8/2022 của Ủy ban nhân dân tỉnh')).toEqual([]);
  });

  it('flags the same document cited with two dates', () => {
    const f = findings(citationConsistency, ['Kế hoạch số 181/KH-UBND ngày 27/10/2022 về đối thoại.', 'Thực hiện Kế hoạch số 181/KH-UBND ngày 28/10/2022.']);
    expect(f).toHaveLength(1);
    expect(findings(citationConsistency, ['Kế hoạch số 181/KH-UBND ngày 27/10/2022.', 'Kế hoạch số 181/KH-UBND ngày 27/10/2022.'])).toEqual([]);
  });
});

describe('national documents', () => {
  it('the list holds the documents the issue names, with valid dates', () => {
    const numbers = NATIONAL.map((d) => d.number);
    for (const n of ['30/2020/NĐ-CP', '09/2019/NĐ-CP', '61/2018/NĐ-CP', '107/2021/NĐ-CP', '48/2013/NĐ-CP', '92/2017/NĐ-CP', '63/2010/NĐ-CP', '10/2022/QH15'])
      expect(numbers).toContain(n);
    for (const d of NATIONAL) expect(d.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('flags the seed’s Nghị định 48/2013 dated 2015 and offers the true date', () => {
    const f = findings(citationNational, 'Nghị định số 63/2010/NĐ-CP ngày 08/6/2010, Nghị định số 48/2013/NĐ-CP ngày 14/5/2015, Nghị định số 92/2017/NĐ-CP ngày 07/8/2017;');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ expected: '14/5/2013', fix: { before: '48/2013/NĐ-CP ngày 14/5/2015', after: '48/2013/NĐ-CP ngày 14/5/2013' } });
    expect(findings(citationYear, 'Nghị định số 48/2013/NĐ-CP ngày 14/5/2015')).toEqual([]);
  });

  it('is silent when cited with the true date or without a date', () => {
    expect(findings(citationNational, ['Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư', 'Nghị định số 30/2020/NĐ-CP'])).toEqual([]);
  });
});
