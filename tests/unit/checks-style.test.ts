/** ND 30 presentation and house style: each check flags the slip and stays silent on the right form. */
import { describe, expect, it } from 'vitest';
import {
  balance,
  capitals,
  countPadding,
  dateStyle,
  endMark,
  headingInstruction,
  headingNumbering,
  pointLetter,
  danglingWord,
  dashStyle,
  sentenceStart,
  spacing,
} from '../../shared/checks/style';
import { applyFix } from '../../shared/checks';
import { findings } from './checks-support';

describe('lettered points and heading numbers', () => {
  it('wants "a)" rather than "a."', () => {
    const f = findings(pointLetter, ['I. KẾT QUẢ', 'a. Công tác chỉ đạo, điều hành', 'Nội dung.']);
    expect(f).toHaveLength(1);
    expect(f[0].fix).toEqual({ before: 'a. ', after: 'a) ' });
    expect(findings(pointLetter, ['I. KẾT QUẢ', 'a) Công tác chỉ đạo, điều hành', 'Nội dung.'])).toEqual([]);
  });

  it('flags gaps and repeats at each level and accepts a clean outline', () => {
    const clean = ['I. MỘT', 'x', '1. Một', 'x', '2. Hai', '2.1. Hai một', 'x', '2.2. Hai hai', 'a) điểm a', 'x', 'b) điểm b', 'x', 'II. HAI', '1. Lại một', 'x'];
    expect(findings(headingNumbering, clean)).toEqual([]);
    // A numbered list inside a sub-part is not a heading out of order.
    expect(findings(headingNumbering, ['I. MỘT', '1. Một', '2. Hai', '2.1. Hai một', 'Gồm các văn bản:', '1. Nghị định …;', '2. Thông tư ….', '3. Ba', 'x'])).toEqual([]);
    const f = findings(headingNumbering, ['I. MỘT', 'x', 'II. HAI', 'x', 'IV. BỐN', 'x', '1. Một', 'x', '2. Hai', 'x', '4. Bốn', 'x', 'a) a', 'x', 'c) c', 'x']);
    expect(f.map((x) => x.expected)).toEqual(['III.', '3.', 'b)']);
  });
});

describe('end of the body', () => {
  it('wants "./." at the end of the closing paragraph', () => {
    expect(findings(endMark, ['Trên đây là báo cáo …, báo cáo Sở Nội vụ biết, tổng hợp./.'])).toEqual([]);
    const f = findings(endMark, ['Trên đây là báo cáo …, báo cáo Sở Nội vụ biết, tổng hợp.']);
    expect(f).toHaveLength(1);
    expect(applyFix('Trên đây là báo cáo …, báo cáo Sở Nội vụ biết, tổng hợp.', f[0].fix!)).toBe('Trên đây là báo cáo …, báo cáo Sở Nội vụ biết, tổng hợp./.');
  });
});

describe('counts below 10', () => {
  it('follows the year’s setting', () => {
    const f = findings(countPadding, 'Trong 3 năm, thành phố mở 01 lớp tập huấn.', { padCounts: true });
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ expected: '03 năm', fix: { before: '3 năm', after: '03 năm' } });
    expect(findings(countPadding, 'Trong 3 năm, thành phố mở 1 lớp tập huấn.', { padCounts: false })).toEqual([]);
  });

  it('without a setting, reports only the minority form', () => {
    expect(findings(countPadding, ['Sơ kết 03 năm, 01 lớp, 05 đơn vị.', 'II. KẾT QUẢ 3 NĂM THỰC HIỆN']).map((f) => f.fix)).toEqual([{ before: '3 NĂM', after: '03 NĂM' }]);
    expect(findings(countPadding, 'Sơ kết 03 năm, 01 lớp, 05 đơn vị.')).toEqual([]);
  });

  it('leaves article numbers, document names, fixed periods and places alone', () => {
    const text = 'theo khoản 2 Điều 13, Chỉ thị 08 với định kỳ 6 tháng, ngã 5 cũ, Phụ lục 2 kèm theo, kỳ họp thứ 7, đợt 2 năm nay, quý 3 vừa qua, hỗ trợ 2 tỷ đồng cho 5 ha lúa và 05 đơn vị.';
    expect(findings(countPadding, text, { padCounts: true })).toEqual([]);
  });
});

describe('dates', () => {
  it('wants the day below 10 padded and months padded only for 1 and 2', () => {
    const f = findings(dateStyle, 'Công văn số 598/SNV-XDCQ ngày 17/04/2024 và Quyết định ngày 14/6/2022, ngày 5/11/2021, ngày 09/2/2023.');
    expect(f.map((x) => [x.excerpt.includes('17/04') ? '17/04/2024' : x.expected, x.expected])).toEqual([
      ['17/04/2024', '17/4/2024'],
      ['05/11/2021', '05/11/2021'],
      ['09/02/2023', '09/02/2023'],
    ]);
    expect(findings(dateStyle, 'ngày 25/5/2021, ngày 04/8/2022, ngày 09/02/2023, ngày 27/10/2022.')).toEqual([]);
  });

  it('accepts a document that pads every month', () => {
    expect(findings(dateStyle, 'ngày 25/05/2021, ngày 04/08/2022, ngày 17/04/2024.')).toEqual([]);
  });
});

describe('capitals of Phụ lục II', () => {
  it('flags the People, the Fatherland Front, the Government and the State written in lower case', () => {
    const f = findings(capitals, 'niềm tin của nhân dân; Mặt trận tổ quốc; Thủ tướng chính phủ; pháp luật của nhà nước; theo Khoản 2 Điều 13');
    expect(f.map((x) => x.expected)).toEqual(['Nhân dân', 'Tổ quốc', 'Chính phủ', 'Nhà nước', 'khoản']);
  });

  it('offers fixes that apply to the text as written', () => {
    const text = 'đời sống vật chất, tinh thần của nhân dân ngày càng được cải thiện; Mặt trận tổ quốc.';
    let fixed = text;
    for (const f of findings(capitals, text)) fixed = applyFix(fixed, f.fix!) ?? 'not applied';
    expect(fixed).toBe('đời sống vật chất, tinh thần của Nhân dân ngày càng được cải thiện; Mặt trận Tổ quốc.');
  });

  it('leaves names of bodies and common phrases alone', () => {
    const ok = ['Ủy ban nhân dân thành phố, Hội đồng nhân dân, Ban Thanh tra nhân dân, cơ quan hành chính nhà nước, quản lý nhà nước, của Nhân dân.', 'Khoản 2 Điều 13 quy định về trang thiết bị.'];
    expect(findings(capitals, ok)).toEqual([]);
  });
});

describe('spacing, brackets and sentences', () => {
  it('flags double spaces and a space before punctuation, with a fix', () => {
    const text = 'Kết quả là : 47 mô hình  đã được công nhận .';
    const f = findings(spacing, text);
    expect(f).toHaveLength(3);
    let fixed = text;
    for (const x of f) fixed = applyFix(fixed, x.fix!) ?? fixed;
    expect(fixed).toBe('Kết quả là: 47 mô hình đã được công nhận.');
    expect(findings(spacing, 'Kết quả: 47 mô hình (đạt 100%), tổng hợp./.')).toEqual([]);
  });

  it('flags unbalanced brackets and quotes but not a heading’s own "a)"', () => {
    expect(findings(balance, 'Kết quả (đạt 100% kế hoạch.')).toHaveLength(1);
    expect(findings(balance, 'Phong trào “Dân vận khéo đạt kết quả.')).toHaveLength(1);
    expect(findings(balance, ['I. MỘT', 'a) Công tác chỉ đạo (chung)', 'Phong trào “Dân vận khéo” (năm 2023).'])).toEqual([]);
  });

  it('flags a lower-case word after a full stop', () => {
    expect(findings(sentenceStart, 'UBND thành phố nhận 3.848 đơn. trong đó có 2.932 đơn.')).toHaveLength(1);
    expect(findings(sentenceStart, 'UBND thành phố nhận 3.848 đơn. Trong đó có 2.932 đơn; TP. Quảng Ngãi.')).toEqual([]);
  });
});

describe('sentences cut short', () => {
  it('flags a sentence that stops on a word that cannot end it', () => {
    const f = findings(danglingWord, 'Sự phối hợp thực hiện công tác dân vận giữa cấp ủy, chính quyền và Mặt trận Tổ quốc, các tổ chức chính trị - xã hội chưa.');
    expect(f).toHaveLength(1);
    expect(f[0].message).toContain('“chưa.”');
    expect(findings(danglingWord, ['Sự phối hợp còn chưa chặt chẽ.', 'Nhân dân được giám sát; các thiết chế được củng cố.', 'Trên đây là báo cáo …, báo cáo Sở Nội vụ biết, tổng hợp./.'])).toEqual([]);
  });
});

describe('dashes between words', () => {
  it('flags the minority dash and leaves a consistent document alone', () => {
    const f = findings(dashStyle, ['trung tâm kinh tế, văn hóa – xã hội của tỉnh.', 'phát triển kinh tế - xã hội; quốc phòng - an ninh (2021 - 2023).']);
    expect(f).toHaveLength(1);
    expect(f[0].fix).toEqual({ before: 'hóa – xã', after: 'hóa - xã' });
    expect(findings(dashStyle, ['kinh tế - xã hội; quốc phòng - an ninh.', '- Gạch đầu dòng không tính.'])).toEqual([]);
  });
});

describe('instructions left in headings', () => {
  it('flags "(nêu cụ thể …)" in a heading but not a bracket that belongs to the title', () => {
    const f = findings(headingInstruction, ['2.4. Xây dựng mô hình “Dân vận khéo” (nêu cụ thể số mô hình đã triển khai, nhân rộng).', 'x']);
    expect(f).toHaveLength(1);
    expect(f[0].expected).toBe('2.4. Xây dựng mô hình “Dân vận khéo”.');
    expect(findings(headingInstruction, ['2.7. Kết quả thực hiện Quyết định số 436/QĐ-UBND (nay là Quyết định số 1211/QĐ-UBND)', 'x'])).toEqual([]);
  });
});
