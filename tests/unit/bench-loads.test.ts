/**
 * `npm run bench` loads every bench module before it measures anything: a module that only works inside vitest
 * (one importing `vitest` for an e2e helper, say) would end the bench with a stack trace instead of figures. The
 * bench is not part of the test run, so this loads it the way npm does and lets it refuse a bad argument.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

describe('npm run bench', () => {
  it('loads all its modules outside vitest and answers a wrong argument with its usage line', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'run.ts'), '--khong-co'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toContain('Dùng: npm run bench');
    expect(r.status).toBe(2);
  }, 70_000);
});
