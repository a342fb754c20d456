/**
 * kill -9 at random moments during each writer: afterwards every file under a final name is complete (or the
 * previous complete version), a year file is either absent or complete, the year's data is intact, and the rerun
 * completes and leaves no temporaries behind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { closeCore, createCore, type CoreContext } from '../../electron/core';
import { generateReport } from '../../electron/core/services/report';
import { importFiles } from '../../electron/core/services/imports';
import { loadDemo } from '../../electron/core/services/demo';
import {
  benchFixture,
  brokenOutputs,
  FULL,
  importFixture,
  integrity,
  query,
  randomMoment,
  type Run,
  runCli,
  snapshot,
  temporaries,
  tempWorkspace,
  trials,
  unitDigests,
} from './support';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const ws = () => {
  const d = tempWorkspace();
  dirs.push(d);
  return d;
};

/** A workspace with the demo year, and the time a plain command takes (start-up). */
let demoWs: string;
let startupMs: number;
beforeAll(async () => {
  demoWs = ws();
  if (!FULL) {
    // CI: the demo made in this process and a typical start-up, to spare two process launches.
    const ctx = createCore({ host: 'cli', workspaceDir: demoWs, actor: 'kiểm thử' });
    loadDemo(ctx);
    closeCore(ctx);
    startupMs = 900;
    return;
  }
  const r = await runCli(['demo', '--workspace', demoWs]);
  expect(r.code, r.stderr).toBe(0);
  startupMs = (await runCli(['year', 'list', '--workspace', demoWs])).ms;
}, 120_000);

/** Trials per command and how many of them the kill actually stopped (the others had finished first). */
const stats = new Map<string, { trials: number; killed: number }>();
afterAll(() => {
  for (const [kind, st] of stats) console.log(`kill trials ${kind}: ${st.trials} trials, ${st.killed} killed before finishing`);
});

const cores: CoreContext[] = [];
afterAll(() => cores.forEach(closeCore));
function coreOf(dir: string): CoreContext {
  const c = createCore({ host: 'cli', workspaceDir: dir, actor: 'kiểm thử' });
  cores.push(c);
  return c;
}

/** CI: a setup step run in this process instead of a CLI launch, timed like one. */
async function inProcess(fn: () => unknown): Promise<Run> {
  const t0 = Date.now();
  try {
    await fn();
    cores.splice(0).forEach(closeCore);
    return { code: 0, signal: null, stdout: '', stderr: '', ms: Date.now() - t0 + 900 };
  } catch (e) {
    return { code: 1, signal: null, stdout: '', stderr: String(e), ms: 0 };
  }
}

/**
 * Kills `args` at random moments; every other trial is targeted: killed at the first write in `outDir` after a
 * random moment (where a file rewritten in place would be caught empty or half written). Checks after each kill.
 */
async function killTrials(
  n: number,
  args: () => string[],
  fullMs: number,
  check: (killedAt: number) => Promise<string[]> | string[],
  outDir?: string,
): Promise<string[]> {
  const failures: string[] = [];
  for (let i = 0; i < n; i++) {
    const at = randomMoment(startupMs * 0.8, fullMs);
    const targeted = outDir !== undefined && i % 2 === 0;
    const r = await runCli(args(), at, targeted ? outDir : undefined);
    const kind = `${args()[0]} ${args()[1]}`;
    const st = stats.get(kind) ?? { trials: 0, killed: 0 };
    stats.set(kind, { trials: st.trials + 1, killed: st.killed + (r.signal === 'SIGKILL' ? 1 : 0) });
    for (const f of await check(at)) failures.push(`trial ${i + 1} (${targeted ? 'first write after' : 'kill at'} ${at} ms): ${f}`);
  }
  return failures;
}

describe('kill -9 during a writer', () => {
  it('report: every .docx/.xlsx under a final name opens, or is the previous complete one; the rerun completes', async () => {
    const out = join(ws(), 'bao-cao');
    const full = FULL ? await runCli(['report', '--workspace', demoWs, '--year', '2024', '--out', out]) : await inProcess(() => generateReport(coreOf(demoWs), 2024, out));
    expect(full.code, full.stderr).toBe(0);
    const pattern = /\.(docx|xlsx)$/;
    const previous = snapshot(out, pattern);
    const failures = await killTrials(
      trials(60, 1),
      () => ['report', '--workspace', demoWs, '--year', '2024', '--out', out],
      full.ms,
      () => brokenOutputs(out, pattern, previous),
      out,
    );
    expect(failures).toEqual([]);
    const rerun = await runCli(['report', '--workspace', demoWs, '--year', '2024', '--out', out]);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(temporaries(out)).toEqual([]);
    expect(brokenOutputs(out, pattern, new Map())).toEqual([]);
  }, FULL ? 1_800_000 : 120_000);

  // The forms of 41 units take seconds per run: a full run only (npm run trials).
  it.skipIf(!FULL)('forms: every form and the zip under a final name opens, or is the previous complete one; the rerun completes', async () => {
    const out = join(ws(), 'bieu-mau');
    const full = await runCli(['forms', '--workspace', demoWs, '--year', '2024', '--out', out]);
    expect(full.code, full.stderr).toBe(0);
    const pattern = /\.(xlsx|zip)$/;
    const previous = snapshot(out, pattern);
    const failures = await killTrials(
      trials(60, 1),
      () => ['forms', '--workspace', demoWs, '--year', '2024', '--out', out],
      full.ms,
      () => brokenOutputs(out, pattern, previous),
      out,
    );
    expect(failures).toEqual([]);
    const rerun = await runCli(['forms', '--workspace', demoWs, '--year', '2024', '--out', out]);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(temporaries(out)).toEqual([]);
    expect(brokenOutputs(out, pattern, new Map())).toEqual([]);
  }, FULL ? 1_800_000 : 120_000);

  it('year create and demo: the year file is absent or complete (units carried over, template chosen); the rerun completes', async () => {
    const units = query<{ n: number }>(join(demoWs, 'tonghop-2024.sqlite'), 'SELECT count(*) AS n FROM units')[0].n;
    // year create: a copy of the demo workspace, the new year killed while it is built.
    const w = ws();
    copyFileSync(join(demoWs, 'tonghop-2024.sqlite'), join(w, 'tonghop-2024.sqlite'));
    const createMs = FULL ? (await runCli(['year', 'create', '--workspace', w, '--year', '2025'])).ms : 2000;
    const file = join(w, 'tonghop-2025.sqlite');
    const checkYear = (f: string, expectTemplate: boolean): string[] => {
      if (!existsSync(f)) return [];
      const problems: string[] = [];
      if (query(f, "SELECT 1 FROM sqlite_master WHERE name = 'units'").length === 0) return [`${f}: a year file without its tables`];
      if (integrity(f) !== 'ok') problems.push(`${f}: integrity ${integrity(f)}`);
      const n = query<{ n: number }>(f, 'SELECT count(*) AS n FROM units')[0].n;
      if (n !== units) problems.push(`${f}: ${n} units instead of ${units}`);
      if (expectTemplate && query(f, 'SELECT 1 FROM year_template').length !== 1) problems.push(`${f}: no template`);
      return problems;
    };
    const failures: string[] = [];
    for (let i = 0; i < trials(60, 1); i++) {
      rmSync(file, { force: true });
      const at = i % 2 === 0 ? Math.round(Math.random() * startupMs) : randomMoment(startupMs * 0.8, createMs);
      // Every other trial is targeted: killed at the first write in the workspace (where the new year appears).
      await runCli(['year', 'create', '--workspace', w, '--year', '2025'], at, i % 2 === 0 ? w : undefined);
      failures.push(...checkYear(file, false).map((f) => `create trial ${i + 1} (kill at ${at} ms): ${f}`));
      if (!existsSync(file)) {
        const rerun = await runCli(['year', 'create', '--workspace', w, '--year', '2025']);
        if (rerun.code !== 0) failures.push(`create trial ${i + 1}: rerun failed: ${rerun.stderr}`);
        failures.push(...checkYear(file, false));
      }
      if (temporaries(w).length) failures.push(`create trial ${i + 1}: temporaries left after the rerun: ${temporaries(w).join(', ')}`);
    }
    // demo: a fresh workspace each time (a full run only; CI covers the same builder through year create).
    const demoMs = FULL ? (await runCli(['demo', '--workspace', ws()])).ms : 0;
    for (let i = 0; i < trials(60, 0); i++) {
      const d = ws();
      const at = i % 2 === 0 ? Math.round(Math.random() * startupMs) : randomMoment(startupMs * 0.8, demoMs);
      await runCli(['demo', '--workspace', d], at, i % 2 === 0 ? d : undefined);
      const f = join(d, 'tonghop-2024.sqlite');
      failures.push(...checkYear(f, true).map((x) => `demo trial ${i + 1} (kill at ${at} ms): ${x}`));
      const rerun = await runCli(['demo', '--workspace', d]);
      if (rerun.code !== 0 && !existsSync(f)) failures.push(`demo trial ${i + 1}: rerun failed: ${rerun.stderr}`);
      failures.push(...checkYear(f, true));
      if (!existsSync(f)) failures.push(`demo trial ${i + 1}: no year after the rerun`);
      if (temporaries(d).length) failures.push(`demo trial ${i + 1}: temporaries left: ${temporaries(d).join(', ')}`);
      rmSync(d, { recursive: true, force: true });
    }
    expect(failures).toEqual([]);
  }, FULL ? 3_600_000 : 120_000);

  // The archive writers (backup, archive package): a full run only (npm run trials), to keep CI short.
  it.skipIf(!FULL)('backup and archive package: every backup under a final name is a healthy SQLite file, every package opens', async () => {
    const w = ws();
    copyFileSync(join(demoWs, 'tonghop-2024.sqlite'), join(w, 'tonghop-2024.sqlite'));
    const backups = join(w, 'tonghop-2024', 'sao-luu');
    mkdirSync(backups, { recursive: true });
    const backup = ['year', 'backup', '--workspace', w, '--year', '2024'];
    const first = await runCli(backup);
    expect(first.code, first.stderr).toBe(0);
    const healthyBackups = (): string[] =>
      readdirSync(backups)
        .filter((n) => !n.startsWith('.'))
        .flatMap((n) => {
          const f = join(backups, n);
          try {
            if (n.endsWith('.sqlite')) return integrity(f) === 'ok' ? [] : [`${n}: integrity`];
            if (n.endsWith('.json')) JSON.parse(readFileSync(f, 'utf8'));
            return [];
          } catch (e) {
            return [`${n}: ${(e as Error).message}`];
          }
        });
    const failures = await killTrials(trials(60, 1), () => backup, first.ms, healthyBackups, backups);
    const rerun = await runCli(backup);
    if (rerun.code !== 0) failures.push(`backup rerun: ${rerun.stderr}`);
    if (temporaries(backups).length) failures.push(`backup temporaries left: ${temporaries(backups).join(', ')}`);

    const archive = ['year', 'archive', '--workspace', w, '--year', '2024'];
    const made = await runCli([...archive, '--json']);
    expect(made.code, made.stderr).toBe(0);
    const folder = dirname((JSON.parse(made.stdout) as { path: string }).path);
    const previous = snapshot(folder, /\.zip$/);
    failures.push(...(await killTrials(trials(60, 1), () => archive, made.ms, () => brokenOutputs(folder, /\.zip$/, previous), folder)));
    const again = await runCli(archive);
    if (again.code !== 0) failures.push(`archive rerun: ${again.stderr}`);
    if (temporaries(folder).length) failures.push(`archive temporaries left: ${temporaries(folder).join(', ')}`);
    expect(failures).toEqual([]);
  }, FULL ? 3_600_000 : 120_000);

  it('import: integrity ok, each unit either untouched or wholly imported, no orphan originals; the rerun completes', async () => {
    const base = ws();
    // The measure: a 400-return import in a full run; three returns in CI.
    const fx = FULL ? await benchFixture() : await importFixture(base, 3);
    // The reference: the same returns imported without interruption.
    const ref = join(base, 'ref');
    mkdirSync(ref);
    copyFileSync(fx.pristine, join(ref, 'tonghop-2024.sqlite'));
    const full = FULL
      ? await runCli(['import', '--workspace', ref, '--year', '2024', fx.returns])
      : await inProcess(() => {
          const files = readdirSync(fx.returns).map((n) => ({ name: n, bytes: new Uint8Array(readFileSync(join(fx.returns, n))) }));
          const r = importFiles(coreOf(ref), 2024, files, { dryRun: false });
          if (r.some((x) => x.result?.status !== 'imported')) throw new Error(JSON.stringify(r.map((x) => x.result?.message)));
        });
    expect(full.code, full.stdout + full.stderr).toBe(0);
    const after = unitDigests(join(ref, 'tonghop-2024.sqlite'));
    const before = unitDigests(fx.pristine);
    const failures: string[] = [];
    const w = join(base, 'trial');
    for (let i = 0; i < trials(60, 1); i++) {
      rmSync(w, { recursive: true, force: true });
      mkdirSync(w);
      const file = join(w, 'tonghop-2024.sqlite');
      copyFileSync(fx.pristine, file);
      const at = randomMoment(startupMs * 0.8, full.ms);
      await runCli(['import', '--workspace', w, '--year', '2024', fx.returns], at);
      const tag = `import trial ${i + 1} (kill at ${at} ms)`;
      const ok = integrity(file);
      if (ok !== 'ok') failures.push(`${tag}: integrity ${ok}`);
      const imported = new Set(query<{ unit_id: number }>(file, 'SELECT DISTINCT unit_id FROM imports').map((r) => r.unit_id));
      const orphans = query<{ n: number }>(file, 'SELECT count(*) AS n FROM import_files WHERE import_id NOT IN (SELECT id FROM imports)')[0].n;
      if (orphans) failures.push(`${tag}: ${orphans} orphan originals`);
      const bare = query<{ n: number }>(file, 'SELECT count(*) AS n FROM imports WHERE id NOT IN (SELECT import_id FROM import_files)')[0].n;
      if (bare) failures.push(`${tag}: ${bare} imports without their original`);
      for (const [unit, digest] of unitDigests(file)) {
        const want = imported.has(unit) ? after.get(unit) : before.get(unit);
        if (digest !== want) failures.push(`${tag}: unit ${unit} is ${imported.has(unit) ? 'imported but differs' : 'not imported but changed'}`);
      }
      const rerun = await runCli(['import', '--workspace', w, '--year', '2024', fx.returns]);
      if (rerun.code !== 0) failures.push(`${tag}: rerun exit ${rerun.code}: ${rerun.stderr}${rerun.stdout.slice(-400)}`);
      const final = unitDigests(file);
      if ([...after].some(([u, d]) => final.get(u) !== d)) failures.push(`${tag}: after the rerun the figures differ from an uninterrupted import`);
    }
    expect(failures).toEqual([]);
    expect(readdirSync(w).filter((n) => n.includes('tonghop-tam'))).toEqual([]);
  }, FULL ? 3_600_000 : 180_000);
});
