import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { closeCore, createCore, type CoreContext } from '../../electron/core';
import { startWebHost, type WebHost } from '../../electron/web/server';

export const RENDERER_DIR = resolve(__dirname, '../../out/renderer');

export interface TestHost extends WebHost {
  ctx: CoreContext;
  workspace: string;
  stop(): Promise<void>;
}

/** A web host on a fresh temporary workspace, serving the built renderer. */
export async function startTestHost(workspace = mkdtempSync(join(tmpdir(), 'tonghop-e2e-'))): Promise<TestHost> {
  const ctx = createCore({ host: 'web', workspaceDir: workspace, actor: 'kiểm thử' });
  const host = await startWebHost({ ctx, rendererDir: RENDERER_DIR, log: () => undefined });
  return {
    ...host,
    ctx,
    workspace,
    async stop() {
      await host.close();
      closeCore(ctx);
      rmSync(workspace, { recursive: true, force: true });
    },
  };
}

export function tempDir(prefix = 'tonghop-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
