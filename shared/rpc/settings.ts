/** Contracts for the settings of a year (issuer, signer, recipients…). */
import { z } from 'zod';
import { contract } from './contract';
import { Settings } from '../domain/settings';
import { YearNumber } from './years';

export const settingsRpc = {
  get: contract({ channel: 'settings:get', writes: false, input: z.object({ year: YearNumber }), output: Settings }),
  /** Replaces all settings of the year in one transaction. */
  save: contract({ channel: 'settings:save', writes: true, input: z.object({ year: YearNumber, settings: Settings }), output: Settings }),
};
