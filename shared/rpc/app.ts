/** Contracts about the running app and its workspace. */
import { z } from 'zod';
import { contract } from './contract';

export const AppInfoDto = z.object({
  /** Which host serves the UI: the Electron desktop shell or the loopback web host. */
  host: z.enum(['electron', 'web']),
  version: z.string(),
  /** The workspace folder, or null when none has been chosen yet (desktop, first start). */
  workspace: z.string().nullable(),
  /** Who is recorded as the author of changes. */
  actor: z.string(),
});
export type AppInfoDto = z.infer<typeof AppInfoDto>;

export const appRpc = {
  /** What host, version and workspace the UI talks to. */
  info: contract({ channel: 'app:info', writes: false, input: z.object({}), output: AppInfoDto }),
  /** Lets the user pick the workspace folder (desktop only; the web host takes it at launch). */
  chooseWorkspace: contract({ channel: 'app:choose-workspace', writes: false, input: z.object({}), output: AppInfoDto }),
};
