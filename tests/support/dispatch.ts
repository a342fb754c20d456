/** A call through the dispatcher, as both hosts make it, for tests that want its answer and not the envelope. */
import { dispatch, type CoreContext } from '../../electron/core';
import type { Contract, InputOf, OutputOf } from '../../shared/rpc/contract';

/** The call's answer; a refusal is thrown as an Error with the app's Vietnamese message, its `kind` and `channel`. */
export async function callOk<C extends Contract>(ctx: CoreContext, c: C, input: InputOf<C>): Promise<OutputOf<C>>;
export async function callOk<T = unknown>(ctx: CoreContext, channel: string, input: unknown): Promise<T>;
export async function callOk(ctx: CoreContext, c: Contract | string, input: unknown): Promise<unknown> {
  const channel = typeof c === 'string' ? c : c.channel;
  const r = await dispatch(ctx, channel, input, () => undefined);
  if (!r.ok) throw Object.assign(new Error(r.error.message), { kind: r.error.kind, channel });
  return r.value;
}
