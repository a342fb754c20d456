/** Long work in slices (renderer lib/slices): the same result as running it at once, the thread given back between slices, and a stop. */
import { describe, expect, it } from 'vitest';
import { runInSlices } from '../../renderer/src/lib/slices';

function* busy(steps: number, msEach: number): Generator<void, number> {
  let total = 0;
  for (let i = 0; i < steps; i++) {
    const until = performance.now() + msEach;
    while (performance.now() < until) total += 0;
    total += i;
    yield;
  }
  return total;
}

describe('runInSlices', () => {
  it('gives the result of the whole run and lets other tasks in between slices', async () => {
    let others = 0;
    const timer = setInterval(() => others++, 1);
    const result = await runInSlices(busy(60, 1), { budgetMs: 5 });
    clearInterval(timer);
    expect(result).toBe((59 * 60) / 2);
    // 60 ms of work in slices of about 5 ms: other tasks ran between them.
    expect(others).toBeGreaterThan(3);
  });

  it('stops when told, and passes on a failure', async () => {
    const stop = new AbortController();
    const run = runInSlices(busy(1000, 1), { budgetMs: 2, signal: stop.signal });
    setTimeout(() => stop.abort(new Error('dừng')), 10);
    await expect(run).rejects.toThrow('dừng');
    function* failing(): Generator<void, number> {
      yield;
      throw new Error('hỏng');
    }
    await expect(runInSlices(failing())).rejects.toThrow('hỏng');
  });
});
