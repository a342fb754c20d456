/** The narrative of each section as the clerk edited it: the one writer of narratives and narrative_history. */
import type { Db } from '../client';
import { narratives } from '../schema';
import type { NarrativeBlock } from '../../../../shared/domain/template';
import { preparedFor } from './prepared';

/** Where a narrative change came from: typed in the editor, or an automatic fix of a check (with its code). */
export type NarrativeSource = { kind: 'manual' } | { kind: 'fix'; check: string };

const statements = preparedFor((c) => ({
  current: c.prepare('SELECT blocks FROM narratives WHERE section_id = ?'),
  history: c.prepare('INSERT INTO narrative_history (section_id, old_blocks, new_blocks, source, changed_at, changed_by) VALUES (?, ?, ?, ?, ?, ?)'),
}));

export function readNarratives(db: Db): Record<string, NarrativeBlock[]> {
  const out: Record<string, NarrativeBlock[]> = {};
  for (const r of db.select().from(narratives).all()) out[r.sectionId] = JSON.parse(r.blocks) as NarrativeBlock[];
  return out;
}

/** Saves a section's narrative; a change (not a save of the same text) is appended to narrative_history, old → new. */
export function writeNarrative(db: Db, sectionId: string, blocks: NarrativeBlock[], actor: string, at: string, source: NarrativeSource = { kind: 'manual' }): void {
  const json = JSON.stringify(blocks);
  const s = statements(db);
  const old = (s.current.get(sectionId) as { blocks: string } | undefined)?.blocks ?? null;
  if (old === json) return;
  db.insert(narratives)
    .values({ sectionId, blocks: json, updatedAt: at, updatedBy: actor })
    .onConflictDoUpdate({ target: narratives.sectionId, set: { blocks: json, updatedAt: at, updatedBy: actor } })
    .run();
  s.history.run(sectionId, old, json, JSON.stringify(source), at, actor);
}
