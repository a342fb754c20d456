/**
 * Reads a batch of returns on several threads (issue 16): worker threads (one per core but one, at least one)
 * take files from the front of the batch while the core's own thread takes them from the back, so the batch is
 * read about as many times faster as there are cores. Only reading runs there (./read-staged, which never touches
 * the database); the caller evaluates each reading against the year and writes on its own thread as before, so
 * what is stored, the dry run and the messages are the same as reading every file on one thread.
 *
 * - Small batches are read on the core's thread alone, and a worker is only given files once it has started,
 *   so a worker's start-up never makes a batch slower. Workers stay started (idle, not keeping the process
 *   alive) for the next batch.
 * - A worker that throws on a file hands it back: the core's thread reads it again itself, so an unexpected error
 *   ends exactly as it would without workers. A worker that dies while reading a file (a file that exhausts
 *   its memory, a crash) costs that file only: it is refused with the reader's message for a file it cannot
 *   read, and the worker's other files are read on the core's thread. A worker that cannot start at all (a
 *   packaging fault) is not tried again in this process: every file is read on the core's thread.
 */
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { bundleFromSources, builtWorker } from '../jobs/worker-host';
import { DEFAULT_LIMITS, fail } from '../xlsx/errors';
import type { YearScope } from './read-return';
import { readStaged, type MappingLookup, type ReadChoiceOf, type ReadOutcome } from './read-staged';

type Mapping = NonNullable<ReturnType<MappingLookup>>;

/** Messages to a read worker. */
export type ToReader =
  | { type: 'scope'; scope: YearScope; mappings: Map<string, Mapping> }
  | { type: 'read'; n: number; name: string; bytes: Uint8Array; choice?: ReadChoiceOf };
/** Messages from a read worker. */
export type FromReader = { type: 'ready' } | { type: 'read'; n: number; outcome: ReadOutcome } | { type: 'failed'; n: number; message: string };

export interface ReadJob {
  name: string;
  bytes: Uint8Array;
  choice?: ReadChoiceOf;
}

/**
 * When a batch is read with workers too. `files`: from how many files (a worker takes 0,1–0,3 s to start, most of
 * it loading the template's schemas, about what the core's thread needs for 30 files). `cores`: on how many
 * logical cores at least. Measured on the 2-core machines the project is built on (bench, paired runs): the core
 * thread and one worker reading at once took 1,8–1,9 s for 400 returns where one thread took 1,5 s, and a worker
 * alone 1,7 s, so two cores read on one thread. Tests lower both.
 */
export const parallelFrom = { files: 32, cores: 3 };
/** Files a worker holds at once: the next one is there as soon as it answers. */
const IN_FLIGHT = 2;
/** A worker's heap: far above what the reader's limits let one file take, far below what would end the app. */
const WORKER_HEAP_MB = 1024;
/** Its young generation: V8's default added 60 MB to a 400-file batch's peak; 4 MB read a fifth slower. */
const WORKER_YOUNG_MB = 8;

/** Worker threads for reading: one per core but the one the core's thread reads on; none below `parallelFrom.cores`. */
export function readerCount(): number {
  const cores = availableParallelism();
  return cores < parallelFrom.cores ? 0 : Math.max(1, cores - 1);
}

let script: string | null | undefined;

/**
 * The read worker's script: read-worker.js beside the built core (electron-vite's out/main, out/node), or bundled
 * once from the sources under tsx; null when there is none (every batch is then read on the core's thread).
 * `use` replaces it (tests).
 */
export function readWorkerScript(use?: string | null): string | null {
  if (use !== undefined) {
    for (const w of idle.splice(0)) void w.terminate();
    script = use;
  }
  if (script !== undefined) return script;
  const source = join(__dirname, 'read-worker.ts');
  script = builtWorker(__dirname, 'read-worker.js') ?? (existsSync(source) ? bundleFromSources(source, 'read-worker') : null);
  return script;
}

/** Started workers waiting for the next batch. */
const idle: Worker[] = [];
let seq = 0;

function forget(w: Worker): void {
  const k = idle.indexOf(w);
  if (k >= 0) idle.splice(k, 1);
}

/** Waits for the next batch without keeping the process alive. */
function park(w: Worker): void {
  w.unref();
  idle.push(w);
}

/** The script each worker runs: one started from a script since replaced is not used again. */
const scriptOf = new WeakMap<Worker, string>();

/** An idle worker of `file`; idle workers of another script are stopped. */
function takeIdle(file: string): Worker | undefined {
  for (let w = idle.pop(); w; w = idle.pop()) {
    if (scriptOf.get(w) === file) return w;
    void w.terminate();
  }
  return undefined;
}

function newWorker(file: string): Worker {
  const w = new Worker(file, { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB } });
  scriptOf.set(w, file);
  // A batch listens for its workers' ends; an idle worker that ends is only forgotten.
  w.on('error', () => undefined).on('exit', () => forget(w));
  return w;
}

/** How the last batch was read: files read by workers and on the core's thread (tests, bench). */
let split = { workers: 0, here: 0 };
export const lastReadSplit = (): { workers: number; here: number } => ({ ...split });

/** Stops the idle workers (tests; the process does not wait for them anyway). */
export async function stopReaders(): Promise<void> {
  await Promise.all(idle.splice(0).map((w) => w.terminate()));
}

interface Reader {
  worker: Worker;
  ready: boolean;
  /** Sequence numbers sent and not answered, oldest first: the first is the file being read. */
  inFlight: number[];
  off: () => void;
}

const yieldTurn = () => new Promise<void>((ok) => setImmediate(ok));

/**
 * Reads every job against `scope` (with `mappings` as the remembered own-layout mappings), in parallel when the
 * batch is large enough; the outcomes are in the jobs' order and equal to `readStaged` of each on this thread.
 */
export async function readAll(scope: YearScope, mappings: Map<string, Mapping>, jobs: ReadJob[], options: { workers?: number } = {}): Promise<ReadOutcome[]> {
  const out: (ReadOutcome | undefined)[] = new Array(jobs.length);
  const lookup: MappingLookup = (fp) => mappings.get(fp) ?? null;
  split = { workers: 0, here: 0 };
  const inline = (i: number) => {
    out[i] = readStaged(jobs[i].bytes, jobs[i].name, scope, lookup, jobs[i].choice);
    split.here++;
  };
  const count = Math.min(options.workers ?? readerCount(), Math.floor(jobs.length / parallelFrom.files));
  const file = count > 0 ? readWorkerScript() : null;
  if (!file) {
    jobs.forEach((_, i) => inline(i));
    return out as ReadOutcome[];
  }

  let head = 0;
  let tail = jobs.length;
  let left = jobs.length;
  const failures: unknown[] = [];
  const index = new Map<number, number>();
  let settle!: () => void;
  const allRead = new Promise<void>((ok) => (settle = ok));
  const done = () => {
    if (--left === 0) settle();
  };
  // An error in a worker's answer handler (a bug, or readStaged throwing on this thread) ends the batch with it.
  const guarded = (fn: () => void) => {
    try {
      fn();
    } catch (error) {
      failures.push(error);
      settle();
    }
  };
  const feed = (r: Reader) => {
    while (r.ready && r.inFlight.length < IN_FLIGHT && head < tail) {
      const i = head++;
      const n = ++seq;
      index.set(n, i);
      r.inFlight.push(n);
      const { name, bytes, choice } = jobs[i];
      r.worker.postMessage({ type: 'read', n, name, bytes, choice } satisfies ToReader);
    }
  };
  const readers: Reader[] = [];
  const drop = (r: Reader) => {
    r.off();
    const k = readers.indexOf(r);
    if (k >= 0) readers.splice(k, 1);
  };
  const start = (worker: Worker, ready: boolean): Reader => {
    const r: Reader = { worker, ready, inFlight: [], off: () => undefined };
    const answered = (n: number): number | undefined => {
      const k = r.inFlight.indexOf(n);
      if (k < 0) return undefined;
      r.inFlight.splice(k, 1);
      const i = index.get(n);
      index.delete(n);
      return i;
    };
    const onMessage = (m: FromReader) =>
      guarded(() => {
        if (m.type === 'ready') r.ready = true;
        else {
          const i = answered(m.n);
          if (i === undefined) return;
          if (m.type === 'read') {
            out[i] = m.outcome;
            split.workers++;
          } else inline(i);
          done();
        }
        feed(r);
      });
    // 'error' and then 'exit' for one end: handled once.
    const onGone = (why: unknown) =>
      guarded(() => {
        drop(r);
        const lost = r.inFlight.splice(0).map((n) => index.get(n)!);
        if (!r.ready) {
          // It never started: a packaging fault, not a file's. Not tried again in this process.
          script = null;
          console.error(`[imports] read worker ${file} did not start (${why instanceof Error ? why.message : `exit ${String(why)}`}); reading on the main thread`);
        } else if (lost.length) {
          // The file it was reading ended it: refused as a file the reader cannot read; the others are read here.
          const culprit = lost.shift()!;
          const message = fail({ file: jobs[culprit].name, limits: DEFAULT_LIMITS }, 'corrupt', 'nội dung không đọc được').message;
          out[culprit] = { problem: { severity: 'error', message } };
          done();
        }
        for (const i of lost) {
          inline(i);
          done();
        }
      });
    worker.on('message', onMessage).on('error', onGone).on('exit', onGone);
    r.off = () => void worker.off('message', onMessage).off('error', onGone).off('exit', onGone);
    return r;
  };

  for (let k = 0; k < count; k++) {
    const warm = takeIdle(file);
    const worker = warm ?? newWorker(file);
    worker.ref();
    worker.postMessage({ type: 'scope', scope, mappings } satisfies ToReader);
    readers.push(start(worker, warm !== undefined));
  }
  readers.forEach(feed);

  try {
    // This thread reads from the back, yielding between files so the workers' answers are taken in between.
    while (head < tail && !failures.length) {
      guarded(() => inline(--tail));
      done();
      await yieldTurn();
    }
    if (left > 0 && !failures.length) await allRead;
    if (failures.length) throw failures[0];
  } finally {
    for (const r of [...readers]) {
      drop(r);
      if (r.inFlight.length) void r.worker.terminate(); // still reading after an error: would answer a later batch
      else if (r.ready) park(r.worker);
      else {
        // Still starting: kept for the next batch once it has started.
        r.worker.unref();
        r.worker.once('message', (m: FromReader) => m.type === 'ready' && park(r.worker));
      }
    }
  }
  return out as ReadOutcome[];
}
