/**
 * Long work in slices: a generator's steps are run for about `budgetMs` at a time, and the thread is given back
 * between slices (to paint, scroll, take keys), so that no task of ours blocks the page for long. The next slice is
 * queued as a MessageChannel message in the browser (nested timeouts are held back 4 ms each), as setImmediate
 * where there is one (Node, for tests: there port messages are drained before any timer runs).
 */
const immediate = (globalThis as { setImmediate?: (fn: () => void) => unknown }).setImmediate;
const nextTask: (fn: () => void) => void = immediate
  ? (fn) => void immediate(fn)
  : (() => {
        const channel = new MessageChannel();
        const queue: (() => void)[] = [];
        // (typed for the DOM's port: the tests' Node types lack onmessage, and take the setImmediate branch anyway)
        (channel.port1 as unknown as { onmessage: (() => void) | null }).onmessage = () => queue.shift()?.();
        return (fn: () => void) => {
          queue.push(fn);
          channel.port2.postMessage(null);
        };
      })();

export function runInSlices<T>(steps: Generator<void, T>, opts: { budgetMs?: number; signal?: AbortSignal } = {}): Promise<T> {
  const budget = opts.budgetMs ?? 8;
  return new Promise<T>((resolve, reject) => {
    const slice = () => {
      if (opts.signal?.aborted) return reject(opts.signal.reason);
      try {
        const end = performance.now() + budget;
        for (;;) {
          const r = steps.next();
          if (r.done) return resolve(r.value);
          if (performance.now() >= end) break;
        }
      } catch (e) {
        return reject(e);
      }
      nextTask(slice);
    };
    nextTask(slice);
  });
}
