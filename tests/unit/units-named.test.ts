/**
 * Which units a title or a file name names (the check that a commune did not fill in its neighbour's form): the
 * lookup by runs of words finds exactly the names that appear as whole words of the folded text, as a plain
 * search for each name does, in the units' order, a name inside a longer named one left out.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { unitsNamedIn } from '../../electron/core/import/read-form';
import { foldLabel } from '../../shared/format/text';
import type { UnitDto } from '../../shared/domain/records';

const NAMES = ['Xã Tịnh An', 'Xã Tịnh An Tây', 'Phường Trần Phú', 'Phường Nghĩa Lộ', 'Xã Đức Phổ', 'Văn phòng UBND', 'Phòng Tư pháp', 'Xã An'];
const units: UnitDto[] = NAMES.map((name, i) => ({ id: i + 1, code: `DV${i + 1}`, name, kind: name.startsWith('Văn phòng') ? 'office' : 'xa', order: i + 1, active: true }) as UnitDto);

/** The plain search: every name against the whole text. */
function reference(text: string): UnitDto[] {
  const hay = ` ${foldLabel(text)} `;
  const found = units
    .filter((u) => u.kind !== 'office')
    .map((u) => ({ u, key: foldLabel(u.name) }))
    .filter(({ key }) => key.length > 2 && hay.includes(` ${key} `));
  return found.filter((f) => !found.some((g) => g !== f && g.key.length > f.key.length && g.key.includes(f.key))).map((f) => f.u);
}

describe('unitsNamedIn', () => {
  it('names a unit whose name is whole words of the text, not one inside a longer name', () => {
    expect(unitsNamedIn('Đơn vị báo cáo: XÃ TỊNH AN TÂY', units).map((u) => u.name)).toEqual(['Xã Tịnh An Tây']);
    expect(unitsNamedIn('Xa Tinh An - bao cao', units).map((u) => u.name)).toEqual(['Xã Tịnh An']);
    expect(unitsNamedIn('Xã Tịnh', units)).toEqual([]);
    expect(unitsNamedIn('Phòng Tư pháp và Phường Trần Phú', units).map((u) => u.name)).toEqual(['Phường Trần Phú', 'Phòng Tư pháp']);
  });

  it('finds what the plain search finds, for any text made of names and other words', () => {
    const word = fc.constantFrom(...NAMES, 'báo cáo', 'đơn vị', 'xã', 'tịnh', 'an', 'tây', '-', '2024', 'và', ':');
    fc.assert(
      fc.property(fc.array(word, { maxLength: 8 }), fc.constantFrom(' ', '_', ', ', '  '), (parts, sep) => {
        const text = parts.join(sep);
        expect(unitsNamedIn(text, units)).toEqual(reference(text));
      }),
      { numRuns: 500 },
    );
  });
});
