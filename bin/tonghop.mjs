#!/usr/bin/env node
// The `tonghop` command of the package (`npm run cli`, `npm run demo`): runs the built command line
// (out/node/cli.js, made by `npm run build`) in this process when it is at least as new as every source file it
// was made from; otherwise the TypeScript sources through tsx (slower to start, same behaviour). Arguments and exit code pass through.
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
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

/**
 * Runs the built command line as CommonJS. Node 22.1+ keeps V8's compiled code between runs itself
 * (module.enableCompileCache); on Node 20 the same is done here for the one bundle: V8's code cache of
 * out/node/cli.js is kept beside it (cli.js.cache, rewritten when V8 rejects it, e.g. after a rebuild), which
 * spares most of the compiling at each start.
 */
function runBuilt() {
  if (Module.enableCompileCache) {
    Module.enableCompileCache();
    require(built);
    return;
  }
  const cacheFile = `${built}.cache`;
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(Module.wrap(readFileSync(built, 'utf8')), { filename: built, cachedData });
  if (!cachedData || script.cachedDataRejected)
    process.once('exit', () => {
      // After the run, so the functions it compiled are in the cache too. A folder that cannot be written is fine.
      try {
        writeFileSync(`${cacheFile}.${process.pid}`, script.createCachedData());
        renameSync(`${cacheFile}.${process.pid}`, cacheFile);
      } catch {
        /* no cache this time */
      }
    });
  const mod = new Module(built, null);
  mod.filename = built;
  mod.paths = Module._nodeModulePaths(dirname(built));
  script.runInThisContext().call(mod.exports, mod.exports, createRequire(built), mod, built, dirname(built));
}

if (builtIsCurrent()) runBuilt();
else {
  const tsxCli = join(dirname(require.resolve('tsx/package.json')), 'dist', 'cli.mjs');
  const r = spawnSync(process.execPath, [tsxCli, join(root, 'electron', 'cli', 'main.ts'), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
