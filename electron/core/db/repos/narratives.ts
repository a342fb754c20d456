/** The narrative of each section as the clerk edited it. */
import type { Db } from '../client';
import { narratives } from '../schema';
import type { NarrativeBlock } from '../../../../shared/domain/template';

export function readNarratives(db: Db): Record<string, NarrativeBlock[]> {
  const out: Record<string, NarrativeBlock[]> = {};
  for (const r of db.select().from(narratives).all()) out[r.sectionId] = JSON.parse(r.blocks) as NarrativeBlock[];
  return out;
}

export function writeNarrative(db: Db, sectionId: string, blocks: NarrativeBlock[], actor: string, at: string): void {
  const json = JSON.stringify(blocks);
  db.insert(narratives)
    .values({ sectionId, blocks: json, updatedAt: at, updatedBy: actor })
    .onConflictDoUpdate({ target: narratives.sectionId, set: { blocks: json, updatedAt: at, updatedBy: actor } })
    .run();
}
