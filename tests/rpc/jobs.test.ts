/**
 * Long work as jobs (shared/rpc/jobs.ts): forms for 400 units and the report run in a worker thread while the host
 * answers other calls, with progress counts; a second start of the same kind and year is refused; an import job
 * stores staged returns file by file; failures come back as Vietnamese errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { closeCore, createCore, dispatch, type CoreContext } from '../../electron/core';
import { workerScript } from '../../electron/core/jobs/worker-host';
import { addUnit } from '../../electron/core/services/units';
import { loadDemo } from '../../electron/core/services/demo';
import { rpc } from '../../shared/rpc';
import type { JobDto } from '../../shared/rpc/jobs';
import { tempDir } from '../support/web-host';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { checkFiles, importFiles } from '../../electron/core/services/imports';
import { ensureYear } from '../../electron/core/services/years';
import { setYearLock } from '../../electron/core/services/year-lock';
import { dbDigest } from '../support/import-fixture';
import { importFixture } from '../faults/support';
import { soffice } from '../support/libreoffice';
import { callOk } from '../support/dispatch';

let ctx: CoreContext;
let dir: string;
const quiet = () => undefined;

const call = <T>(channel: string, input: unknown) => callOk<T>(ctx, channel, input);

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
    await expect(call(rpc.jobs.forms.channel, { year: 2024 })).rejects.toMatchObject({ kind: 'Conflict', message: expect.stringMatching(/^Đang tạo biểu mẫu năm 2024( \(\d+\/\d+\))?; lần bấm này chưa làm gì\./) });
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

  it('converts a report file to PDF, saying so meanwhile', async (t) => {
    if (!soffice()) t.skip();
    const { id } = await call<{ id: string }>(rpc.jobs.pdf.channel, { year: 2024, name: 'Bao-cao-2024-du-thao.docx' });
    const seen = await follow(id);
    const last = seen.at(-1)!;
    expect(last.error).toBeUndefined();
    expect(last.pdf!.name).toBe('Bao-cao-2024-du-thao.pdf');
    expect(readFileSync(join(dir, 'tonghop-2024', 'bao-cao', last.pdf!.name)).subarray(0, 5).toString()).toBe('%PDF-');
    expect(seen[0].stage).toBe('Đang chuyển sang PDF: Bao-cao-2024-du-thao.docx…');
  });

  it('fails with a Vietnamese reason when the worker cannot write (the forms folder is a file)', async () => {
    mkdirSync(join(dir, 'tonghop-2024'), { recursive: true });
    rmSync(join(dir, 'tonghop-2024', 'bieu-mau'), { recursive: true, force: true });
    writeFileSync(join(dir, 'tonghop-2024', 'bieu-mau'), 'không phải thư mục');
    const { id } = await call<{ id: string }>(rpc.jobs.forms.channel, { year: 2024 });
    const last = (await follow(id)).at(-1)!;
    expect(last.state).toBe('failed');
    expect(last.stage).toBe('Chưa tạo biểu mẫu xong.');
    expect(last.error!.message).toMatch(/[ăâđêôơư]/);
    expect(last.error!.message).not.toMatch(/already exists|not a directory|Error:|Lỗi nội bộ/);
    rmSync(join(dir, 'tonghop-2024', 'bieu-mau'));
  });

  it('runs the work on the main thread when the worker cannot start', async () => {
    const original = workerScript();
    const broken = join(dir, 'hong.cjs');
    writeFileSync(broken, "throw new Error('thiếu thư viện');");
    workerScript(broken);
    try {
      const { id } = await call<{ id: string }>(rpc.jobs.report.channel, { year: 2024 });
      expect((await follow(id)).at(-1)).toMatchObject({ state: 'done' });
      expect(workerScript()).toBeNull();
    } finally {
      workerScript(original);
    }
  });

  it('says so for a job it does not know', async () => {
    await expect(call(rpc.jobs.status.channel, { id: 'khong-co' })).rejects.toMatchObject({ kind: 'NotFound' });
  });
});

describe('the import job', () => {
  it('stores staged returns one by one with counts, as the command-line import does; refused on a locked year', async () => {
    const base = tempDir();
    const fx = await importFixture(base, 6);
    const files = readdirSync(fx.returns).sort().map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(fx.returns, name))) }));
    // The same returns stored by the command-line path, in a workspace of their own: what the job must match.
    const other = join(base, 'dong-lenh');
    mkdirSync(other);
    copyFileSync(fx.pristine, join(other, 'tonghop-2024.sqlite'));
    const cli = createCore({ host: 'cli', workspaceDir: other, actor: 'kiểm thử', now: () => '2024-04-25T08:00:00.000Z' });
    const ws = join(base, 'cong-viec');
    mkdirSync(ws);
    copyFileSync(fx.pristine, join(ws, 'tonghop-2024.sqlite'));
    const web = createCore({ host: 'web', workspaceDir: ws, actor: 'kiểm thử', now: () => '2024-04-25T08:00:00.000Z' });
    try {
      importFiles(cli, 2024, files, { dryRun: false });
      const ids = checkFiles(web, 2024, files).map((c) => c.id);
      const db = ensureYear(web, 2024);
      setYearLock(db, { state: 'test', by: 'Kiểm thử viên', at: '2024-04-25T08:00:00.000Z', unlock: 'Gỡ khóa thử để sửa.' });
      const locked = await dispatch(web, rpc.jobs.import.channel, { year: 2024, ids }, quiet);
      expect(locked).toMatchObject({ ok: false, error: { kind: 'Locked' } });
      setYearLock(db, null);
      const started = await dispatch(web, rpc.jobs.import.channel, { year: 2024, ids }, quiet);
      if (!started.ok) throw new Error(started.error.message);
      const seen: JobDto[] = [];
      for (;;) {
        const st = await dispatch(web, rpc.jobs.status.channel, { id: (started.value as { id: string }).id }, quiet);
        if (!st.ok) throw new Error(st.error.message);
        const job = st.value as JobDto;
        seen.push(job);
        if (job.state !== 'running') break;
        await new Promise((r) => setImmediate(r));
      }
      const last = seen.at(-1)!;
      expect(last.state).toBe('done');
      expect(last.import!.map((r) => r.status)).toEqual(files.map(() => 'imported'));
      expect(seen.some((j) => j.state === 'running' && /^Đang nhập tệp [1-9]\d*\/6…$/.test(j.stage))).toBe(true);
      expect(dbDigest(web)).toBe(dbDigest(cli));
    } finally {
      closeCore(web);
      closeCore(cli);
      rmSync(base, { recursive: true, force: true });
    }
  });
});
