/**
 * The review of a year's report through the dispatcher both hosts share, on a real year file: every transition
 * allowed from its state and role and refused otherwise (with the file unchanged), approval locking the year
 * through the write gate and unlock opening it, versions whose files are never overwritten (sha256 of every
 * earlier file unchanged), drafts marked "DỰ THẢO" / "Dự thảo lần n" on every page's header and the issued report
 * with its number and date and no mark (read back from the .docx XML), comments, the diff, and the signed scan.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { closeCore, createCore, dispatch, type CoreContext } from '../../electron/core';
import { loadDemo } from '../../electron/core/services/demo';
import { rpc } from '../../shared/rpc';
import type { Contract, InputOf } from '../../shared/rpc/contract';
import type { Role } from '../../shared/review/workflow';
import type { ReviewStatusDto } from '../../shared/rpc/review';
import { dbDigest } from '../support/import-fixture';
import { RENDERER_DIR, tempDir } from '../support/web-host';
import { startWebHost } from '../../electron/web/server';
import { IDENTITY_FILE } from '../../electron/core/services/identity';
import { callOk } from '../support/dispatch';

let dir = '';
let ctx: CoreContext;
const quiet = () => undefined;

const call = <C extends Contract>(c: C, input: InputOf<C>) => callOk(ctx, c, input);

async function refused<C extends Contract>(c: C, input: InputOf<C>): Promise<{ kind: string; message: string }> {
  const before = dbDigest(ctx);
  const r = await dispatch(ctx, c.channel, input, quiet);
  expect(r.ok, c.channel).toBe(false);
  expect(dbDigest(ctx), `${c.channel} changed the year file`).toBe(before);
  return (r as { ok: false; error: { kind: string; message: string } }).error;
}

const as = (name: string, role: Role) => call(rpc.review.setIdentity, { name, role });
const clerk = () => as('Nguyễn Thị Soạn', 'chuyen-vien');
const leader = () => as('Trần Văn Duyệt', 'lanh-dao');
const archivist = () => as('Lê Thị Văn Thư', 'van-thu');

const folder = () => join(dir, 'tonghop-2024', 'bao-cao');
const sha = (name: string) => createHash('sha256').update(readFileSync(join(folder(), name))).digest('hex');

/** The text of the parts of a .docx whose names match, as Word shows it (runs joined). */
function docxText(name: string, part: RegExp): string[] {
  const zip = unzipSync(readFileSync(join(folder(), name)));
  return Object.keys(zip)
    .filter((p) => part.test(p))
    .sort()
    .map((p) => [...strFromU8(zip[p]).matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''));
}

async function editNarrative(text: string): Promise<void> {
  const data = await call(rpc.figures.yearData, { year: 2024 });
  const section = data.template!.outline[0];
  await call(rpc.templates.saveNarrative, { year: 2024, sectionId: section.id, blocks: [{ style: 'p', text }] });
}

beforeAll(() => {
  dir = tempDir();
  ctx = createCore({ host: 'web', workspaceDir: dir });
  loadDemo(ctx);
}, 60_000);
afterAll(() => closeCore(ctx));

describe('who is at this machine', () => {
  it('is chosen once, kept in the workspace, and names every later record instead of the OS account', async () => {
    expect(await call(rpc.review.identity, {})).toBeNull();
    const e = await refused(rpc.review.submit, { year: 2024 });
    expect(e.message).toBe('Không thể “Trình lãnh đạo”: chưa chọn tên và vai trò của người dùng trên máy này; chưa lưu gì.');
    await clerk();
    expect(await call(rpc.review.identity, {})).toEqual({ name: 'Nguyễn Thị Soạn', role: 'chuyen-vien' });
    expect(existsSync(join(dir, IDENTITY_FILE))).toBe(true);
    expect(ctx.actor).toBe('Nguyễn Thị Soạn (Chuyên viên)');
    // A new process on the same machine and workspace starts with it.
    const again = createCore({ host: 'web', workspaceDir: dir });
    try {
      const r = await dispatch(again, rpc.review.identity.channel, {}, quiet);
      expect(r).toEqual({ ok: true, value: { name: 'Nguyễn Thị Soạn', role: 'chuyen-vien' } });
      expect(again.actor).toBe('Nguyễn Thị Soạn (Chuyên viên)');
    } finally {
      closeCore(again);
    }
  });
});

describe('from draft to issued', () => {
  let v1: ReviewStatusDto;
  const hashes = new Map<string, string>();
  const remember = () => {
    for (const f of readdirSync(folder())) if (!hashes.has(f)) hashes.set(f, sha(f));
  };
  const unchanged = () => {
    for (const [f, h] of hashes) expect(sha(f), f).toBe(h);
  };

  it('refuses what the draft state does not allow', async () => {
    await clerk();
    for (const [c, input, text] of [
      [rpc.review.return, { year: 2024, note: 'x' }, 'Không thể “Trả lại”: báo cáo chưa được trình; chưa lưu gì.'],
      [rpc.review.approve, { year: 2024 }, 'Không thể “Duyệt”: báo cáo chưa được trình; chưa lưu gì.'],
      [rpc.review.unlock, { year: 2024, reason: 'x' }, 'Không thể “Mở khóa để sửa”: báo cáo đang soạn, không bị khóa; chưa lưu gì.'],
      [rpc.review.issue, { year: 2024, number: 5, date: '2024-05-08' }, 'Không thể “Phát hành”: báo cáo chưa được duyệt; chưa lưu gì.'],
    ] as const) {
      const e = await refused(c as Contract, input as never);
      expect(e).toEqual({ kind: 'Precondition', message: text });
    }
  });

  it('submits version 1: draft files with the mark on every page, the snapshot kept', async () => {
    await leader();
    expect((await refused(rpc.review.submit, { year: 2024 })).kind).toBe('Forbidden');
    await clerk();
    await editNarrative('Đã tổ chức 10 cuộc đối thoại với Nhân dân trong năm.');
    v1 = await call(rpc.review.submit, { year: 2024, note: 'Trình lần đầu' });
    expect(v1.state).toBe('submitted');
    expect(v1.version).toBe(1);
    expect(v1.transitions).toMatchObject([{ action: 'submit', fromState: 'draft', toState: 'submitted', version: 1, note: 'Trình lần đầu', byName: 'Nguyễn Thị Soạn', byRole: 'chuyen-vien' }]);
    expect(v1.versions[0].files.map((f) => f.name)).toEqual(['Bao-cao-2024-du-thao-1.docx', 'Phu-luc-2024-du-thao-1.docx', 'Phu-luc-2024-du-thao-1.xlsx']);
    for (const f of v1.versions[0].files) expect(sha(f.name)).toBe(f.sha256);
    // Both headers (page 1 and the others) of the report and of every appendix section carry the mark.
    for (const name of ['Bao-cao-2024-du-thao-1.docx', 'Phu-luc-2024-du-thao-1.docx']) {
      const headers = docxText(name, /^word\/header\d+\.xml$/);
      expect(headers.length).toBeGreaterThanOrEqual(2);
      for (const h of headers) expect(h, name).toContain('DỰ THẢO');
      for (const h of headers) expect(h, name).toContain('Dự thảo lần 1');
    }
    expect(existsSync(join(folder(), 'Bao-cao-2024.docx'))).toBe(false);
    remember();
    expect((await refused(rpc.review.submit, { year: 2024 })).message).toMatch(/đang chờ lãnh đạo xem/);
  });

  it('lets the leader comment on two sections and send it back only with a note', async () => {
    expect((await refused(rpc.review.comment, { year: 2024, sectionId: 'opening', paragraph: 0, text: 'x' })).kind).toBe('Forbidden');
    await leader();
    const data = await call(rpc.figures.yearData, { year: 2024 });
    const [s1, s2] = data.template!.outline;
    const c1 = await call(rpc.review.comment, { year: 2024, sectionId: s1.id, paragraph: 0, text: 'Viết rõ số cuộc đối thoại.' });
    const c2 = await call(rpc.review.comment, { year: 2024, sectionId: s2.id, paragraph: null, text: 'Bổ sung kết quả năm 2023.' });
    expect(c1).toMatchObject({ version: 1, byName: 'Trần Văn Duyệt', byRole: 'lanh-dao', resolvedAt: null });
    expect(c1.excerpt.length).toBeGreaterThan(10);
    expect(c2).toMatchObject({ paragraph: null, text: 'Bổ sung kết quả năm 2023.' });
    expect((await refused(rpc.review.comment, { year: 2024, sectionId: 'khong-co', paragraph: null, text: 'x' })).kind).toBe('NotFound');
    expect((await refused(rpc.review.return, { year: 2024, note: '   ' })).message).toBe('Trả lại cần ghi rõ nội dung cần sửa. Chưa lưu gì.');
    const r = await call(rpc.review.return, { year: 2024, note: 'Sửa theo góp ý.' });
    expect(r.state).toBe('returned');
    expect(r.transitions.at(-1)).toMatchObject({ action: 'return', version: 1, note: 'Sửa theo góp ý.', byName: 'Trần Văn Duyệt', byRole: 'lanh-dao' });
    expect(r.comments.filter((c) => !c.resolvedAt)).toHaveLength(2);
  });

  it('takes version 2 after the clerk edits and resolves; nothing earlier is overwritten; the diff shows the change', async () => {
    await clerk();
    await editNarrative('Đã tổ chức 12 cuộc đối thoại với Nhân dân trong năm.');
    const st = await call(rpc.review.status, { year: 2024 });
    for (const c of st.comments) await call(rpc.review.resolveComment, { year: 2024, id: c.id });
    expect((await refused(rpc.review.resolveComment, { year: 2024, id: st.comments[0].id })).kind).toBe('Conflict');
    const v2 = await call(rpc.review.submit, { year: 2024 });
    expect(v2.version).toBe(2);
    expect(v2.comments.every((c) => c.resolvedBy === 'Nguyễn Thị Soạn (Chuyên viên)')).toBe(true);
    expect(v2.versions[1].files.map((f) => f.name)).toEqual(['Bao-cao-2024-du-thao-2.docx', 'Phu-luc-2024-du-thao-2.docx', 'Phu-luc-2024-du-thao-2.xlsx']);
    unchanged();
    remember();
    const d = await call(rpc.review.diff, { year: 2024, from: 1, to: 2 });
    const changed = d.sections.filter((s) => s.changed);
    expect(changed).toHaveLength(1);
    const side = (skip: string) => changed[0].parts.filter((p) => p.op !== skip).map((p) => p.text).join('');
    expect(side('removed')).toContain('Đã tổ chức 12 cuộc đối thoại với Nhân dân trong năm.');
    expect(side('added')).not.toContain('Đã tổ chức 12 cuộc đối thoại');
    // Word by word: only the number changed, the rest of the sentence is common to both.
    expect(changed[0].parts.filter((p) => p.op !== 'same')).toEqual([
      { op: 'removed', text: '10' },
      { op: 'added', text: '12' },
    ]);
    expect(d.figures).toEqual([]);
  });

  it('refuses approval of a report edited after it was submitted, and over open errors without a reason', async () => {
    await clerk();
    await editNarrative('Đã tổ chức 13 cuộc đối thoại với Nhân dân trong năm.');
    await leader();
    expect((await refused(rpc.review.approve, { year: 2024 })).message).toMatch(/đã được sửa sau khi trình \(dự thảo lần 2\)/);
    await clerk();
    await editNarrative('Đã tổ chức 12 cuộc đối thoại với Nhân dân trong năm.');
    await leader();
    const checks = await call(rpc.checks.year, { year: 2024 });
    if (checks.counts.error > 0) {
      const e = await refused(rpc.review.approve, { year: 2024 });
      expect(e.message).toBe(`Kết quả kiểm tra còn ${checks.counts.error} lỗi chưa xử lý. Hãy trả lại để chuyên viên sửa, hoặc ghi lý do vẫn duyệt; chưa lưu gì.`);
    }
  });

  it('approves (with the reason for open errors recorded) and locks the year: every write is refused, the file unchanged', async () => {
    const checks = await call(rpc.checks.year, { year: 2024 });
    const ok = await call(rpc.review.approve, { year: 2024, note: 'Đồng ý', override: 'Lỗi thể thức sẽ sửa khi phát hành.' });
    expect(ok.state).toBe('approved');
    expect(ok.lock).toMatchObject({ state: 'approved', by: 'Trần Văn Duyệt (Lãnh đạo)' });
    expect(ok.transitions.at(-1)!.detail).toEqual(checks.counts.error > 0 ? { override: 'Lỗi thể thức sẽ sửa khi phát hành.', openErrors: checks.counts.error } : null);
    await clerk();
    const data = await call(rpc.figures.yearData, { year: 2024 });
    const settings = await call(rpc.settings.get, { year: 2024 });
    for (const [c, input] of [
      [rpc.templates.saveNarrative, { year: 2024, sectionId: data.template!.outline[0].id, blocks: [{ style: 'p', text: 'Sửa sau khi duyệt.' }] }],
      [rpc.settings.save, { year: 2024, settings: { ...settings, placeName: 'Nơi khác' } }],
      [rpc.units.add, { year: 2024, code: 'X-MOI', name: 'Xã Mới', kind: 'xa' }],
      [rpc.review.resolveComment, { year: 2024, id: 1 }],
      [rpc.review.submit, { year: 2024 }],
    ] as const) {
      const e = await refused(c as Contract, input as never);
      expect(e.kind, c.channel).toBe('Locked');
      expect(e.message).toMatch(/^Năm 2024 đã được lãnh đạo duyệt \(Trần Văn Duyệt \(Lãnh đạo\) lúc .*\) nên dữ liệu năm chỉ xem, không sửa được; chưa lưu gì\. Muốn sửa, lãnh đạo hoặc chuyên viên chọn “Mở khóa để sửa”/);
    }
    // Reads still work on the locked year.
    expect((await call(rpc.report.preview, { year: 2024 })).year).toBe(2024);
    // Through the web host too (the CLI in tests/rpc/cli-review.test.ts), with the file unchanged.
    const host = await startWebHost({ ctx, rendererDir: RENDERER_DIR, log: () => undefined });
    try {
      const before = dbDigest(ctx);
      const res = await fetch(`http://127.0.0.1:${host.port}/rpc/${rpc.settings.save.channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: `http://127.0.0.1:${host.port}`, 'x-tonghop-token': host.token },
        body: JSON.stringify({ year: 2024, settings: { ...settings, placeName: 'Nơi khác' } }),
      });
      expect(await res.json()).toMatchObject({ ok: false, error: { kind: 'Locked', message: expect.stringMatching(/^Năm 2024 đã được lãnh đạo duyệt/) } });
      expect(dbDigest(ctx)).toBe(before);
    } finally {
      await host.close();
    }
  });

  it('unlocks only with a reason, back to draft and writable; approval locks again after a new submission', async () => {
    await clerk();
    expect((await refused(rpc.review.unlock, { year: 2024, reason: '' })).message).toBe('Mở khóa để sửa cần ghi lý do. Chưa lưu gì.');
    const u = await call(rpc.review.unlock, { year: 2024, reason: 'Sửa lỗi chính tả' });
    expect(u).toMatchObject({ state: 'draft', lock: null });
    expect(u.transitions.at(-1)).toMatchObject({ action: 'unlock', fromState: 'approved', toState: 'draft', note: 'Sửa lỗi chính tả', byName: 'Nguyễn Thị Soạn' });
    await editNarrative('Đã tổ chức 12 cuộc đối thoại với Nhân dân trong năm 2023.');
    const v3 = await call(rpc.review.submit, { year: 2024 });
    expect(v3.version).toBe(3);
    unchanged();
    remember();
    await leader();
    await call(rpc.review.approve, { year: 2024, override: 'Đã xem.' });
  });

  it('issues with number and date (văn thư only): final files without the mark, number and date in the header and every appendix', async () => {
    await leader();
    expect((await refused(rpc.review.issue, { year: 2024, number: 215, date: '2024-05-08' })).kind).toBe('Forbidden');
    await archivist();
    expect((await refused(rpc.review.issue, { year: 2024, number: 215, date: '2024-02-30' })).message).toBe('Ngày 2024-02-30 không có thật; chưa lưu gì.');
    const st = await call(rpc.review.issue, { year: 2024, number: 215, date: '2024-05-08' });
    expect(st.state).toBe('issued');
    expect(st.issued).toMatchObject({ number: 215, documentNumber: '215/BC-UBND', date: '2024-05-08', by: 'Lê Thị Văn Thư' });
    expect(st.versions.at(-1)).toMatchObject({ number: 4, kind: 'final' });
    unchanged();
    const body = docxText('Bao-cao-2024.docx', /^word\/document\.xml$/)[0];
    expect(body).toContain('Số: 215/BC-UBND');
    expect(body).toMatch(/ngày 08 tháng 5 năm 2024/);
    for (const h of docxText('Bao-cao-2024.docx', /^word\/header\d+\.xml$/)) expect(h).not.toMatch(/DỰ THẢO|Dự thảo/);
    const app = docxText('Phu-luc-2024.docx', /^word\/document\.xml$/)[0];
    const refs = app.match(/\(Kèm theo Báo cáo số [^)]*\)/g) ?? [];
    expect(refs.length).toBeGreaterThan(0);
    for (const r of refs) expect(r).toMatch(/^\(Kèm theo Báo cáo số 215\/BC-UBND ngày 08 tháng 5 năm 2024/);
    for (const h of docxText('Phu-luc-2024.docx', /^word\/header\d+\.xml$/)) expect(h).not.toMatch(/DỰ THẢO/);
    expect(st.lock?.unlock).toBe('Báo cáo đã phát hành nên không sửa được nữa.');
    // The preview (and the print view) shows the number and date from now on.
    const preview = await call(rpc.report.preview, { year: 2024 });
    expect(preview.header.documentNumber).toBe('Số: 215/BC-UBND');
    expect(preview.header.placeDate).toMatch(/ngày 08 tháng 5 năm 2024$/);
    // Issued is final: no unlock, no second issue, no edits.
    await leader();
    expect((await refused(rpc.review.unlock, { year: 2024, reason: 'Sửa' })).message).toMatch(/đã phát hành \(đã có số và ngày\) nên không mở khóa được/);
    await archivist();
    expect((await refused(rpc.review.issue, { year: 2024, number: 216, date: '2024-05-09' })).message).toMatch(/báo cáo đã phát hành/);
  });

  it('keeps the signed scan (PDF or image, type by content, size limit) in the year file and the year folder', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    expect((await refused(rpc.review.attachSigned, { year: 2024, name: 'ban-ky.pdf', base64: Buffer.from('not a pdf').toString('base64') })).message).toBe(
      'Tệp ban-ky.pdf không phải PDF, PNG hay JPEG; hãy đính kèm bản quét dạng PDF hoặc ảnh; chưa lưu gì.',
    );
    await clerk();
    expect((await refused(rpc.review.attachSigned, { year: 2024, name: 'ban-ky.pdf', base64: pdf.toString('base64') })).kind).toBe('Forbidden');
    await archivist();
    const s = await call(rpc.review.attachSigned, { year: 2024, name: 'ban-ky.pdf', base64: pdf.toString('base64') });
    expect(s).toMatchObject({ name: 'ban-ky.pdf', storedName: 'Ban-ky-2024-so-215.pdf', mime: 'application/pdf', size: pdf.length, byName: 'Lê Thị Văn Thư (Văn thư)' });
    expect(s.sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
    expect(readFileSync(join(dir, 'tonghop-2024', 'ban-ky', 'Ban-ky-2024-so-215.pdf')).equals(pdf)).toBe(true);
    const back = await call(rpc.review.readScan, { year: 2024, id: s.id });
    expect(Buffer.from(back.base64, 'base64').equals(pdf)).toBe(true);
    const st = await call(rpc.review.status, { year: 2024 });
    expect(st.scans).toHaveLength(1);
    expect(st.transitions.map((t) => t.action)).toEqual(['submit', 'return', 'submit', 'approve', 'unlock', 'submit', 'approve', 'issue']);
  });

  it('lists drafts 1–3 and the final in the report folder', () => {
    const names = readdirSync(folder()).filter((f) => f.endsWith('.docx')).sort();
    expect(names).toEqual(['Bao-cao-2024-du-thao-1.docx', 'Bao-cao-2024-du-thao-2.docx', 'Bao-cao-2024-du-thao-3.docx', 'Bao-cao-2024.docx', 'Phu-luc-2024-du-thao-1.docx', 'Phu-luc-2024-du-thao-2.docx', 'Phu-luc-2024-du-thao-3.docx', 'Phu-luc-2024.docx']);
  });
});

describe('files that are not overwritten', () => {
  it('refuses a submission whose file name is taken, writing nothing and leaving the file as it was', async () => {
    const other = tempDir();
    const c2 = createCore({ host: 'web', workspaceDir: other });
    try {
      loadDemo(c2);
      const d = (ch: string, input: unknown) => dispatch(c2, ch, input, quiet);
      await d(rpc.review.setIdentity.channel, { name: 'Nguyễn Thị Soạn', role: 'chuyen-vien' });
      const dirOut = join(other, 'tonghop-2024', 'bao-cao');
      mkdirSync(dirOut, { recursive: true });
      writeFileSync(join(dirOut, 'Phu-luc-2024-du-thao-1.xlsx'), 'bản của người khác');
      const r = await d(rpc.review.submit.channel, { year: 2024 });
      expect(r).toMatchObject({ ok: false, error: { kind: 'Conflict', message: expect.stringContaining('đã có tệp Phu-luc-2024-du-thao-1.xlsx; ứng dụng không ghi đè tệp đã tạo') } });
      expect(readdirSync(dirOut)).toEqual(['Phu-luc-2024-du-thao-1.xlsx']);
      expect(readFileSync(join(dirOut, 'Phu-luc-2024-du-thao-1.xlsx'), 'utf8')).toBe('bản của người khác');
    } finally {
      closeCore(c2);
    }
  });

  it('of two submissions at once, records one and removes the files of the other', async () => {
    const other = tempDir();
    const c2 = createCore({ host: 'web', workspaceDir: other });
    try {
      loadDemo(c2);
      await dispatch(c2, rpc.review.setIdentity.channel, { name: 'Nguyễn Thị Soạn', role: 'chuyen-vien' }, quiet);
      const [a, b] = await Promise.all([dispatch(c2, rpc.review.submit.channel, { year: 2024 }, quiet), dispatch(c2, rpc.review.submit.channel, { year: 2024 }, quiet)]);
      expect([a.ok, b.ok].sort()).toEqual([false, true]);
      const st = await dispatch(c2, rpc.review.status.channel, { year: 2024 }, quiet);
      const versions = (st as { value: ReviewStatusDto }).value.versions;
      expect(versions).toHaveLength(1);
      const names = readdirSync(join(other, 'tonghop-2024', 'bao-cao')).sort();
      expect(names).toEqual(versions[0].files.map((f) => f.name).sort());
    } finally {
      closeCore(c2);
    }
  });
});
