// `npm start`: builds and launches the desktop app where Electron is installed; otherwise says so and points
// to the web host. Requiring the electron package would try to download its binary, so we only look for it.
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = join(root, 'node_modules', 'electron');
const pathTxt = join(electronDir, 'path.txt');
const binary = existsSync(pathTxt) ? join(electronDir, 'dist', readFileSync(pathTxt, 'utf8').trim()) : null;

if (!binary || !existsSync(binary)) {
  console.error(
    [
      'Máy này chưa có chương trình Electron nên không mở được bản máy tính (desktop).',
      'Hãy dùng bản chạy trên trình duyệt của chính máy này:',
      '',
      '    npm run web -- --workspace <thư mục dữ liệu>',
      '',
      'Trên máy có Internet, Electron được tải về khi chạy "npx electron --version" một lần trong thư mục dự án.',
    ].join('\n'),
  );
  process.exit(1);
}

const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
const build = run('npx', ['electron-vite', 'build']);
if (build.status !== 0) process.exit(build.status ?? 1);
const r = run('npx', ['electron-vite', 'preview', '--skipBuild']);
process.exit(r.status ?? 0);
