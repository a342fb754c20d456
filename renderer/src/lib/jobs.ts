/**
 * Follows a job (shared/rpc/jobs.ts) started by a call: polls its status and hands each step to the caller, so a
 * screen can show a progress bar with counts while the window stays usable. Resolves with the job once done;
 * rejects with its Vietnamese error when it failed.
 */
import { rpc } from '../../../shared/rpc';
import type { JobDto } from '../../../shared/rpc/jobs';
import { call, RpcError } from './rpc';

const POLL_MS = 250;

export async function followJob(id: string, onProgress: (job: JobDto) => void): Promise<JobDto> {
  for (;;) {
    const job = await call(rpc.jobs.status, { id });
    onProgress(job);
    if (job.state === 'done') return job;
    if (job.state === 'failed') throw new RpcError(job.error?.kind ?? 'Internal', job.error?.message ?? job.stage);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** Percent for a progress bar: known counts, or a small share while the total is not yet known. */
export const jobPercent = (job: Pick<JobDto, 'done' | 'total'>): number => (job.total > 0 ? Math.round((job.done / job.total) * 100) : 2);
