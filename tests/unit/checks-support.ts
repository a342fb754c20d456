/** Helpers for the checks tests: a document from lines of text, the findings of one check. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fromText, runChecks, type Check, type CheckInput, type Finding, type NationalDocument } from '../../shared/checks';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const NATIONAL: NationalDocument[] = JSON.parse(readFileSync(`${ROOT}resources/checks/van-ban-quoc-gia.json`, 'utf8')).documents;

/** Findings of `check` on a document made of `lines` (one paragraph each). */
export function findings(check: Check, lines: string[] | string, extra: Partial<CheckInput> = {}): Finding[] {
  const document = fromText(Array.isArray(lines) ? lines.join('\n') : lines);
  return runChecks({ document, nationalDocuments: NATIONAL, ...extra }, [check]);
}
