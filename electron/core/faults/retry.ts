/**
 * Waiting for another process that holds a year file. SQLite's busy timeout covers most waits, but not a
 * transaction that started reading and must then write while another process wrote in between (SQLITE_BUSY at
 * once, whatever the timeout). Write transactions therefore start IMMEDIATE (the write lock is taken at BEGIN, where
 * the busy timeout applies), and a transaction that still meets a busy year is rolled back and run again after a
 * short wait. After the last attempt the error is a Vietnamese message saying another program holds the year.
 */
import type { Db } from '../db/client';
import { asAppError, isBusy, type FaultContext } from './messages';

export interface RetryOptions {
  /** Attempts in all (default 4). */
  attempts?: number;
  /** First wait in ms, doubled each time (default 200 ms: 200, 400, 800). */
  waitMs?: number;
  /** For the message after the last attempt. */
  fault?: FaultContext;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Blocks the thread for ms: better-sqlite3 is synchronous, and a transaction must not span an await. */
export function sleepSync(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

/**
 * Runs fn, and runs it again after a short wait while it fails because another process holds the year. fn must be
 * safe to run again: a whole transaction that SQLite rolled back, never half of one.
 */
export function retryBusy<T>(fn: () => T, opts: RetryOptions = {}): T {
  const attempts = opts.attempts ?? 4;
  let wait = opts.waitMs ?? 200;
  for (let i = 1; ; i++) {
    try {
      return fn();
    } catch (e) {
      if (!isBusy(e)) throw e;
      if (i >= attempts) throw asAppError(e, opts.fault) ?? e;
      sleepSync(wait);
      wait *= 2;
    }
  }
}

/**
 * One write transaction on a year file, taken IMMEDIATE and retried while another process holds the year. Nested
 * inside another transaction it is a plain savepoint (no retry: the outer transaction owns the lock).
 */
export function inWriteTransaction<T>(db: Db, fn: () => T, opts: RetryOptions = {}): T {
  const client = db.$client;
  if (client.inTransaction) return client.transaction(fn)();
  return retryBusy(() => client.transaction(fn).immediate(), opts);
}
