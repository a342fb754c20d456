import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: process.cwd() });

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [r] = await eslint.lintText(code, { filePath });
  return r.messages.map((m) => m.ruleId ?? m.message);
}

describe('lint keeps the runtimes apart', () => {
  it('refuses node:fs in shared/', async () => {
    expect(await ruleIds("import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", 'shared/domain/probe.ts')).toContain(
      'no-restricted-imports',
    );
  });

  it('refuses a bare Node builtin and electron in shared/', async () => {
    expect(await ruleIds("import path from 'path';\nexport const p = path;\n", 'shared/format/probe.ts')).toContain('no-restricted-imports');
    expect(await ruleIds("import { app } from 'electron';\nexport const a = app;\n", 'shared/format/probe.ts')).toContain(
      'no-restricted-imports',
    );
  });

  it('refuses DOM and Node globals in shared/', async () => {
    expect(await ruleIds('export const t = document.title;\n', 'shared/format/probe.ts')).toContain('no-restricted-globals');
    expect(await ruleIds('export const e = process.env;\n', 'shared/format/probe.ts')).toContain('no-restricted-globals');
  });

  it('refuses node:* and electron in renderer/', async () => {
    expect(await ruleIds("import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", 'renderer/src/probe.ts')).toContain(
      'no-restricted-imports',
    );
    expect(await ruleIds("import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n", 'renderer/src/probe.ts')).toContain(
      'no-restricted-imports',
    );
  });

  it('refuses electron in the core', async () => {
    expect(await ruleIds("import { app } from 'electron';\nexport const a = app;\n", 'electron/core/probe.ts')).toContain(
      'no-restricted-imports',
    );
  });

  it('refuses the renderer and the hosts in the core', async () => {
    const probe = 'electron/core/services/probe.ts';
    expect(await ruleIds("import { App } from '../../../renderer/src/app/App';\nexport const a = App;\n", probe)).toContain('no-restricted-imports');
    expect(await ruleIds("import { startWebHost } from '../../web/server';\nexport const a = startWebHost;\n", probe)).toContain('no-restricted-imports');
    expect(await ruleIds("import { run } from '../../cli/main';\nexport const a = run;\n", probe)).toContain('no-restricted-imports');
  });

  it('lets only services reach the repos', async () => {
    const repo = "import { listUnits } from '../db/repos/units';\nexport const a = listUnits;\n";
    expect(await ruleIds(repo, 'electron/core/rpc/probe.ts')).toContain('no-restricted-imports');
    expect(await ruleIds(repo, 'electron/core/report/probe.ts')).toContain('no-restricted-imports');
    expect(await ruleIds("import { listUnits } from '../core/db/repos/units';\nexport const a = listUnits;\n", 'electron/cli/probe.ts')).toContain('no-restricted-imports');
    expect(await ruleIds(repo, 'electron/core/services/probe.ts')).toEqual([]);
  });

  it('refuses Node in the sandboxed preload', async () => {
    expect(await ruleIds("import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", 'electron/preload/probe.ts')).toContain(
      'no-restricted-imports',
    );
    expect(await ruleIds("import path from 'path';\nexport const p = path;\n", 'electron/preload/probe.ts')).toContain('no-restricted-imports');
  });

  it('accepts node:fs in the core (control)', async () => {
    expect(await ruleIds("import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", 'electron/core/probe.ts')).toEqual([]);
  });
});
