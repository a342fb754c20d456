/**
 * Work that can wait until the page is drawn and the browser has nothing else to do: fetching page chunks ahead,
 * the menu badge's check of the whole year. At 400 units that check takes the host a quarter of a second or more
 * after each edit; asked for together with a page's own data, it ran on the host while the page drew (the two
 * share the computer's cores) and the page's first cells and the report's first page came later.
 */
import { whenCallsSettled } from './rpc';

/** Runs `fn` once the browser is idle (at the latest after `timeoutMs`, when given); returns a cancel function. */
export function whenIdle(fn: () => void, timeoutMs?: number): () => void {
  if (window.requestIdleCallback) {
    const handle = window.requestIdleCallback(fn, timeoutMs === undefined ? undefined : { timeout: timeoutMs });
    return () => window.cancelIdleCallback(handle);
  }
  const handle = window.setTimeout(fn, 200);
  return () => window.clearTimeout(handle);
}

/**
 * Runs `fn` once the page has its data and has drawn it: no call waiting for its answer, then the browser idle (at
 * the latest `timeoutMs` after it is asked); returns a cancel function.
 */
export function afterPageDrawn(fn: () => void, timeoutMs: number): () => void {
  let cancelled = false;
  let cancelIdle: (() => void) | null = null;
  const deadline = window.setTimeout(run, timeoutMs);
  function run() {
    if (cancelled) return;
    cancelled = true;
    window.clearTimeout(deadline);
    cancelIdle?.();
    fn();
  }
  whenCallsSettled(() => {
    if (!cancelled) cancelIdle = whenIdle(run, Math.max(0, timeoutMs));
  });
  return () => {
    cancelled = true;
    window.clearTimeout(deadline);
    cancelIdle?.();
  };
}
