/**
 * An import read worker's entry (see ./read-pool.ts): holds the year it is told (template, period, units,
 * remembered mappings) and reads each file it is sent with ./read-staged, one at a time, answering with the
 * outcome. It never opens the year's database and never writes anything.
 */
import { parentPort } from 'node:worker_threads';
import type { YearScope } from './read-return';
import { readStaged } from './read-staged';
import type { ToReader, FromReader } from './read-pool';

let scope: YearScope | null = null;
let mappings = new Map<string, ReturnType<Parameters<typeof readStaged>[3]>>();
const post = (m: FromReader) => parentPort!.postMessage(m);

parentPort!.on('message', (m: ToReader) => {
  if (m.type === 'scope') {
    scope = m.scope;
    mappings = m.mappings;
    return;
  }
  try {
    if (!scope) throw new Error('read worker: no year scope');
    post({ type: 'read', n: m.n, outcome: readStaged(m.bytes, m.name, scope, (fp) => mappings.get(fp) ?? null, m.choice) });
  } catch (e) {
    // The core's thread reads the file again itself, so an unexpected error ends the same way as without workers.
    post({ type: 'failed', n: m.n, message: e instanceof Error ? e.message : String(e) });
  }
});
post({ type: 'ready' });
