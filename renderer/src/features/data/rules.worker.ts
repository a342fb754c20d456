/**
 * The Web Worker that evaluates a freshly opened year's rules (./rules-off-thread.ts): the same shared function
 * the page would run, on the data the page holds, so a province's 100–170 ms of checks never take the thread that
 * draws the spreadsheet. Answers every request with its id: the results packed (./rules-transfer), or the error's
 * text.
 */
import { evaluateRules } from '../../../../shared/domain/rules';
import { decodeFigures } from '../../../../shared/rpc/figures';
import { errorText } from '../../lib/text';
import type { RulesAnswer, RulesRequest } from './rules-off-thread';
import { packRules } from './rules-transfer';

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<RulesRequest>) => void) | null;
  postMessage(m: RulesAnswer, transfer?: Transferable[]): void;
};

scope.onmessage = (e) => {
  const { id, template, units, figures, period } = e.data;
  try {
    const rules = packRules(evaluateRules(template, units, decodeFigures(figures), period));
    scope.postMessage({ id, rules }, [rules.ints.buffer]);
  } catch (err) {
    scope.postMessage({ id, error: errorText(err) });
  }
};
