/** Binds every contract to its service function. Adding a call: one contract, one entry here, one test. */
import type { z } from 'zod';
import type { Contract } from '../../../shared/rpc/contract';
import type { rpc } from '../../../shared/rpc';
import type { CoreContext } from '../context';
import { appInfo, chooseWorkspace } from '../services/app';
import { createYear, listYears } from '../services/years';
import { getSettings, saveSettings } from '../services/settings';

type Area = keyof typeof rpc;
type HandlerOf<C> =
  C extends Contract<infer I, infer O> ? (ctx: CoreContext, input: z.output<I>) => z.input<O> | Promise<z.input<O>> : never;
export type Handlers = { [A in Area]: { [V in keyof (typeof rpc)[A]]: HandlerOf<(typeof rpc)[A][V]> } };

export const handlers: Handlers = {
  app: {
    info: (ctx) => appInfo(ctx),
    chooseWorkspace: (ctx) => chooseWorkspace(ctx),
  },
  years: {
    list: (ctx) => listYears(ctx),
    create: (ctx, i) => createYear(ctx, i.year),
  },
  settings: {
    get: (ctx, i) => getSettings(ctx, i.year),
    save: (ctx, i) => saveSettings(ctx, i.year, i.settings),
  },
};
