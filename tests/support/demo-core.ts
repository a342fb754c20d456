/** A core on a fresh workspace holding the demo years, made before each test of a file and removed after it. */
import { rmSync } from 'node:fs';
import { afterEach, beforeEach } from 'vitest';
import { closeCore, createCore, type CoreContext } from '../../electron/core';
import { loadDemo } from '../../electron/core/services/demo';
import { tempDir } from './web-host';

/** Registers the hooks; the returned function gives the current test's core. */
export function demoCoreEachTest(actor = 'kiểm thử'): () => CoreContext {
  let ctx: CoreContext | undefined;
  let dir = '';
  beforeEach(() => {
    dir = tempDir();
    ctx = createCore({ host: 'cli', workspaceDir: dir, actor });
    loadDemo(ctx);
  });
  afterEach(() => {
    if (ctx) closeCore(ctx);
    ctx = undefined;
    rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    if (!ctx) throw new Error('demoCoreEachTest: no test is running');
    return ctx;
  };
}
