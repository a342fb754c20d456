/** The job worker's entry (see ./worker-host.ts): runs one task from workerData and posts progress and the end. */
import { parentPort, workerData } from 'node:worker_threads';
import type { CoreContext } from '../context';
import { errorBody } from '../rpc/errors';
import { runInline, type WorkerData } from './task';
import type { WorkerMessage } from './worker-host';

const data = workerData as WorkerData;
const post = (m: WorkerMessage) => parentPort!.postMessage(m);

runInline(data, (p) => post({ type: 'progress', ...p })).then(
  (result) => post({ type: 'done', result }),
  (e: unknown) => post({ type: 'failed', error: errorBody({ workspace: null } as unknown as CoreContext, `jobs:${data.task}`, e, (l) => console.error(l)) }),
);
