/** Names of bodies in running text (ND 30, Phụ lục II) and the issuer's mentions derived from the settings. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, Settings } from '../../shared/domain/settings';
import { issuerNames, nameInText, unitNameInText } from '../../shared/report/names';

const settings = (over: Partial<Settings>): Settings => Settings.parse({ ...DEFAULT_SETTINGS, ...over });

describe('names in running text', () => {
  it('keeps generic nouns of places in lower case and capitalises the proper name', () => {
    expect(nameInText('ỦY BAN NHÂN DÂN THÀNH PHỐ QUẢNG NGÃI')).toBe('Ủy ban nhân dân thành phố Quảng Ngãi');
    expect(nameInText('UBND TỈNH QUẢNG NGÃI')).toBe('Ủy ban nhân dân tỉnh Quảng Ngãi');
    expect(nameInText('ỦY BAN NHÂN DÂN PHƯỜNG 1')).toBe('Ủy ban nhân dân Phường 1');
    expect(nameInText('ỦY BAN NHÂN DÂN XÃ BA TƠ')).toBe('Ủy ban nhân dân xã Ba Tơ');
  });

  it('capitalises the function word of an organisation: "Sở Nội vụ", never "Sở nội vụ"', () => {
    expect(nameInText('SỞ NỘI VỤ')).toBe('Sở Nội vụ');
    expect(nameInText('SỞ NỘI VỤ TỈNH QUẢNG NGÃI')).toBe('Sở Nội vụ tỉnh Quảng Ngãi');
    expect(nameInText('TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG')).toBe('Trung tâm Phục vụ hành chính công');
    expect(nameInText('PHÒNG TÀI CHÍNH - KẾ HOẠCH')).toBe('Phòng Tài chính - Kế hoạch');
    expect(nameInText('VĂN PHÒNG HĐND VÀ UBND')).toBe('Văn phòng HĐND và UBND');
    expect(nameInText('SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH')).toBe('Sở Văn hóa, Thể thao và Du lịch');
    expect(nameInText('PHÒNG LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI')).toBe('Phòng Lao động - Thương binh và Xã hội');
    expect(nameInText('TRUNG TÂM VĂN HÓA - ĐIỆN ẢNH VÀ TRIỂN LÃM TỈNH')).toBe('Trung tâm Văn hóa - Điện ảnh và Triển lãm tỉnh');
  });

  it('writes a ward mid-sentence with a lower-case noun unless its name is a number', () => {
    expect(unitNameInText('Phường Trương Quang Trọng')).toBe('phường Trương Quang Trọng');
    expect(unitNameInText('Phường 1')).toBe('Phường 1');
    expect(unitNameInText('Phòng Nội vụ')).toBe('Phòng Nội vụ');
  });
});

describe('issuerNames', () => {
  it('derives the short form, locality, superior, party committee and head of a city', () => {
    expect(issuerNames(settings({ issuerLines: ['ỦY BAN NHÂN DÂN', 'THÀNH PHỐ QUẢNG NGÃI'] }))).toEqual({
      name: 'Ủy ban nhân dân thành phố Quảng Ngãi',
      short: 'UBND thành phố',
      area: 'thành phố',
      superior: 'Ủy ban nhân dân tỉnh',
      superiorShort: 'UBND tỉnh',
      party: 'Thành ủy',
      head: 'Chủ tịch UBND thành phố',
    });
  });

  it('derives them for a commune after the 2025 reorganisation and for a Sở under UBND tỉnh', () => {
    const xa = issuerNames(settings({ issuerLines: ['ỦY BAN NHÂN DÂN', 'XÃ TỊNH KHÊ'] }));
    expect(xa).toMatchObject({ short: 'UBND xã', area: 'xã', superior: 'Ủy ban nhân dân tỉnh', party: 'Đảng ủy xã' });
    const so = issuerNames(settings({ superiorBody: 'UBND TỈNH KON TUM', issuerLines: ['SỞ NỘI VỤ'] }));
    expect(so).toMatchObject({ name: 'Sở Nội vụ', short: 'Sở', area: 'tỉnh', superior: 'Ủy ban nhân dân tỉnh', superiorShort: 'UBND tỉnh', head: 'Giám đốc Sở' });
  });

  it('lets the settings say it otherwise', () => {
    const n = issuerNames(settings({ issuerLines: ['SỞ NỘI VỤ'], issuerShort: 'Sở Nội vụ', partyCommittee: 'Đảng ủy Sở', localityNoun: 'tỉnh' }));
    expect(n).toMatchObject({ short: 'Sở Nội vụ', party: 'Đảng ủy Sở', area: 'tỉnh' });
  });
});
