/**
 * The review's files as printed by LibreOffice (review:pdf): a draft carries "DỰ THẢO" and "Dự thảo lần 1" on
 * every page of the report and of the appendices; the issued report carries neither, and has its number and date
 * in the header and in "(Kèm theo Báo cáo số …)" of every appendix.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { closeCore, createCore, dispatch, type CoreContext } from '../../electron/core';
import { loadDemo } from '../../electron/core/services/demo';
import { rpc } from '../../shared/rpc';
import type { Contract, InputOf } from '../../shared/rpc/contract';
import { tempDir } from '../support/web-host';
import { soffice } from '../support/libreoffice';
import { callOk } from '../support/dispatch';

let dir = '';
let ctx: CoreContext;

const call = <C extends Contract>(c: C, input: InputOf<C>) => callOk(ctx, c, input);

function pages(name: string): string[] {
  const pdf = join(dir, 'tonghop-2024', 'bao-cao', name);
  const n = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
  return Array.from({ length: n }, (_, i) => execFileSync('pdftotext', ['-layout', '-f', String(i + 1), '-l', String(i + 1), pdf, '-'], { encoding: 'utf8' }));
}

beforeAll(() => {
  dir = tempDir();
  ctx = createCore({ host: 'web', workspaceDir: dir });
  loadDemo(ctx);
}, 60_000);
afterAll(() => closeCore(ctx));

describe.skipIf(!soffice())('review files printed by LibreOffice', () => {
  it('marks every page of a draft, and no page of the issued report, which has its number and date', async () => {
    await call(rpc.review.setIdentity, { name: 'Nguyễn Thị Soạn', role: 'chuyen-vien' });
    await call(rpc.review.submit, { year: 2024 });
    for (const docx of ['Bao-cao-2024-du-thao-1.docx', 'Phu-luc-2024-du-thao-1.docx']) {
      const f = await call(rpc.review.pdf, { year: 2024, name: docx });
      expect(f.name).toBe(docx.replace('.docx', '.pdf'));
      const ps = pages(f.name);
      expect(ps.length).toBeGreaterThan(1);
      for (const [i, p] of ps.entries()) {
        expect(p, `${f.name} page ${i + 1}`).toContain('DỰ THẢO');
        expect(p, `${f.name} page ${i + 1}`).toContain('Dự thảo lần 1');
      }
    }
    await call(rpc.review.setIdentity, { name: 'Trần Văn Duyệt', role: 'lanh-dao' });
    await call(rpc.review.approve, { year: 2024, override: 'Đã xem.' });
    await call(rpc.review.setIdentity, { name: 'Lê Thị Văn Thư', role: 'van-thu' });
    await call(rpc.review.issue, { year: 2024, number: 215, date: '2024-05-08' });
    // The year is locked: printing is a read, it still works.
    const report = pages((await call(rpc.review.pdf, { year: 2024, name: 'Bao-cao-2024.docx' })).name);
    expect(report[0]).toContain('Số: 215/BC-UBND');
    expect(report[0]).toMatch(/ngày 08 tháng 5 năm 2024/);
    for (const p of report) expect(p).not.toMatch(/DỰ THẢO|Dự thảo lần/);
    const appendices = pages((await call(rpc.review.pdf, { year: 2024, name: 'Phu-luc-2024.docx' })).name);
    for (const p of appendices) expect(p).not.toMatch(/DỰ THẢO|Dự thảo lần/);
    const refs = appendices.join('\n').replace(/\s+/g, ' ').match(/\(Kèm theo Báo cáo số [^)]*\)/g) ?? [];
    expect(refs.length).toBeGreaterThan(0);
    for (const r of refs) expect(r).toMatch(/^\(Kèm theo Báo cáo số 215\/BC-UBND ngày 08 tháng 5 năm 2024/);
  }, 300_000);

  it('refuses a file that is not a .docx of the report folder', async () => {
    const r = await dispatch(ctx, rpc.review.pdf.channel, { year: 2024, name: 'Phu-luc-2024.xlsx' }, () => undefined);
    expect(r).toMatchObject({ ok: false, error: { kind: 'Validation', message: 'Chỉ chuyển được tệp .docx sang PDF (Phu-luc-2024.xlsx).' } });
  });
});
