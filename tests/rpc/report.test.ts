import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { closeCore, createCore, dispatch, type CoreContext } from '../../electron/core';
import { loadDemo } from '../../electron/core/services/demo';
import { rpc } from '../../shared/rpc';
import { type ReportDocument } from '../../shared/report/model';
import { runsToText } from '../../shared/domain/placeholders';
import { tempDir } from '../support/web-host';

let ctx: CoreContext;
let dir: string;
const opened: string[] = [];
const quiet = () => undefined;
beforeAll(() => {
  dir = tempDir();
  ctx = createCore({ host: 'web', workspaceDir: dir });
  loadDemo(ctx);
});
afterAll(() => {
  closeCore(ctx);
  rmSync(dir, { recursive: true, force: true });
});

describe('report contracts', () => {
  it('previews the document model with the demo figures in Vietnamese format', async () => {
    const env = await dispatch(ctx, rpc.report.preview.channel, { year: 2024 }, quiet);
    expect(env.ok).toBe(true);
    const doc = (env as { value: ReportDocument }).value;
    const text = doc.body.map((b) => runsToText(b.runs)).join('\n');
    expect(text).toContain('3.848');
    expect(text).toContain('76,2%');
    expect(text).not.toContain('[chưa có số liệu');
    expect(doc.appendices.map((a) => a.label)).toEqual(['Phụ lục I', 'Phụ lục II']);
  });

  it('generates the three files of the working draft into the year output folder and lists them', async () => {
    const gen = await dispatch(ctx, rpc.report.generate.channel, { year: 2024 }, quiet);
    // The final names are the review's, written once at issue; "Tạo báo cáo" writes the working draft.
    expect(gen.ok && (gen.value as { name: string }[]).map((f) => f.name).sort()).toEqual([
      'Bao-cao-2024-du-thao.docx',
      'Phu-luc-2024-du-thao.docx',
      'Phu-luc-2024-du-thao.xlsx',
    ]);
    const files = await dispatch(ctx, rpc.report.files.channel, { year: 2024 }, quiet);
    expect(files.ok && (files.value as { size: number }[]).every((f) => f.size > 5000)).toBe(true);
  });

  it('hands the bytes of an output file to the browser, and nothing outside the folder', async () => {
    const r = await dispatch(ctx, rpc.report.readFile.channel, { year: 2024, name: 'Bao-cao-2024-du-thao.docx' }, quiet);
    expect(r.ok && Buffer.from((r.value as { base64: string }).base64, 'base64').subarray(0, 2).toString()).toBe('PK');
    const escape = await dispatch(ctx, rpc.report.readFile.channel, { year: 2024, name: '../tonghop-2024.sqlite' }, quiet);
    expect(escape).toMatchObject({ ok: false, error: { kind: 'Validation' } });
    const missing = await dispatch(ctx, rpc.report.readFile.channel, { year: 2024, name: 'khong-co.docx' }, quiet);
    expect(missing).toMatchObject({ ok: false, error: { kind: 'NotFound' } });
  });

  it('opens files only where the host can (desktop), and says so in the browser', async () => {
    const web = await dispatch(ctx, rpc.report.open.channel, { year: 2024, name: 'Bao-cao-2024-du-thao.docx' }, quiet);
    expect(web).toMatchObject({ ok: false, error: { kind: 'Precondition' } });
    ctx.platform.openPath = async (p) => void opened.push(p);
    const desk = await dispatch(ctx, rpc.report.open.channel, { year: 2024 }, quiet);
    expect(desk.ok).toBe(true);
    expect(opened[0]).toMatch(/tonghop-2024[\\/]bao-cao$/);
  });

  it('asks for a template before a report can be made', async () => {
    await dispatch(ctx, rpc.years.create.channel, { year: 2025 }, quiet);
    const env = await dispatch(ctx, rpc.report.preview.channel, { year: 2025 }, quiet);
    expect(env).toMatchObject({ ok: false, error: { kind: 'Precondition' } });
  });
});
