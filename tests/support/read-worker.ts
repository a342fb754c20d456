/** Runs a built import read worker (out/main or out/node) on its own and asks it to read one file. */
import { Worker } from 'node:worker_threads';
import type { FromReader } from '../../electron/core/import/read-pool';

/** What a built read worker answers for a PDF named .xlsx (refused by the reader before the year is looked at). */
export async function readerAnswer(script: string): Promise<string> {
  const w = new Worker(script);
  try {
    const answer = new Promise<FromReader>((ok, ko) => {
      w.on('message', (m: FromReader) => m.type !== 'ready' && ok(m));
      w.on('error', ko);
    });
    w.postMessage({ type: 'scope', scope: { year: 2024, template: {}, period: { fromYear: 2021, toYear: 2025 }, units: [] }, mappings: new Map() });
    w.postMessage({ type: 'read', n: 1, name: 'thu.xlsx', bytes: new TextEncoder().encode('%PDF-1.7 báo cáo') });
    const m = await answer;
    return m.type === 'read' && 'problem' in m.outcome ? m.outcome.problem.message : JSON.stringify(m);
  } finally {
    await w.terminate();
  }
}
