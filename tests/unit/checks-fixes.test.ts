/**
 * Every automatic fix offered on the seed report applies to the paragraph as written, and applying it makes that
 * finding go away without creating an error.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyFix, fromText, runChecks, type CheckDocument } from '../../shared/checks';
import { NATIONAL } from './checks-support';

const SEED = readFileSync(join(__dirname, '../fixtures/bao-cao-so-ket-ct08.txt'), 'utf8');

describe('automatic fixes on the seed report', () => {
  const document = fromText(SEED);
  const findings = runChecks({ document, nationalDocuments: NATIONAL });
  const fixable = findings.filter((f) => f.fix && f.location.kind === 'text');

  it('offers fixes for most of the seed’s slips', () => {
    expect(fixable.length).toBeGreaterThan(25);
  });

  it('each one applies, removes its finding and adds no error', () => {
    for (const f of fixable) {
      const loc = f.location as Extract<typeof f.location, { kind: 'text' }>;
      const i = document.paragraphs.findIndex((p) => p.sectionId === loc.sectionId && p.index === loc.paragraph);
      const p = document.paragraphs[i];
      const fixed = applyFix(p.text, f.fix!);
      expect(fixed, `${f.code}: ${JSON.stringify(f.fix)} in «${p.text.slice(0, 80)}»`).not.toBeNull();
      const next: CheckDocument = { ...document, paragraphs: document.paragraphs.map((q, j) => (j === i ? { ...q, text: fixed! } : q)) };
      const after = runChecks({ document: next, nationalDocuments: NATIONAL });
      expect(after.some((g) => g.id === f.id)).toBe(false);
      expect(after.filter((g) => g.severity === 'error').length).toBeLessThanOrEqual(findings.filter((g) => g.severity === 'error').length);
    }
  });
});
