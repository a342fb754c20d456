/**
 * The Biên bản khóa sổ as PDF (LibreOffice): one A4 page with the year, counts, fingerprint, who and when, written
 * beside the .docx and carried in the archive package; without LibreOffice the status says so and the .docx stays.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { closeCore, createCore, type CoreContext } from '../../electron/core';
import { loadDemo } from '../../electron/core/services/demo';
import { rpc } from '../../shared/rpc';
import type { Contract, InputOf } from '../../shared/rpc/contract';
import { tempDir } from '../support/web-host';
import { soffice } from '../support/libreoffice';
import { callOk } from '../support/dispatch';

let dir = '';
let ctx: CoreContext;

const call = <C extends Contract>(c: C, input: InputOf<C>) => callOk(ctx, c, input);

beforeAll(() => {
  dir = tempDir();
  ctx = createCore({ host: 'web', workspaceDir: dir, actor: 'Phạm Văn Lưu Trữ' });
  loadDemo(ctx);
}, 60_000);
afterAll(() => closeCore(ctx));

describe('the Biên bản khóa sổ without LibreOffice', () => {
  it('says there is no PDF and why, refuses to make one, and keeps the .docx', async () => {
    const path = process.env.PATH;
    process.env.PATH = '';
    try {
      const s = await call(rpc.archive.seal, { year: 2024 });
      expect(s).toMatchObject({ record: 'Bien-ban-khoa-so-2024.docx', recordPdf: null });
      expect(s.recordPdfNote).toMatch(/chưa cài LibreOffice nên chưa có bản PDF của biên bản khóa sổ; bản \.docx \(Bien-ban-khoa-so-2024\.docx\) vẫn có/);
      await expect(call(rpc.archive.recordPdf, { year: 2024 })).rejects.toMatchObject({ kind: 'Precondition', message: expect.stringMatching(/chưa cài LibreOffice/) });
      expect(existsSync(join(dir, 'tonghop-2024', 'luu-tru', 'Bien-ban-khoa-so-2024.docx'))).toBe(true);
      expect(existsSync(join(dir, 'tonghop-2024', 'luu-tru', 'Bien-ban-khoa-so-2024.pdf'))).toBe(false);
    } finally {
      process.env.PATH = path;
    }
  });
});

describe.skipIf(!soffice())('the Biên bản khóa sổ printed by LibreOffice', () => {
  it('is one page with the year, counts, fingerprint, who and when, and goes into the archive package', async () => {
    const s = await call(rpc.archive.recordPdf, { year: 2024 });
    expect(s).toMatchObject({ record: 'Bien-ban-khoa-so-2024.docx', recordPdf: 'Bien-ban-khoa-so-2024.pdf', recordPdfNote: null });
    const pdf = join(dir, 'tonghop-2024', 'luu-tru', 'Bien-ban-khoa-so-2024.pdf');
    expect(readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })).toMatch(/Pages:\s+1\n/);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('BIÊN BẢN KHÓA SỔ DỮ LIỆU NĂM 2024');
    expect(text).toContain(s.seal!.fingerprint);
    expect(text).toContain('Phạm Văn Lưu Trữ');
    expect(text).toContain(`${s.seal!.counts.units} đơn vị`);
    expect(text).toContain('Báo cáo của năm chưa phát hành khi khóa sổ.');
    // The signature block in the right half of the page, as Nghị định 30 places it.
    const sign = text.split('\n').find((l) => l.includes('NGƯỜI KHÓA SỔ'))!;
    expect(sign.indexOf('NGƯỜI KHÓA SỔ')).toBeGreaterThan(sign.length / 2);
    expect(sign.trim()).toBe('NGƯỜI KHÓA SỔ');
    const p = await call(rpc.archive.package, { year: 2024 });
    const zip = unzipSync(new Uint8Array(readFileSync(p.path)));
    expect(Buffer.from(zip['Bien-ban-khoa-so-2024.pdf']).equals(readFileSync(pdf))).toBe(true);
    const manifest = JSON.parse(new TextDecoder().decode(zip['manifest.json'])) as { files: { path: string }[] };
    expect(manifest.files.map((f) => f.path)).toContain('Bien-ban-khoa-so-2024.pdf');
    expect(new TextDecoder().decode(zip['README.txt'])).toContain('Bien-ban-khoa-so-2024.pdf');
  });

  it('is not taken for the Biên bản of a later seal', async () => {
    await call(rpc.archive.unseal, { year: 2024, reason: 'Sửa lại số liệu hòa giải' });
    const again = await call(rpc.archive.seal, { year: 2024 });
    expect(again).toMatchObject({ record: 'Bien-ban-khoa-so-2024.docx', recordPdf: null });
    expect(again.recordPdfNote).toMatch(/Chưa có bản PDF/);
  });
});
