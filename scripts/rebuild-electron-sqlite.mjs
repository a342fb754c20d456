// Builds better-sqlite3 for Electron's ABI into build-electron/better_sqlite3.node, leaving the Node build in
// node_modules untouched (tests, CLI and web host keep using it). Electron main loads this copy through
// better-sqlite3's `nativeBinding` option. Needs a connected machine: it downloads Electron's headers.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;
const work = mkdtempSync(join(tmpdir(), 'tonghop-sqlite-electron-'));
try {
  cpSync(join(root, 'node_modules/better-sqlite3'), join(work, 'node_modules/better-sqlite3'), {
    recursive: true,
    filter: (src) => !src.includes(`${join('better-sqlite3', 'build')}`),
  });
  const r = spawnSync(
    'npx',
    ['node-gyp', 'rebuild', '--release', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers', '--runtime=electron'],
    { cwd: join(work, 'node_modules/better-sqlite3'), stdio: 'inherit', shell: process.platform === 'win32' },
  );
  if (r.status !== 0) {
    console.error('Không dựng được better-sqlite3 cho Electron (cần Internet để tải tệp tiêu đề của Electron).');
    process.exit(r.status ?? 1);
  }
  mkdirSync(join(root, 'build-electron'), { recursive: true });
  cpSync(join(work, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'), join(root, 'build-electron/better_sqlite3.node'));
  console.log(`build-electron/better_sqlite3.node (Electron ${electronVersion})`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
