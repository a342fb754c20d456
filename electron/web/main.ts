/**
 * `npm run web -- --workspace DIR [--port N] [--no-open]`: serves the built renderer on 127.0.0.1 and prints the URL.
 * Opens a browser when the machine has one; the URL carries the per-launch token.
 */
import { spawn } from 'node:child_process';
import module from 'node:module';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { closeCore, createCore } from '../core';
import { parseArgs, fail } from '../cli/args';
import { startWebHost } from './server';
import { describeHolder } from '../core/faults/lock';

function openBrowser(url: string): void {
  const cmd = process.platform === 'win32' ? 'cmd' : process.platform === 'darwin' ? 'open' : 'xdg-open';
  const args = process.platform === 'win32' ? ['/c', 'start', '""', url] : [url];
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
    child.on('error', () => console.log('Không tìm thấy trình duyệt để tự mở; hãy mở đường dẫn trên bằng tay.'));
    child.unref();
  } catch {
    console.log('Không tìm thấy trình duyệt để tự mở; hãy mở đường dẫn trên bằng tay.');
  }
}

async function main(): Promise<void> {
  // Node 22.1+ keeps compiled code of the libraries loaded later (the writers) between runs; absent on Node 20.
  (module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  const args = parseArgs(process.argv.slice(2));
  const workspace = args.options.workspace;
  if (!workspace) fail('Thiếu --workspace THƯ_MỤC: thư mục chứa dữ liệu các năm.');
  const rendererDir = resolve(__dirname, '../../out/renderer');
  if (!existsSync(resolve(rendererDir, 'index.html'))) fail('Chưa có bản dựng giao diện: hãy chạy "npm run build" trước.');
  const ctx = createCore({ host: 'web', workspaceDir: resolve(workspace), actor: args.options.user });
  const host = await startWebHost({ ctx, rendererDir, port: args.options.port ? Number(args.options.port) : undefined });
  console.log(`Tổng hợp báo cáo đang chạy tại: ${host.url}`);
  console.log(`Thư mục làm việc: ${resolve(workspace)}`);
  if (ctx.workspace?.heldElsewhere)
    console.log(`Lưu ý: thư mục làm việc đang được mở bằng ${describeHolder(ctx.workspace.heldElsewhere)}; bản này chỉ xem được, không lưu thay đổi.`);
  else if (ctx.workspace?.readOnlyFolder) console.log('Lưu ý: thư mục làm việc chỉ cho phép đọc; bản này chỉ xem được, không lưu thay đổi.');
  console.log('Nhấn Ctrl+C để dừng.');
  if (!args.flags.has('no-open')) openBrowser(host.url);
  const stop = () => {
    void host.close().then(() => {
      closeCore(ctx);
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => fail((e as Error).message));
