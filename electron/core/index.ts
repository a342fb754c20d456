/** Builds the application core for a host. Main, web host, CLI and tests all start here. */
import { readFileSync } from 'node:fs';
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

/**
 * Who writes before a name is chosen in the app (services/identity.ts): the account's full name where the system
 * keeps one (the first field of its /etc/passwd comment), else the account name.
 */
export function defaultActor(passwd = '/etc/passwd'): string {
  try {
    const me = userInfo();
    if (process.platform !== 'win32' && me.uid >= 0) {
      const line = readFileSync(passwd, 'utf8')
        .split('\n')
        .find((l) => l.split(':')[2] === String(me.uid));
      const full = line?.split(':')[4]?.split(',')[0]?.trim();
      if (full && full !== me.username) return full;
    }
    return me.username || 'người dùng';
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
