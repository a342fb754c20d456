/**
 * Runs a job's heavy part (forms, report) in a `node:worker_threads` worker, so the host's own thread keeps
 * answering calls. The worker opens the year read-only and writes only output files (atomically); see ./worker.ts.
 *
 * Where the worker script comes from: the Electron build has it beside the main bundle (`job-worker.js`, an entry
 * of electron.vite.config.ts); run from the sources (web host and command line under tsx, tests), it is bundled
 * once per process with esbuild (tsx's own dependency) into node_modules/.cache. Where neither is possible the
 * work runs on this thread as before (slower to answer meanwhile, same result).
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RpcErrorBody } from '../../../shared/rpc/envelope';
import { AppError } from '../../../shared/rpc/envelope';
import type { JobDto } from '../../../shared/rpc/jobs';
import type { CoreContext } from '../context';
import { requireWorkspace } from '../context';
import { MIGRATIONS_FOLDER } from '../db/client';
import { runInline, type TaskInput, type WorkerData } from './task';

export type Progress = (p: Partial<Pick<JobDto, 'done' | 'total' | 'stage'>>) => void;
export type TaskResult = Partial<Pick<JobDto, 'forms' | 'report'>>;
export type { TaskInput };

/** Messages from the worker. */
export type WorkerMessage =
  | { type: 'progress'; done: number; total: number; stage: string }
  | { type: 'done'; result: TaskResult }
  | { type: 'failed'; error: RpcErrorBody };

let bundled: string | null | undefined;

/** Bundles a worker entry from the sources once per process (tsx runs the sources; a worker needs one file). */
export function bundleFromSources(source: string, name = 'worker'): string | null {
  try {
    const root = resolve(__dirname, '../../..');
    const dir = join(root, 'node_modules', '.cache', 'tonghop-jobs');
    mkdirSync(dir, { recursive: true });
    const outfile = join(dir, `${name}-${process.pid}.cjs`);
    const esbuild = createRequire(join(root, 'package.json'))('esbuild') as {
      buildSync(o: Record<string, unknown>): unknown;
    };
    esbuild.buildSync({ entryPoints: [source], bundle: true, platform: 'node', format: 'cjs', packages: 'external', outfile, logLevel: 'error' });
    process.once('exit', () => rmSync(outfile, { force: true }));
    return outfile;
  } catch {
    return null;
  }
}

/**
 * The built worker for a core loaded from `dir`: electron-vite puts the core in out/main/chunks/ and the worker in
 * out/main/job-worker.js; the command line's bundle keeps both in out/node/. `name` is another worker's file
 * (the import read worker, read-worker.js).
 */
export function builtWorker(dir: string, name = 'job-worker.js'): string | undefined {
  return [join(dir, name), join(dir, '..', name)].find((f) => existsSync(f));
}

/** The worker script, or null when this build has none (the work then runs inline). `use` replaces it (tests). */
export function workerScript(use?: string | null): string | null {
  if (use !== undefined) bundled = use;
  if (bundled !== undefined) return bundled;
  const built = builtWorker(__dirname);
  const source = join(__dirname, 'worker.ts');
  bundled = built ?? (existsSync(source) ? bundleFromSources(source) : null);
  return bundled;
}

/**
 * One worker kept idle between jobs (loading the core and the writers takes about a second): a job takes it, or
 * starts a new one when it is busy; a worker that ends its job becomes the idle one, or stops if there is one.
 * The idle worker does not keep the process alive.
 */
let idle: Worker | null = null;
const forget = () => (idle = null);

const scriptOf = new WeakMap<Worker, string>();

function takeWorker(script: string): Worker {
  if (idle && scriptOf.get(idle) !== script) void idle.terminate();
  const w = idle && scriptOf.get(idle) === script ? idle : new Worker(script);
  scriptOf.set(w, script);
  w.off('exit', forget);
  idle = null;
  w.ref();
  return w;
}

function giveBack(w: Worker): void {
  if (idle) return void w.terminate();
  w.unref();
  // A worker that dies while idle is simply forgotten.
  w.once('exit', forget);
  idle = w;
}

/** Runs `input` in a worker, reporting its progress; resolves with its result or rejects with its AppError. */
export function runTask(ctx: CoreContext, input: TaskInput, progress: Progress): Promise<TaskResult> {
  const script = workerScript();
  const ws = requireWorkspace(ctx);
  const data: WorkerData = {
    ...input,
    workspaceDir: ws.dir,
    // The worker's bundle lives elsewhere: it is told where the migrations are rather than finding them.
    dbOptions: { ...ctx.dbOptions, migrationsFolder: ctx.dbOptions.migrationsFolder ?? MIGRATIONS_FOLDER },
    resourcesDir: ctx.resourcesDir,
    actor: ctx.actor,
    now: ctx.now(),
  };
  if (!script) return runInline(data, progress);
  return new Promise((ok, fail) => {
    const worker = takeWorker(script);
    let settled = false;
    let heard = false;
    // A worker that cannot even start (a packaging fault) is given up for good: the work runs on this thread.
    const inlineInstead = (why: string) => {
      settled = true;
      bundled = null;
      console.error(`[jobs] worker ${script} did not start (${why}); running jobs on the main thread`);
      runInline(data, progress).then(ok, fail);
    };
    // Only these listeners are removed afterwards: the Worker keeps internal ones of its own.
    const onMessage = (m: WorkerMessage) => {
      heard = true;
      if (m.type === 'progress') return progress({ done: m.done, total: m.total, stage: m.stage });
      settled = true;
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      giveBack(worker);
      if (m.type === 'done') ok(m.result);
      else fail(new AppError(m.error.kind, m.error.message));
    };
    const onError = (e: Error) => {
      if (!heard) return inlineInstead(e.message);
      settled = true;
      fail(e);
    };
    const onExit = (code: number) => {
      if (settled) return;
      if (!heard) return inlineInstead(`exit code ${code}`);
      fail(new Error(`job worker exited with code ${code}`));
    };
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    worker.postMessage(data);
  });
}
