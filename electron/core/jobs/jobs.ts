/**
 * Long work as jobs (contracts in shared/rpc/jobs.ts): the start call answers with an id at once, the work runs on
 * (a worker thread for forms and the report, the main thread file by file for an import, LibreOffice for a PDF), and `jobs:status` tells
 * its progress and, once it ends, its result or its Vietnamese error. One job of a kind per year at a time.
 *
 * Writes: forms and the report write only output files (atomically, each whole or not at all), and their worker
 * reads the year through a read-only connection, so it never holds a second writer. An import writes the year
 * through the host's one connection, one file per transaction, yielding between files so other calls are
 * answered; the write gate (locked year) is checked when it starts and again for each file.
 */
import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { AppError } from '../../../shared/rpc/envelope';
import type { CommitChoice, CommitResult } from '../../../shared/rpc/imports';
import type { JobDto, JobKind } from '../../../shared/rpc/jobs';
import type { CoreContext } from '../context';
import { withAccess } from '../access';
import { errorBody, type Logger } from '../rpc/errors';
import { commitFiles, stagedBytes } from '../services/imports';
import { ensureYear } from '../services/years';
import { reportPdf } from '../services/review';
import { ensureImportSpace } from '../faults/space';
import { asAppError } from '../faults/messages';
import { runTask, type Progress, type TaskResult } from './worker-host';

type Job = JobDto;

/** The jobs of each core (host), the running ones and the last finished ones. */
const registry = new WeakMap<CoreContext, Map<string, Job>>();
const KEEP_FINISHED = 20;

function jobsOf(ctx: CoreContext): Map<string, Job> {
  let m = registry.get(ctx);
  if (!m) registry.set(ctx, (m = new Map()));
  return m;
}

const WHAT: Record<JobKind, string> = { forms: 'tạo biểu mẫu', report: 'tạo báo cáo', import: 'nhập báo cáo của các đơn vị', pdf: 'chuyển báo cáo sang PDF' };

function forget(ctx: CoreContext): void {
  const m = jobsOf(ctx);
  const finished = [...m.values()].filter((j) => j.state !== 'running');
  for (const j of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) m.delete(j.id);
}

/**
 * Starts `work` as a job of `kind` for `year`; `work` reports progress through `update` and returns the result
 * fields of the job. Refused (Conflict) while a job of the same kind runs for the same year.
 */
function start(
  ctx: CoreContext,
  kind: JobKind,
  year: number,
  work: (update: Progress) => Promise<Partial<Pick<JobDto, 'forms' | 'report' | 'import' | 'pdf'>>>,
  log: Logger,
): { id: string } {
  const running = [...jobsOf(ctx).values()].find((j) => j.kind === kind && j.year === year && j.state === 'running');
  if (running)
    throw new AppError(
      'Conflict',
      `Đang ${WHAT[kind]} năm ${year}${running.total ? ` (${running.done}/${running.total})` : ''}; lần bấm này chưa làm gì. Hãy đợi xong rồi chạy lại nếu cần.`,
    );
  const job: Job = {
    id: randomUUID(),
    kind,
    year,
    state: 'running',
    done: 0,
    total: 0,
    stage: `Đang chuẩn bị ${WHAT[kind]}…`,
    startedAt: ctx.now(),
    finishedAt: null,
  };
  jobsOf(ctx).set(job.id, job);
  const update: Progress = (p) => Object.assign(job, p);
  void work(update).then(
    (result) => Object.assign(job, result, { state: 'done', finishedAt: ctx.now(), stage: `Đã ${WHAT[kind]} xong.` }),
    (e: unknown) => Object.assign(job, { state: 'failed', finishedAt: ctx.now(), error: errorBody(ctx, `jobs:${kind}`, e, log), stage: `Chưa ${WHAT[kind]} xong.` }),
  ).finally(() => forget(ctx));
  return { id: job.id };
}

function fromWorker(r: TaskResult): Partial<Pick<JobDto, 'forms' | 'report'>> {
  return r;
}

/** "Tạo biểu mẫu" as a job: the forms are built and written by a worker thread. */
export function startForms(ctx: CoreContext, year: number, log: Logger = (l) => console.error(l)): { id: string } {
  ensureYear(ctx, year);
  return start(ctx, 'forms', year, async (update) => fromWorker(await runTask(ctx, { task: 'forms', year }, update)), log);
}

/** "Tạo báo cáo" as a job: the document model and the files are made by a worker thread. */
export function startReport(ctx: CoreContext, year: number, log: Logger = (l) => console.error(l)): { id: string } {
  ensureYear(ctx, year);
  return start(ctx, 'report', year, async (update) => fromWorker(await runTask(ctx, { task: 'report', year }, update)), log);
}

/**
 * Storing staged returns as a job: the import service stores them one file per transaction (each whole or not at
 * all), and the host answers other calls between two files. Free space is checked before anything is stored.
 */
export function startImport(ctx: CoreContext, year: number, ids: string[], choices: CommitChoice[] = [], log: Logger = (l) => console.error(l)): { id: string } {
  ensureYear(ctx, year);
  ensureImportSpace(ctx, year, stagedBytes(ctx, year, ids));
  return start(
    ctx,
    'import',
    year,
    (update) =>
      withAccess('write', async () => {
        const results: CommitResult[] = [];
        update({ done: 0, total: ids.length, stage: `Đang nhập tệp 0/${ids.length}…` });
        for (const id of ids) {
          try {
            results.push(...commitFiles(ctx, year, [id], choices));
          } catch (e) {
            const saved = results.filter((r) => r.status === 'imported').length;
            throw asAppError(e, { saved: `đã lưu trọn vẹn ${saved} tệp`, notSaved: `chưa lưu ${ids.length - results.length} tệp còn lại` }) ?? e;
          }
          update({ done: results.length, stage: `Đang nhập tệp ${results.length}/${ids.length}…` });
          await nextTurn();
        }
        return { import: results };
      }),
    log,
  );
}

/**
 * A report file to PDF as a job: LibreOffice runs as its own process (this thread only waits for it), and the
 * page shows "Đang chuyển sang PDF…" meanwhile.
 */
export function startPdf(ctx: CoreContext, year: number, name: string, log: Logger = (l) => console.error(l)): { id: string } {
  ensureYear(ctx, year);
  return start(
    ctx,
    'pdf',
    year,
    (update) =>
      withAccess('read', async () => {
        update({ done: 0, total: 1, stage: `Đang chuyển sang PDF: ${name}…` });
        return { pdf: await reportPdf(ctx, year, name) };
      }),
    log,
  );
}

/** The progress of a job, or its result once done. */
export function jobStatus(ctx: CoreContext, id: string): JobDto {
  const job = jobsOf(ctx).get(id);
  if (!job) throw new AppError('NotFound', 'Không tìm thấy công việc này (ứng dụng đã được mở lại?); hãy chạy lại.');
  return { ...job };
}
