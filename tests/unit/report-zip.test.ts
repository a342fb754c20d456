/**
 * The outputs' ZIP writer (electron/core/report/zip.ts): text parts given as strings or as pieces are encoded as
 * UTF-8 into a buffer reused from call to call, so every part must come back whole, whatever its size, wherever a
 * multi-byte character (Vietnamese letters, a 4-byte emoji) falls against the buffer's end, and however large the
 * buffer has grown in earlier calls; a part of a megabyte or more is deflated faster, its contents the same.
 */
import fc from 'fast-check';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { zipEntries } from '../../electron/core/report/zip';

const PIECES = ['a', '<w:t>', 'Ủy ban nhân dân xã Nghĩa Hành', 'ệ', 'đ', '😀', '&amp;', ' '];

/** Text of roughly `n` characters from the pieces above, chosen by `seed`. */
function text(n: number, seed: number): string {
  let s = '';
  let x = seed;
  while (s.length < n) {
    x = (x * 1103515245 + 12345) % 2147483648;
    s += PIECES[x % PIECES.length];
  }
  return s;
}

const read = (zip: Buffer) => Object.fromEntries(Object.entries(unzipSync(zip)).map(([name, bytes]) => [name, strFromU8(bytes)]));

describe('zipEntries', () => {
  it('returns every text part whole, given whole or in pieces, across calls that grow the reused buffer', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 150_000 }), fc.nat()), { minLength: 1, maxLength: 4 }), fc.nat(), (specs, cut) => {
        const parts = specs.map(([n, seed]) => text(n, seed));
        const entries: [string, string | string[]][] = parts.map((p, i) => {
          // Every other part in pieces, cut anywhere but inside a character (pieces hold whole characters).
          let at = p.length ? cut % p.length : 0;
          if (/[\ud800-\udbff]/.test(p[at - 1] ?? '')) at += 1;
          return [`part${i}.xml`, i % 2 ? [p.slice(0, at), '', p.slice(at)] : p];
        });
        const back = read(zipEntries(entries));
        expect(Object.keys(back)).toEqual(parts.map((_, i) => `part${i}.xml`));
        parts.forEach((p, i) => expect(back[`part${i}.xml`] === Buffer.from(p, 'utf8').toString('utf8'), `part${i}.xml`).toBe(true));
      }),
      { numRuns: 25 },
    );
  });

  it('gives the same bytes for the same contents as text, as pieces or as bytes; a part over a megabyte comes back the same', () => {
    const big = text(1_500_000, 7);
    const small = text(5_000, 3);
    const asText = zipEntries([['big.xml', big], ['small.xml', small]]);
    const asPieces = zipEntries([['big.xml', [big.slice(0, 700_001), big.slice(700_001)]], ['small.xml', [small]]]);
    const asBytes = zipEntries([['big.xml', Buffer.from(big, 'utf8')], ['small.xml', Buffer.from(small, 'utf8')]]);
    expect(asPieces.equals(asText)).toBe(true);
    expect(asBytes.equals(asText)).toBe(true);
    const back = read(asText);
    expect(back['big.xml'] === big && back['small.xml'] === small).toBe(true);
    // Deflated at level 1: still far smaller than the text.
    expect(asText.length).toBeLessThan(Buffer.byteLength(big) / 10);
  });
});
