/**
 * Two processes on one year: two command-line imports at once, and the web host saving while the command line
 * imports. Every file is stored once, no call fails at random. The workspace lock tells a second instance where
 * the workspace is open (computer, user, since when) and that instance only reads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { closeCore, createCore, dispatch } from '../../electron/core';
import { LOCK_FILE } from '../../electron/core/faults/lock';
import { rpc } from '../../shared/rpc';
import { benchFixture, FULL, importFixture, integrity, query, runCli, runQuick, sha, tempWorkspace, ENGLISH } from './support';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
let base: string;
let fx: { pristine: string; returns: string };
beforeAll(async () => {
  base = tempWorkspace();
  dirs.push(base);
  // A full run uses the bench's 400 returns (the measure); CI six.
  fx = FULL ? await benchFixture() : await importFixture(base, 6);
}, 120_000);

function workspaceWithYear(): string {
  const w = tempWorkspace();
  dirs.push(w);
  copyFileSync(fx.pristine, join(w, 'tonghop-2024.sqlite'));
  return w;
}

/** The returns split in two folders, for two imports at once. */
function halves(): [string, string] {
  const files = readdirSync(fx.returns).sort();
  const out: [string, string] = [join(base, 'nua-1'), join(base, 'nua-2')];
  out.forEach((d, k) => {
    if (existsSync(d)) return;
    mkdirSync(d);
    files.filter((_, i) => i % 2 === k).forEach((f) => copyFileSync(join(fx.returns, f), join(d, f)));
  });
  return out;
}

describe('two processes on one year', () => {
  it('two command-line imports at once store every file exactly once', async () => {
    const w = workspaceWithYear();
    const [a, b] = halves();
    const [ra, rb] = await Promise.all([runCli(['import', '--workspace', w, '--year', '2024', a]), runCli(['import', '--workspace', w, '--year', '2024', b])]);
    expect(ra.code, ra.stdout + ra.stderr).toBe(0);
    expect(rb.code, rb.stdout + rb.stderr).toBe(0);
    const file = join(w, 'tonghop-2024.sqlite');
    expect(integrity(file)).toBe('ok');
    const rows = query<{ unit_id: number; n: number }>(file, 'SELECT unit_id, count(*) AS n FROM imports GROUP BY unit_id');
    expect(rows).toHaveLength(readdirSync(fx.returns).length);
    expect(rows.every((r) => r.n === 1)).toBe(true);
  }, FULL ? 600_000 : 120_000);

  it('the web host keeps saving while the command line imports; neither fails a call', async () => {
    const w = workspaceWithYear();
    const ctx = createCore({ host: 'web', workspaceDir: w, actor: 'văn thư' });
    try {
      const imp = runCli(['import', '--workspace', w, '--year', '2024', fx.returns]);
      let done = false;
      void imp.then(() => (done = true));
      const failures: string[] = [];
      let saves = 0;
      while (!done) {
        const s = await dispatch(ctx, rpc.settings.get.channel, { year: 2024 }, () => undefined);
        if (!s.ok) failures.push(s.error.message);
        else {
          const r = await dispatch(ctx, rpc.settings.save.channel, { year: 2024, settings: { ...(s.value as object), placeName: `Lần ${++saves}` } }, () => undefined);
          if (!r.ok) failures.push(r.error.message);
        }
        await new Promise((ok) => setTimeout(ok, 20));
      }
      const r = await imp;
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(failures).toEqual([]);
      expect(saves).toBeGreaterThan(0);
      expect(query<{ n: number }>(join(w, 'tonghop-2024.sqlite'), 'SELECT count(DISTINCT unit_id) AS n FROM imports')[0].n).toBe(readdirSync(fx.returns).length);
    } finally {
      closeCore(ctx);
    }
  }, 120_000);
});

describe('the workspace lock file', () => {
  it('is written by the web host with computer, user and time, and removed when it closes', () => {
    const w = workspaceWithYear();
    const ctx = createCore({ host: 'web', workspaceDir: w, actor: 'Nguyễn Thị Thủy' });
    const lock = JSON.parse(readFileSync(join(w, LOCK_FILE), 'utf8'));
    expect(lock).toMatchObject({ host: hostname(), user: 'Nguyễn Thị Thủy', pid: process.pid, app: 'web' });
    expect(Date.parse(lock.since)).toBeGreaterThan(Date.now() - 60_000);
    closeCore(ctx);
    expect(existsSync(join(w, LOCK_FILE))).toBe(false);
  });

  it('tells a second instance on another computer where the workspace is open; that instance reads but never writes', async () => {
    const w = workspaceWithYear();
    const file = join(w, 'tonghop-2024.sqlite');
    const since = new Date(Date.now() - 3_600_000).toISOString();
    writeFileSync(join(w, LOCK_FILE), JSON.stringify({ host: 'MAY-KE-TOAN-02', user: 'thuy', pid: 4242, app: 'electron', since, seen: new Date().toISOString() }));
    const before = sha(file);
    const list = await runQuick(['year', 'list', '--workspace', w]);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/chỉ đọc/);
    const set = await runCli(['settings', 'set', 'placeName', 'Huế', '--workspace', w, '--year', '2024']);
    expect(set.code).not.toBe(0);
    expect(set.stderr).toMatch(/đang được mở bằng ứng dụng ở máy MAY-KE-TOAN-02 \(người dùng thuy\), mở từ \d\d:\d\d ngày/);
    expect(set.stderr).not.toMatch(ENGLISH);
    const web = createCore({ host: 'web', workspaceDir: w, actor: 'khác' });
    try {
      expect(web.workspace!.heldElsewhere?.host).toBe('MAY-KE-TOAN-02');
      const r = await dispatch(web, rpc.years.create.channel, { year: 2025 }, () => undefined);
      expect(r).toMatchObject({ ok: false, error: { message: expect.stringMatching(/MAY-KE-TOAN-02.*chưa tạo năm 2025/) } });
    } finally {
      closeCore(web);
    }
    expect(sha(file)).toBe(before);
    expect(JSON.parse(readFileSync(join(w, LOCK_FILE), 'utf8')).host).toBe('MAY-KE-TOAN-02');
  }, 60_000);

  it('is taken over when its holder is gone: a dead process here, or another computer silent for long', () => {
    const w = workspaceWithYear();
    const old = new Date(Date.now() - 3_600_000).toISOString();
    for (const stale of [
      { host: hostname(), user: 'cũ', pid: 2 ** 22 + 17, app: 'web', since: old, seen: new Date().toISOString() },
      { host: 'MAY-CU', user: 'cũ', pid: 1, app: 'electron', since: old, seen: old },
    ]) {
      writeFileSync(join(w, LOCK_FILE), JSON.stringify(stale));
      const ctx = createCore({ host: 'web', workspaceDir: w, actor: 'mới' });
      expect(ctx.workspace!.heldElsewhere).toBeNull();
      expect(JSON.parse(readFileSync(join(w, LOCK_FILE), 'utf8')).user).toBe('mới');
      closeCore(ctx);
    }
  });

  it('tells a second window on this computer while the first is running', async () => {
    const w = workspaceWithYear();
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      writeFileSync(join(w, LOCK_FILE), JSON.stringify({ host: hostname(), user: 'thuy', pid: holder.pid, app: 'web', since: new Date().toISOString(), seen: new Date().toISOString() }));
      const ctx = createCore({ host: 'web', workspaceDir: w, actor: 'khác' });
      try {
        const r = await dispatch(ctx, rpc.settings.save.channel, { year: 2024, settings: (await dispatch(ctx, rpc.settings.get.channel, { year: 2024 }) as { value: object }).value }, () => undefined);
        expect(r).toMatchObject({ ok: false, error: { message: expect.stringMatching(/bản trên trình duyệt ở một cửa sổ khác trên máy này \(người dùng thuy\)/) } });
      } finally {
        closeCore(ctx);
      }
    } finally {
      holder.kill('SIGKILL');
    }
  }, 60_000);
});
