/** What every service receives: the workspace, who acts, which host runs, and the host's platform hooks. */
import { AppError } from '../../shared/rpc/envelope';
import type { Workspace } from './workspace/workspace';
import type { OpenOptions } from './db/client';

export interface Platform {
  /** Asks the user for a workspace folder (desktop only). Returns null when cancelled. */
  chooseWorkspaceFolder?: () => Promise<string | null>;
  /** Called after the workspace changes, so the host can remember it. */
  onWorkspaceChanged?: (dir: string) => void;
  /** Opens a file or folder with the system's default program (desktop only). */
  openPath?: (path: string) => Promise<void>;
}

export interface CoreContext {
  host: 'electron' | 'web' | 'cli';
  version: string;
  actor: string;
  workspace: Workspace | null;
  platform: Platform;
  /** How year files are opened on this host (Electron passes its own native binding). */
  dbOptions: OpenOptions;
  /** Folder holding templates/ and demo/. */
  resourcesDir: string;
  /** Clock, replaceable in tests. Returns an ISO timestamp. */
  now: () => string;
}

export function requireWorkspace(ctx: CoreContext): Workspace {
  if (!ctx.workspace) throw new AppError('Precondition', 'Chưa chọn thư mục làm việc. Hãy chọn thư mục chứa dữ liệu các năm.');
  return ctx.workspace;
}

export const APP_VERSION = '0.1.0';
