/** Builds the application core for a host. Main, web host, CLI and tests all start here. */
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { APP_VERSION, type CoreContext, type Platform } from './context';
import type { OpenOptions } from './db/client';
import { Workspace } from './workspace/workspace';
import { applyIdentity } from './services/identity';

export interface CoreOptions {
  host: CoreContext['host'];
  workspaceDir?: string | null;
  actor?: string;
  platform?: Platform;
  dbOptions?: OpenOptions;
  resourcesDir?: string;
  now?: () => string;
}

function defaultActor(): string {
  try {
    return userInfo().username || 'người dùng';
  } catch {
    return 'người dùng';
  }
}

export function createCore(opts: CoreOptions): CoreContext {
  const dbOptions = opts.dbOptions ?? {};
  const actor = opts.actor ?? defaultActor();
  const ctx: CoreContext = {
    host: opts.host,
    version: APP_VERSION,
    actor,
    workspace: opts.workspaceDir ? Workspace.prepare(opts.workspaceDir, dbOptions, { host: opts.host, actor }) : null,
    platform: opts.platform ?? {},
    dbOptions,
    resourcesDir: opts.resourcesDir ?? resolve(__dirname, '../../resources'),
    now: opts.now ?? (() => new Date().toISOString()),
  };
  // The name and role chosen on this machine for the workspace sign every record, unless the caller named someone.
  if (!opts.actor) applyIdentity(ctx);
  return ctx;
}

export function closeCore(ctx: CoreContext): void {
  ctx.workspace?.close();
}

export { dispatch } from './rpc/dispatcher';
export type { CoreContext } from './context';
