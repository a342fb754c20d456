/**
 * The command line for plain Node (issue 16): bin/tonghop.mjs runs the built bundle only while it is at least as new
 * as every source it was built from, the sources through tsx otherwise; and the built bundle itself (made by
 * `npm run build`, which `npm test` runs first) finds its migrations and resources and writes the demo report.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readerAnswer } from '../support/read-worker';

const ROOT = resolve(__dirname, '../..');
const tmp = mkdtempSync(join(tmpdir(), 'tonghop-node-build-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const run = (args: string[], cwd = ROOT) => spawnSync(process.execPath, args, { cwd, encoding: 'utf8', timeout: 60_000 });

describe('bin/tonghop.mjs', () => {
  it('runs the build while it is current and the sources once one of them is newer', () => {
    // A tree of the launcher's shape: a "build" and a "source" that say which of them ran.
    const root = join(tmp, 'cay');
    for (const d of ['bin', 'out/node', 'electron/cli']) mkdirSync(join(root, d), { recursive: true });
    copyFileSync(join(ROOT, 'bin/tonghop.mjs'), join(root, 'bin/tonghop.mjs'));
    symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
    writeFileSync(join(root, 'electron/cli/main.ts'), "console.log('nguồn', process.argv.slice(2).join(' '));\n");
    writeFileSync(join(root, 'out/node/cli.js'), "console.log('bản dựng', process.argv.slice(2).join(' '));\n");
    writeFileSync(join(root, 'out/node/sources.json'), JSON.stringify(['electron/cli/main.ts']));
    const past = new Date(Date.now() - 60_000);
    utimesSync(join(root, 'electron/cli/main.ts'), past, past);
    const built = run([join(root, 'bin/tonghop.mjs'), 'year', 'list'], root);
    expect(built.stdout.trim()).toBe('bản dựng year list');
    const future = new Date(Date.now() + 60_000);
    utimesSync(join(root, 'electron/cli/main.ts'), future, future);
    const fromSources = run([join(root, 'bin/tonghop.mjs'), 'year', 'list'], root);
    expect(fromSources.stdout.trim()).toBe('nguồn year list');
  });
});

describe.skipIf(!existsSync(join(ROOT, 'out/node/cli.js')))('the built command line (out/node/cli.js)', () => {
  it('writes the demo report with the writers loaded on demand', () => {
    const out = join(tmp, 'bao-cao');
    const r = run([join(ROOT, 'out/node/cli.js'), 'demo-report', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    for (const f of ['Bao-cao-2024.docx', 'Phu-luc-2024.docx', 'Phu-luc-2024.xlsx']) expect(statSync(join(out, f)).size).toBeGreaterThan(5000);
  });

  it('has the import read worker beside it, and it reads a file', async () => {
    expect(await readerAnswer(join(ROOT, 'out/node/read-worker.js'))).toMatch(/^Tệp “thu\.xlsx” không phải tệp Excel \(\.xlsx\) mà là tệp PDF đổi đuôi/);
  });
});
