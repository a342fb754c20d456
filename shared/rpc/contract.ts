/**
 * One RPC call: a channel name, whether it writes the year's data, the zod schema of its input and of its output.
 * `writes` is what the write gate goes by: a call that does not write runs on a read-only connection to the year
 * file (it cannot write by accident), and a call that writes is refused while the year is locked (approved or
 * sealed). Every contract must say which it is.
 */
import type { z } from 'zod';

export interface Contract<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  channel: string;
  writes: boolean;
  input: I;
  output: O;
}

export function contract<I extends z.ZodType, O extends z.ZodType>(c: Contract<I, O>): Contract<I, O> {
  return c;
}

export type InputOf<C> = C extends Contract<infer I, z.ZodType> ? z.input<I> : never;
export type OutputOf<C> = C extends Contract<z.ZodType, infer O> ? z.output<O> : never;
