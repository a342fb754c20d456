// Builds the command line and the web host for plain Node (part of `npm run build`): out/node/cli.js and
// out/node/web.js, each one CommonJS file with the packages left to node_modules, and the migrations beside them.
// Started through bin/tonghop.mjs they skip tsx's compile-on-load (issue 16: core ready ≤ 200 ms above bare Node).
// The writers' libraries stay lazy: the core imports them dynamically, which esbuild keeps as deferred code.
import { cpSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NODE_BUNDLE } from './node-bundle.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'out', 'node');
// esbuild comes with vite and tsx; asked for through the project so its own version is used.
const esbuild = createRequire(join(root, 'package.json'))('esbuild');

const options = { ...NODE_BUNDLE, outdir: out, metafile: true };

rmSync(out, { recursive: true, force: true });
const inputs = Object.keys(
  esbuild.buildSync({ ...options, entryPoints: { cli: join(root, 'electron/cli/main.ts'), web: join(root, 'electron/web/main.ts') } }).metafile.inputs,
);
// The job worker of the web host, when the sources have one (electron/core/jobs/worker-host.ts looks beside itself).
// Optional: without it the web host runs its jobs on its own thread, so a worker that does not build is only told.
const worker = join(root, 'electron/core/jobs/worker.ts');
if (existsSync(worker)) {
  try {
    inputs.push(...Object.keys(esbuild.buildSync({ ...options, logLevel: 'silent', entryPoints: { 'job-worker': worker } }).metafile.inputs));
  } catch (e) {
    console.warn(`build-node: job-worker.js not built (${e.message.split('\n')[0]}); the web host will run its jobs inline.`);
  }
}
// The import read worker (electron/core/import/read-pool.ts looks beside itself). Required: without it the command
// line would read a province's returns on one thread.
inputs.push(...Object.keys(esbuild.buildSync({ ...options, entryPoints: { 'read-worker': join(root, 'electron/core/import/read-worker.ts') } }).metafile.inputs));
// The core finds its migrations beside its own code (electron/core/db/client.ts: MIGRATIONS_FOLDER).
cpSync(join(root, 'electron/core/db/migrations'), join(out, 'migrations'), { recursive: true });
// The project's source files in the build, for bin/tonghop.mjs to tell whether the build is older than the sources.
const sources = [...new Set(inputs)].filter((f) => !f.includes('node_modules/'));
writeFileSync(join(out, 'sources.json'), JSON.stringify(sources.map((f) => relative(root, join(root, f)))));
