/** Every contract of the app. The dispatcher, the preload allow-list and the renderer client derive from this. */
import type { Contract } from './contract';
import { appRpc } from './app';
import { yearsRpc } from './years';
import { settingsRpc } from './settings';
import { templatesRpc } from './templates';
import { unitsRpc } from './units';
import { figuresRpc } from './figures';
import { listsRpc } from './lists';
import { reportRpc } from './report';
import { formsRpc } from './forms';
import { importsRpc } from './imports';
import { checksRpc } from './checks';
import { archiveRpc } from './archive';
import { historyRpc } from './history';
import { reviewRpc } from './review';
import { compareRpc } from './compare';
import { jobsRpc } from './jobs';

export const rpc = {
  app: appRpc,
  years: yearsRpc,
  settings: settingsRpc,
  templates: templatesRpc,
  units: unitsRpc,
  figures: figuresRpc,
  lists: listsRpc,
  report: reportRpc,
  forms: formsRpc,
  imports: importsRpc,
  checks: checksRpc,
  archive: archiveRpc,
  history: historyRpc,
  review: reviewRpc,
  compare: compareRpc,
  jobs: jobsRpc,
} as const;

export const allContracts: Contract[] = Object.values(rpc).flatMap((area) => Object.values(area) as Contract[]);

/** Channel names the preload lets through; nothing else crosses the boundary. */
export const allChannels: readonly string[] = allContracts.map((c) => c.channel);

export { contract, type Contract, type InputOf, type OutputOf } from './contract';
export { AppError, type Envelope, type ErrorKind, type RpcErrorBody } from './envelope';
