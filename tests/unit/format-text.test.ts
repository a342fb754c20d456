/** Text folding shared by the importer (labels, unit names) and the checks. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { foldDiacritics, foldLabel, foldsAlone } from '../../shared/format/text';

describe('folding text the way a person reads it', () => {
  it('drops diacritics and case, keeps the letters', () => {
    expect(foldDiacritics('Đơn vị báo cáo: Xã Tịnh Ấn Tây')).toBe('don vi bao cao: xa tinh an tay');
    expect(foldDiacritics('Phường'.normalize('NFD'))).toBe('phuong');
  });

  it('compares labels without numbering, punctuation or repeated spaces', () => {
    expect(foldLabel('2.4. Số mô hình “Dân vận khéo”')).toBe('so mo hinh dan van kheo');
    expect(foldLabel('a) Công tác chỉ đạo, điều hành')).toBe('cong tac chi dao dieu hanh');
    expect(foldLabel('IV. KẾT QUẢ   ĐẠT ĐƯỢC')).toBe('ket qua dat duoc');
    expect(foldLabel('Tỷ lệ hòa giải thành công (%)')).toBe('ty le hoa giai thanh cong %');
    // A word that merely starts like a numbering is kept.
    expect(foldLabel('Dân vận chính quyền')).toBe('dan van chinh quyen');
  });
});

describe('folding character by character (the fast way) gives the very same text', () => {
  /** The definition of foldDiacritics, written out again here. */
  const reference = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
  const alone = Array.from({ length: 0x2070 }, (_, c) => c).filter((c) => foldsAlone(c) !== false);

  it('takes every Vietnamese letter, upper and lower case, and leaves out marks and Greek', () => {
    const vietnamese = 'aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ';
    for (const ch of vietnamese + vietnamese.toUpperCase()) expect(foldsAlone(ch.charCodeAt(0)), ch).toBe(reference(ch));
    expect(foldsAlone(0x301)).toBe(false); // a combining mark
    expect(foldsAlone(0x3a3)).toBe(false); // Σ lower-cases by its neighbours
    expect(foldsAlone(0x130)).toBe('i'); // İ: I and a dot above, dropped
    expect(alone.length).toBeGreaterThan(700);
  });

  it('equals the definition on every character of the plane and every pair of characters that fold alone', () => {
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      if (foldDiacritics(ch) !== reference(ch)) expect(foldDiacritics(ch), `U+${c.toString(16)}`).toBe(reference(ch));
    }
    const folds = alone.map((c) => foldsAlone(c) as string);
    let pairs = 0;
    for (let i = 0; i < alone.length; i++)
      for (let j = 0; j < alone.length; j++) {
        const s = String.fromCharCode(alone[i], alone[j]);
        if (folds[i] + folds[j] !== reference(s)) expect(folds[i] + folds[j], s).toBe(reference(s));
        pairs++;
      }
    expect(pairs).toBe(alone.length ** 2);
  });

  it('equals the definition on any text, marks and other scripts mixed in', () => {
    const chars = [...'Đđ Ấấ Ơơ Ưư Ằằ Ỵỵ aAzZ09 -–—“”…:;,.()%', '\u0301', '\u0323', '\u0309', '\u1dc0', 'Σ', 'ς', 'İ', '\u00a0', '\u2028', 'ǅ', 'ﬁ', '한', '\ud83d\ude00'];
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...chars), fc.string({ maxLength: 3 }), fc.string({ unit: 'binary', maxLength: 2 })), { maxLength: 30 }), (parts) => {
        const s = parts.join('');
        expect(foldDiacritics(s)).toBe(reference(s));
        expect(foldDiacritics(s.normalize('NFD'))).toBe(reference(s.normalize('NFD')));
      }),
      { numRuns: 3000 },
    );
  });
});
