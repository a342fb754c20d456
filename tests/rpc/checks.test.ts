/** The checks contracts through the dispatcher, as both hosts call them. */
import { rmSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { closeCore, createCore, dispatch, type CoreContext } from '../../electron/core';
import { loadDemo } from '../../electron/core/services/demo';
import { rpc } from '../../shared/rpc';
import type { CheckReportDto } from '../../shared/rpc/checks';
import { tempDir } from '../support/web-host';

let ctx: CoreContext;
let dir: string;
const quiet = () => undefined;
afterEach(() => {
  closeCore(ctx);
  rmSync(dir, { recursive: true, force: true });
});
function fresh(): CoreContext {
  dir = tempDir();
  ctx = createCore({ host: 'web', workspaceDir: dir, actor: 'kiểm thử' });
  return ctx;
}

const docx = (body: string) =>
  Buffer.from(zipSync({ 'word/document.xml': strToU8(`<w:document xmlns:w="x"><w:body>${body}</w:body></w:document>`) })).toString('base64');
const p = (t: string) => `<w:p><w:r><w:t>${t}</w:t></w:r></w:p>`;

describe('checks contracts', () => {
  it('checks the year’s report, with counts', async () => {
    loadDemo(fresh());
    const env = await dispatch(ctx, rpc.checks.year.channel, { year: 2024 }, quiet);
    expect(env.ok).toBe(true);
    if (env.ok) expect((env.value as CheckReportDto).counts.error).toBe(0);
  });

  it('checks a .docx sent as base64 and pasted text, without data', async () => {
    fresh();
    const env = await dispatch(ctx, rpc.checks.document.channel, { name: 'bao-cao-don-vi.docx', base64: docx(p('Đã giải quyết 04/07 vụ việc, đạt 75%.')) }, quiet);
    expect(env.ok && (env.value as CheckReportDto).findings.map((f) => [f.code, f.expected])).toEqual([['ratio-percent', '57%']]);
    const pasted = await dispatch(ctx, rpc.checks.document.channel, { text: 'Đã giải quyết 04/07 vụ việc, đạt 57,1%.' }, quiet);
    expect(pasted.ok && (pasted.value as CheckReportDto).findings).toEqual([]);
  });

  it('refuses a hostile .docx with a Vietnamese message, and an empty paste', async () => {
    fresh();
    const env = await dispatch(ctx, rpc.checks.document.channel, { name: 'x.docx', base64: docx('<!DOCTYPE x><w:p/>') }, quiet);
    expect(env).toMatchObject({ ok: false, error: { kind: 'Validation' } });
    if (!env.ok) expect(env.error.message).toContain('DOCTYPE');
    const empty = await dispatch(ctx, rpc.checks.document.channel, { text: '' }, quiet);
    expect(empty.ok).toBe(false);
  });

  it('refuses a fix for a finding that does not exist', async () => {
    loadDemo(fresh());
    const env = await dispatch(ctx, rpc.checks.fix.channel, { year: 2024, findingId: 'ratio-percent-khongco' }, quiet);
    expect(env).toMatchObject({ ok: false, error: { kind: 'NotFound' } });
  });
});
