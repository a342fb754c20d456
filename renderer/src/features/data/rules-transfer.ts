/**
 * Rule results as they cross from the rules worker to the page (./rules-off-thread.ts). A province's 17,826
 * results carry only about 90 distinct texts and a few hundred lists of codes, but as objects they were 8 MB to
 * copy, and reading them back took the page one task of 50–70 ms. Packed, each text and each list of codes is sent
 * once and every result is nine integers in one buffer that is handed over, not copied.
 */
import type { RuleResult } from '../../../../shared/domain/rules';

/** Integers per result: ruleId, severity, scope, status, message (texts), has unitId, unitId, year, codes (list). */
const WIDTH = 9;

export interface PackedRules {
  texts: string[];
  codeLists: string[][];
  ints: Int32Array<ArrayBuffer>;
}

export function packRules(rules: readonly RuleResult[]): PackedRules {
  const texts: string[] = [];
  const textAt = new Map<string, number>();
  const codeLists: string[][] = [];
  const listAt = new Map<string, number>();
  const text = (s: string) => {
    let k = textAt.get(s);
    if (k === undefined) textAt.set(s, (k = texts.push(s) - 1));
    return k;
  };
  const list = (codes: string[]) => {
    // Codes are indicator codes (letters, digits, _ and -): a line feed never occurs in one.
    const key = codes.join('\n');
    let k = listAt.get(key);
    if (k === undefined) listAt.set(key, (k = codeLists.push([...codes]) - 1));
    return k;
  };
  const ints = new Int32Array(rules.length * WIDTH);
  rules.forEach((r, i) => {
    const o = i * WIDTH;
    ints[o] = text(r.ruleId);
    ints[o + 1] = text(r.severity);
    ints[o + 2] = text(r.scope);
    ints[o + 3] = text(r.status);
    ints[o + 4] = text(r.message);
    ints[o + 5] = r.unitId === undefined ? 0 : 1;
    ints[o + 6] = r.unitId ?? 0;
    ints[o + 7] = r.year;
    ints[o + 8] = list(r.codes);
  });
  return { texts, codeLists, ints };
}

/** The results packRules packed, in their order, each with its own list of codes. */
export function unpackRules(p: PackedRules): RuleResult[] {
  const { texts, codeLists, ints } = p;
  const n = ints.length / WIDTH;
  const out = new Array<RuleResult>(n);
  for (let i = 0; i < n; i++) {
    const o = i * WIDTH;
    const r: RuleResult = {
      ruleId: texts[ints[o]],
      severity: texts[ints[o + 1]] as RuleResult['severity'],
      scope: texts[ints[o + 2]] as RuleResult['scope'],
      year: ints[o + 7],
      status: texts[ints[o + 3]] as RuleResult['status'],
      message: texts[ints[o + 4]],
      codes: codeLists[ints[o + 8]].slice(),
    };
    if (ints[o + 5] === 1) r.unitId = ints[o + 6];
    out[i] = r;
  }
  return out;
}
