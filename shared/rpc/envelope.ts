/** The envelope every RPC call returns, on both hosts. */
import { z } from 'zod';

/** `Locked`: the year is locked (approved or sealed); the message says who locked it, when, and how to unlock. */
export const ERROR_KINDS = ['Validation', 'NotFound', 'Conflict', 'Precondition', 'Forbidden', 'Locked', 'Internal'] as const;
export const ErrorKind = z.enum(ERROR_KINDS);
export type ErrorKind = z.infer<typeof ErrorKind>;

export interface RpcErrorBody {
  kind: ErrorKind;
  /** Vietnamese, meant for the user: says what happened and what was or was not saved. */
  message: string;
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: RpcErrorBody };

/** A failure with a kind and a Vietnamese message; thrown by services, carried as an envelope. */
export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** Formats zod issues as one Vietnamese sentence per issue, naming the field path. */
export function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues
    .map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message))
    .join('; ');
}
