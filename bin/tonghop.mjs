#!/usr/bin/env node
// The `tonghop` command of the package (`npm run cli`, `npm run demo`): runs the built command line
// (out/node/cli.js, made by `npm run build`) in this process when it is at least as new as every source file it
// was made from; otherwise the TypeScript sources through tsx (slower to start, same behaviour). Arguments and exit code pass through.
import { readFileSync, statSync } from 'node:fs';
import module, { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const built = join(root, 'out', 'node', 'cli.js');

/** Whether the build is at least as new as every source file it was made from (out/node/sources.json). */
function builtIsCurrent() {
  try {
    const at = statSync(built).mtimeMs;
    const sources = JSON.parse(readFileSync(join(root, 'out', 'node', 'sources.json'), 'utf8'));
    return sources.every((f) => statSync(join(root, f)).mtimeMs <= at);
  } catch {
    // No build, or a source file gone since: run the sources.
    return false;
  }
}

if (builtIsCurrent()) {
  // Node 22.1+ and Electron keep V8's compiled code between runs; Node 20 has no such cache (then a no-op).
  module.enableCompileCache?.();
  require(built);
} else {
  const tsxCli = join(dirname(require.resolve('tsx/package.json')), 'dist', 'cli.mjs');
  const r = spawnSync(process.execPath, [tsxCli, join(root, 'electron', 'cli', 'main.ts'), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
