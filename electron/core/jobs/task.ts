/**
 * The heavy part of a job, the same code in a worker thread and inline: a core of its own on the same workspace,
 * reading the year read-only (never a second writer), writing only output files, each atomically.
 */
import type { RpcErrorBody } from '../../../shared/rpc/envelope';
import type { JobDto } from '../../../shared/rpc/jobs';
import { closeCore, createCore } from '../index';
import type { OpenOptions } from '../db/client';
import { withAccess } from '../access';
import { generateForms } from '../services/forms';
import { generateOutputs } from '../services/report';

export interface TaskInput {
  task: 'forms' | 'report';
  year: number;
}

export interface WorkerData extends TaskInput {
  workspaceDir: string;
  dbOptions: OpenOptions;
  resourcesDir: string;
  actor: string;
  /** The host's clock when the job started (ISO): the forms' generation time. */
  now: string;
}

type Progress = (p: Pick<JobDto, 'done' | 'total' | 'stage'>) => void;
type Result = Partial<Pick<JobDto, 'forms' | 'report'>>;

/** Runs the task on this thread. Throws what the services throw (AppErrors with Vietnamese messages). */
export async function runInline(data: WorkerData, progress: Progress): Promise<Result> {
  const ctx = createCore({
    host: 'cli',
    workspaceDir: data.workspaceDir,
    actor: data.actor,
    dbOptions: { ...data.dbOptions, readonly: true },
    resourcesDir: data.resourcesDir,
    now: () => data.now,
  });
  try {
    return await withAccess('read', async () => {
      if (data.task === 'forms') {
        const forms = await generateForms(ctx, data.year, undefined, (done, total) =>
          progress({ done, total, stage: done < total ? `Đang tạo biểu mẫu ${done}/${total}…` : `Đang nén ${total} biểu mẫu vào một tệp…` }),
        );
        return { forms };
      }
      const report = await generateOutputs(ctx, data.year, (done, total, stage) => progress({ done, total, stage }));
      return { report };
    });
  } finally {
    closeCore(ctx);
  }
}

export type { RpcErrorBody };
