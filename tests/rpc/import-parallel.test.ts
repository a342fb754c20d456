/**
 * Returns read on worker threads (electron/core/import/read-pool.ts): a batch read on several threads is checked
 * and stored exactly as when every file is read on one (same dry run, same rows in every table, provenance
 * included), and a worker that dies, throws or cannot start costs at most the one file it was reading, refused
 * with the reader's own message, never half of one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { closeCore, createCore, type CoreContext } from '../../electron/core';
import { checkFiles, commitFiles, importFiles, importFilesParallel, readAhead } from '../../electron/core/services/imports';
import { ensureYear } from '../../electron/core/services/years';
import { lastReadSplit, parallelFrom, readWorkerScript, stopReaders } from '../../electron/core/import/read-pool';
import { listFigures } from '../../electron/core/db/repos/figures';
import { readYearTemplate, readYearTemplateShared, writeYearTemplate } from '../../electron/core/db/repos/year-template';
import { dbDigest, demoWithForms, type DemoForms } from '../support/import-fixture';
import { fillForm } from '../support/returns';
import { tempDir } from '../support/web-host';

let d: DemoForms;
let pristine = '';
const dirs: string[] = [];
/** Returns of demo units (each unit's demo figures doubled) and two files the reader refuses. */
const files: { name: string; bytes: Uint8Array }[] = [];
let realScript: string;

const NOW = '2024-05-02T08:00:00.000Z';
/** The batches here are smaller than a province's: workers from 8 files (then one worker, at most two), on any machine. */
const FROM = 8;
const SMALL = FROM - 1;
const defaults = { ...parallelFrom };

beforeAll(async () => {
  d = await demoWithForms();
  const withFigures = d.units.filter((u) => u.kind !== 'office' && d.template.indicators.some((i) => d.demo(u.code, i.code, i.byYear ? d.period.fromYear : 0) !== null));
  for (const u of withFigures.slice(0, 16)) {
    const bytes = await fillForm(d.form(u.code), d.period, (code, year) => {
      const v = d.demo(u.code, code, year);
      return v === null ? null : Number(v) * 2;
    });
    files.push({ name: `${u.code}.xlsx`, bytes });
  }
  files.push({ name: 'khong-phai-excel.xlsx', bytes: new TextEncoder().encode('Báo cáo gửi kèm, không phải tệp Excel') });
  files.push({ name: 'bi-cat-ngang.xlsx', bytes: files[0].bytes.subarray(0, 4000) });
  closeCore(d.ctx);
  pristine = d.dir;
  realScript = readWorkerScript()!;
  Object.assign(parallelFrom, { files: FROM, cores: 1 });
}, 180_000);

afterAll(async () => {
  Object.assign(parallelFrom, defaults);
  readWorkerScript(realScript);
  await stopReaders();
  for (const dir of [pristine, ...dirs]) rmSync(dir, { recursive: true, force: true });
});

/** A fresh copy of the demo year before any import, with a fixed clock so two runs store identical rows. */
function freshYear(): CoreContext {
  const dir = tempDir('tonghop-song-song-');
  dirs.push(dir);
  cpSync(pristine, dir, { recursive: true });
  return createCore({ host: 'cli', workspaceDir: dir, actor: 'kiểm thử', now: () => NOW });
}

/** A worker script that does what `prelude` says before the real read worker sees a message. */
function wrappedWorker(name: string, prelude: string): string {
  const file = join(pristine, name);
  writeFileSync(file, `const { parentPort } = require('node:worker_threads');\n${prelude}\nrequire(${JSON.stringify(realScript)});\n`);
  return file;
}

/** Dry runs of `batch` until a worker has read part of one: a started worker then waits for the next batch. */
async function warmUp(ctx: CoreContext, batch: typeof files): Promise<void> {
  for (let i = 0; i < 20; i++) {
    await importFilesParallel(ctx, 2024, batch, { dryRun: true });
    if (lastReadSplit().workers > 0) break;
  }
  expect(lastReadSplit().workers).toBeGreaterThan(0);
}

/** One thread's import of `batch` into a fresh year: its results and the digest of every table. */
function oneThread(batch: typeof files): { results: unknown; digest: string } {
  const ctx = freshYear();
  try {
    const results = importFiles(ctx, 2024, batch, { dryRun: false });
    return { results, digest: dbDigest(ctx) };
  } finally {
    closeCore(ctx);
  }
}

describe('a batch read on worker threads', () => {
  it('is checked and stored exactly as on one thread: the same dry run, the same rows in every table', async () => {
    expect(realScript).toBeTruthy();
    const ctx = freshYear();
    try {
      await warmUp(ctx, files);
      const dry = await importFilesParallel(ctx, 2024, files, { dryRun: true });
      expect(lastReadSplit().workers).toBeGreaterThan(0);
      expect(lastReadSplit().workers + lastReadSplit().here).toBe(files.length);
      expect(dry).toEqual(importFiles(ctx, 2024, files, { dryRun: true }));
      const real = await importFilesParallel(ctx, 2024, files, { dryRun: false });
      expect(lastReadSplit().workers).toBeGreaterThan(0);
      const alone = oneThread(files);
      expect(real).toEqual(alone.results);
      expect(dbDigest(ctx)).toBe(alone.digest);
      expect(real.filter((r) => r.result?.status === 'imported')).toHaveLength(16);
      // Where every figure came from: the file and the cell, as read on whichever thread.
      const sources = listFigures(ensureYear(ctx, 2024)).filter((f) => f.source.kind === 'import');
      expect(sources.length).toBeGreaterThan(100);
      for (const f of sources) expect(f.source).toMatchObject({ file: expect.stringMatching(/\.xlsx$/), sheet: expect.any(String), cell: expect.stringMatching(/^[A-Z]+\d+$/) });
    } finally {
      closeCore(ctx);
    }
  }, 60_000);

  it('reads a small batch on the core thread alone (no worker start to wait for)', async () => {
    const ctx = freshYear();
    try {
      await importFilesParallel(ctx, 2024, files.slice(0, SMALL), { dryRun: true });
      expect(lastReadSplit()).toEqual({ workers: 0, here: SMALL });
    } finally {
      closeCore(ctx);
    }
  });

  it('reads every file again against the year when the year changed while they were read', async () => {
    const ctx = freshYear();
    try {
      const db = ensureYear(ctx, 2024);
      const ahead = await readAhead(db, 2024, files);
      // Read while the unit still reported; stopped before the results are evaluated.
      const stopped = files[3].name.replace(/\.xlsx$/, '');
      db.$client.prepare('UPDATE units SET active = 0 WHERE code = ?').run(stopped);
      const [, , , r] = importFiles(ctx, 2024, files, { dryRun: true }, ahead);
      expect(r.check.status).toBe('refused');
      expect(r.check.problems[0].message).toMatch(/đã ngừng báo cáo/);
    } finally {
      closeCore(ctx);
    }
  });
});

describe('a read worker that fails', () => {
  it('dies on a file: that file alone is refused with the reader’s message, nothing of it stored; the rest stored whole', async () => {
    const victim = files[0].name;
    readWorkerScript(wrappedWorker('chet.cjs', `parentPort.on('message', (m) => { if (m.type === 'read' && m.name === ${JSON.stringify(victim)}) process.exit(7); });`));
    const ctx = freshYear();
    try {
      // Batches without it start the worker, so the next one hands it the first files at once.
      await warmUp(ctx, files.slice(1));
      const before = dbDigest(ctx);
      const real = await importFilesParallel(ctx, 2024, files, { dryRun: false });
      expect(real[0].check.status).toBe('refused');
      expect(real[0].check.problems.map((p) => p.message)).toEqual([
        `Tệp “${victim}” bị hỏng (nội dung không đọc được). Hãy thử mở tệp bằng Excel hoặc LibreOffice: nếu mở được, lưu lại dưới dạng “Sổ làm việc Excel (.xlsx)” rồi nhập lại; nếu không, hãy xin đơn vị gửi lại.`,
      ]);
      expect(real[0].result?.status).toBe('refused');
      expect(real[0].result?.message).toMatch(/^Chưa lưu gì từ tệp này vì có 1 lỗi: Tệp “.+” bị hỏng \(nội dung không đọc được\)/);
      expect(before).not.toBe(dbDigest(ctx));
      const code = victim.replace(/\.xlsx$/, '');
      const unitId = d.units.find((u) => u.code === code)!.id;
      expect(ensureYear(ctx, 2024).$client.prepare('SELECT COUNT(*) AS n FROM imports WHERE unit_id = ?').get(unitId)).toEqual({ n: 0 });
      // Everything else as one thread stores it without the victim.
      const alone = oneThread(files.slice(1));
      expect(real.slice(1).map((r) => r.result?.status)).toEqual((alone.results as typeof real).map((r) => r.result?.status));
      expect(real.filter((r) => r.result?.status === 'imported')).toHaveLength(15);
    } finally {
      closeCore(ctx);
      readWorkerScript(realScript);
    }
  }, 60_000);

  it('throws on a file: the core thread reads it again itself, so it is stored as one thread stores it', async () => {
    const odd = files[1].name;
    readWorkerScript(
      wrappedWorker('nem.cjs', `parentPort.on('message', (m) => { if (m.type === 'read' && m.name === ${JSON.stringify(odd)}) parentPort.postMessage({ type: 'failed', n: m.n, message: 'thử' }); });`),
    );
    const ctx = freshYear();
    try {
      await warmUp(ctx, files.slice(2));
      const real = await importFilesParallel(ctx, 2024, files, { dryRun: false });
      expect(real).toEqual(oneThread(files).results);
    } finally {
      closeCore(ctx);
      readWorkerScript(realScript);
    }
  }, 60_000);

  it('cannot start: every file is read on the core thread, with the same outcome', async () => {
    readWorkerScript(wrappedWorker('khong-chay.cjs', "throw new Error('thiếu thư viện');"));
    const ctx = freshYear();
    try {
      const real = await importFilesParallel(ctx, 2024, files, { dryRun: false });
      expect(lastReadSplit()).toEqual({ workers: 0, here: files.length });
      expect(real).toEqual(oneThread(files).results);
    } finally {
      closeCore(ctx);
      readWorkerScript(realScript);
    }
  }, 60_000);
});

describe('a commit after the dry run', () => {
  it('stores what the dry run read, without parsing the file again, while the year is the same', async () => {
    const ctx = freshYear();
    try {
      const file = { name: files[4].name, bytes: files[4].bytes.slice() };
      const [check] = checkFiles(ctx, 2024, [file]);
      expect(check.status).toBe('ready');
      // Parsed again, these bytes would be refused as not a spreadsheet at all.
      file.bytes.fill(0);
      const [r] = commitFiles(ctx, 2024, [check.id]);
      expect(r.status).toBe('imported');
      expect(r.changes.figures).toBe(check.diff.length);
    } finally {
      closeCore(ctx);
    }
  });

  it('reads the file again when the year changed since the dry run', async () => {
    const ctx = freshYear();
    try {
      const [check] = checkFiles(ctx, 2024, [files[5]]);
      expect(check.status).toBe('ready');
      ensureYear(ctx, 2024).$client.prepare('UPDATE units SET active = 0 WHERE code = ?').run(files[5].name.replace(/\.xlsx$/, ''));
      const [r] = commitFiles(ctx, 2024, [check.id]);
      expect(r.status).toBe('refused');
      expect(r.message).toMatch(/đã ngừng báo cáo/);
    } finally {
      closeCore(ctx);
    }
  });
});

describe('the year read for each commit', () => {
  it('keeps its parsed template while the stored one is the same, and parses it again once it changed', () => {
    const ctx = freshYear();
    try {
      const db = ensureYear(ctx, 2024);
      const first = readYearTemplateShared(db)!;
      expect(readYearTemplateShared(db)).toBe(first);
      expect(first).toEqual(readYearTemplate(db));
      writeYearTemplate(db, { ...first.template, name: `${first.template.name} (sửa)` }, first.regime, 'kiểm thử', NOW);
      const next = readYearTemplateShared(db)!;
      expect(next.template.name).toBe(`${first.template.name} (sửa)`);
      expect(next).toEqual(readYearTemplate(db));
    } finally {
      closeCore(ctx);
    }
  });
});
