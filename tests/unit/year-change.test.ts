/** The year-on-year change in a comparison table: rounded like every percentage, ratios in points. */
import { describe, expect, it } from 'vitest';
import { changeShown } from '../../shared/domain/year-change';

describe('changeShown', () => {
  it('writes a rise and a fall in percent, rounded half-up to one decimal', () => {
    expect(changeShown('count', '37', '35')).toBe('+5,7%');
    expect(changeShown('count', '35', '37')).toBe('-5,4%');
    expect(changeShown('count', '2000', '1000')).toBe('+100%');
    expect(changeShown('decimal', '16015.34', '15000')).toBe('+6,8%');
    expect(changeShown('count', '1001', '1000')).toBe('+0,1%');
    expect(changeShown('count', '10001', '10000')).toBe('+<0,1%');
    expect(changeShown('count', '5', '5')).toBe('0%');
  });

  it('writes a ratio’s change in percentage points, and a change from 0 as the amount', () => {
    expect(changeShown('ratio', '83.7', '83.5')).toBe('+0,2 điểm %');
    expect(changeShown('ratio', '76.2', '80')).toBe('-3,8 điểm %');
    expect(changeShown('count', '12', '0')).toBe('+12');
    expect(changeShown('count', '1270', '0')).toBe('+1.270');
  });

  it('says nothing where a year has no value or the indicator is not a number', () => {
    expect(changeShown('count', null, '5')).toBeNull();
    expect(changeShown('count', '5', null)).toBeNull();
    expect(changeShown('text', 'Loại II', 'Loại III')).toBeNull();
    expect(changeShown('count', 'x', '5')).toBeNull();
  });
});
