/**
 * The job worker's entry (see ./worker-host.ts): runs each task it is sent, one at a time, and posts its progress
 * and its end. Kept between jobs by the host, so the core and the writers load once.
 */
import { parentPort } from 'node:worker_threads';
import type { CoreContext } from '../context';
import { errorBody } from '../rpc/errors';
import { runInline, type WorkerData } from './task';
import type { WorkerMessage } from './worker-host';

const post = (m: WorkerMessage) => parentPort!.postMessage(m);
// Only the workspace matters to the error mapping (read-only folder); the task's own core is closed by then.
const noWorkspace = { workspace: null } as unknown as CoreContext;

parentPort!.on('message', (data: WorkerData) => {
  runInline(data, (p) => post({ type: 'progress', ...p })).then(
    (result) => post({ type: 'done', result }),
    (e: unknown) => post({ type: 'failed', error: errorBody(noWorkspace, `jobs:${data.task}`, e, (l) => console.error(l)) }),
  );
});
