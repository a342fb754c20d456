/** One RPC call: a channel name, the zod schema of its input and of its output. */
import type { z } from 'zod';

export interface Contract<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  channel: string;
  input: I;
  output: O;
}

export function contract<I extends z.ZodType, O extends z.ZodType>(c: Contract<I, O>): Contract<I, O> {
  return c;
}

export type InputOf<C> = C extends Contract<infer I, z.ZodType> ? z.input<I> : never;
export type OutputOf<C> = C extends Contract<z.ZodType, infer O> ? z.output<O> : never;
