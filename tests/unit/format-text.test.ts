/** Text folding shared by the importer (labels, unit names) and the checks. */
import { describe, expect, it } from 'vitest';
import { foldDiacritics, foldLabel } from '../../shared/format/text';

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
