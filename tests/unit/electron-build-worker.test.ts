/**
 * The desktop build finds its job worker: electron-vite splits the core into out/main/chunks/, so the core's own
 * folder is not where the worker is written. Without this the desktop app would run every job on its main thread.
 * The same for the import read worker (electron/core/import/read-pool.ts), which must also run: plain Node loads
 * it here, as Electron's main process does.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { builtWorker } from '../../electron/core/jobs/worker-host';
import { readerAnswer } from '../support/read-worker';

const outMain = resolve(__dirname, '../../out/main');

function jsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? jsFiles(path) : path.endsWith('.js') ? [path] : [];
  });
}

describe('the desktop build', () => {
  it('finds out/main/job-worker.js from the folder the core was bundled into', () => {
    // The core is the bundle that holds the job host (its message for a worker that cannot start).
    const cores = jsFiles(outMain).filter((f) => !f.endsWith('job-worker.js') && readFileSync(f, 'utf8').includes('job-worker.js'));
    expect(cores.length).toBeGreaterThan(0);
    for (const core of cores) expect(builtWorker(dirname(core))).toBe(join(outMain, 'job-worker.js'));
  });

  it('finds out/main/read-worker.js from the folder the core was bundled into, and it reads a file', async () => {
    const cores = jsFiles(outMain).filter((f) => !f.endsWith('read-worker.js') && readFileSync(f, 'utf8').includes('read-worker.js'));
    expect(cores.length).toBeGreaterThan(0);
    for (const core of cores) expect(builtWorker(dirname(core), 'read-worker.js')).toBe(join(outMain, 'read-worker.js'));
    expect(await readerAnswer(join(outMain, 'read-worker.js'))).toMatch(/^Tệp “thu\.xlsx” không phải tệp Excel \(\.xlsx\) mà là tệp PDF đổi đuôi/);
  });
});
