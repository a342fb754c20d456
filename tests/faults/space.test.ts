/**
 * Free space checked before large work, on a real 3 MB tmpfs (needs root to mount, as on CI here; skipped
 * elsewhere): an import batch (command line and the app's import job) and the forms are refused before a file is
 * read or written, saying how much is free and how much is needed; the year file is untouched and no backup taken.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { closeCore, createCore } from '../../electron/core';
import { startForms, startImport, jobStatus } from '../../electron/core/jobs/jobs';
import { checkFiles } from '../../electron/core/services/imports';
import { canMountTmpfs, ENGLISH, importFixture, mountTmpfs, runCli, sha, tempWorkspace, unmount } from './support';

const canMount = canMountTmpfs();

const dirs: string[] = [];
const mounts: string[] = [];
let fx: { pristine: string; returns: string };
beforeAll(async () => {
  const base = tempWorkspace();
  dirs.push(base);
  fx = await importFixture(base, 4);
}, 120_000);
afterAll(() => {
  mounts.forEach(unmount);
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

/** A 3 MB tmpfs holding the year, filled until `leave` bytes are free. */
function nearlyFull(leave: number): { w: string; file: string } {
  const w = mountTmpfs('3m')!;
  mounts.push(w);
  const file = join(w, 'tonghop-2024.sqlite');
  copyFileSync(fx.pristine, file);
  const s = statfsSync(w);
  writeFileSync(join(w, 'filler.bin'), Buffer.alloc(Math.max(0, Number(s.bavail) * Number(s.bsize) - leave)));
  return { w, file };
}

const REFUSED = /Ổ đĩa còn [\d.]+ MB, cần khoảng [\d.]+ MB: chưa lưu gì, chưa nhập tệp nào vào dữ liệu năm 2024; hãy giải phóng dung lượng rồi chạy lại/;

describe.skipIf(!canMount)('free space before large work (real 3 MB tmpfs)', () => {
  it('the command-line import is refused before a file is read: year untouched, no backup', async () => {
    const { w, file } = nearlyFull(300 * 1024);
    const before = sha(file);
    const r = await runCli(['import', '--workspace', w, '--year', '2024', fx.returns]);
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(REFUSED);
    expect(r.stdout + r.stderr).not.toMatch(ENGLISH);
    expect(sha(file)).toBe(before);
    expect(existsSync(join(w, 'tonghop-2024', 'sao-luu')) && readdirSync(join(w, 'tonghop-2024', 'sao-luu')).length).toBeFalsy();
  }, 120_000);

  it('the import job is refused at its start, and the forms job fails saying so; nothing written', async () => {
    const { w, file } = nearlyFull(300 * 1024);
    const ctx = createCore({ host: 'web', workspaceDir: w, actor: 'kiểm thử' });
    try {
      const before = sha(file);
      const files = readdirSync(fx.returns).map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(fx.returns, name))) }));
      const ids = checkFiles(ctx, 2024, files).map((c) => c.id);
      expect(() => startImport(ctx, 2024, ids)).toThrow(REFUSED);
      const { id } = startForms(ctx, 2024);
      for (let i = 0; i < 600 && jobStatus(ctx, id).state === 'running'; i++) await new Promise((r) => setTimeout(r, 50));
      const job = jobStatus(ctx, id);
      expect(job.state).toBe('failed');
      expect(job.error!.message).toMatch(/Ổ đĩa còn [\d.]+ MB, cần khoảng [\d.]+ MB: chưa lưu gì, chưa tạo biểu mẫu nào/);
      expect(readdirSync(join(w, 'tonghop-2024', 'bieu-mau')).filter((n) => n.endsWith('.xlsx') || n.endsWith('.zip'))).toEqual([]);
      expect(sha(file)).toBe(before);
    } finally {
      closeCore(ctx);
    }
  }, 120_000);
});
