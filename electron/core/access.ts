/**
 * Whether the call running now may write the year's data. The dispatcher runs each call inside `withAccess`
 * according to its contract's `writes`; `ensureYear` then hands a read call a read-only connection (so it cannot
 * write by accident) and checks the year's lock before handing a write call the writable one. AsyncLocalStorage
 * keeps each call's access through its awaits, even when the web host serves several calls at once.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export type Access = 'read' | 'write';

const store = new AsyncLocalStorage<Access>();

export function withAccess<T>(access: Access, fn: () => T): T {
  return store.run(access, fn);
}

/** Outside a dispatched call (command-line writes, the demo loader, tests) code is taken to write. */
export function currentAccess(): Access {
  return store.getStore() ?? 'write';
}

/** Whether the running call was dispatched as a write (a contract with `writes: true`), not merely outside a call. */
export function dispatchedWrite(): boolean {
  return store.getStore() === 'write';
}
