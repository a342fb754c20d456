/**
 * The one dispatcher both hosts call: parses the input with the contract, runs the service, parses the output,
 * and returns an envelope. Users read Vietnamese messages; stacks go to the log only.
 */
import { z } from 'zod';
import { rpc } from '../../../shared/rpc';
import type { Contract } from '../../../shared/rpc/contract';
import { describeIssues, type Envelope } from '../../../shared/rpc/envelope';
import type { CoreContext } from '../context';
import { withAccess } from '../access';
import { errorBody } from './errors';
import { handlers } from './handlers';

z.config(z.locales.vi());

type AnyHandler = (ctx: CoreContext, input: unknown) => unknown;
interface Route {
  contract: Contract;
  handler: AnyHandler;
}

const routes = new Map<string, Route>();
for (const [area, verbs] of Object.entries(rpc)) {
  for (const [verb, c] of Object.entries(verbs as Record<string, Contract>)) {
    const handler = (handlers as unknown as Record<string, Record<string, AnyHandler>>)[area][verb];
    routes.set(c.channel, { contract: c, handler });
  }
}

export function knownChannels(): string[] {
  return [...routes.keys()];
}

export type { Logger } from './errors';
import type { Logger } from './errors';

/** Runs one call. Never throws: every failure becomes `{ ok: false, error }`. */
export async function dispatch(
  ctx: CoreContext,
  channel: string,
  rawInput: unknown,
  log: Logger = (l) => console.error(l),
): Promise<Envelope<unknown>> {
  const route = routes.get(channel);
  if (!route) return { ok: false, error: { kind: 'NotFound', message: `Không có chức năng "${channel}".` } };
  const input = route.contract.input.safeParse(rawInput ?? {});
  if (!input.success) {
    return {
      ok: false,
      error: { kind: 'Validation', message: `Dữ liệu gửi lên không hợp lệ, chưa lưu gì: ${describeIssues(input.error.issues)}` },
    };
  }
  try {
    // The write gate: a call that does not write runs on a read-only connection; one that writes meets the lock.
    const result = await withAccess(route.contract.writes ? 'write' : 'read', () => route.handler(ctx, input.data));
    const output = route.contract.output.safeParse(result);
    if (!output.success) {
      log(`[rpc] ${channel}: output does not match its contract: ${JSON.stringify(output.error.issues)}`);
      return { ok: false, error: { kind: 'Internal', message: 'Lỗi nội bộ: kết quả trả về không đúng định dạng.' } };
    }
    return { ok: true, value: output.data };
  } catch (e) {
    return { ok: false, error: errorBody(ctx, channel, e, log) };
  }
}
