/**
 * Unsaved narrative kept on this computer (localStorage) while it is typed, so a crash, a power cut or a closed
 * window loses nothing. A draft never replaces the saved text by itself: on return the editor offers
 * "Khôi phục bản nháp chưa lưu", and the restored text is still unsaved until the clerk saves it.
 */
import type { NarrativeBlock } from '../../../../../shared/domain/template';

export interface NarrativeDraft {
  blocks: NarrativeBlock[];
  /** The saved text the draft was typed over: when it changed since, the offer says so. */
  base: NarrativeBlock[];
  /** ISO time of the last keystroke kept. */
  at: string;
}

const prefix = (year: number, templateId: string) => `tonghop-nhap-loi-van:${year}:${templateId}:`;

export function readDrafts(year: number, templateId: string): Record<string, NarrativeDraft> {
  const out: Record<string, NarrativeDraft> = {};
  try {
    const p = prefix(year, templateId);
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      if (!k?.startsWith(p)) continue;
      const d = JSON.parse(localStorage.getItem(k) ?? 'null') as NarrativeDraft | null;
      if (d && Array.isArray(d.blocks)) out[k.slice(p.length)] = d;
    }
  } catch {
    // Storage off or full: drafts are a safety net, the editor works without them.
  }
  return out;
}

export function writeDraft(year: number, templateId: string, sectionId: string, draft: NarrativeDraft | null): void {
  try {
    const k = prefix(year, templateId) + sectionId;
    if (draft) localStorage.setItem(k, JSON.stringify(draft));
    else localStorage.removeItem(k);
  } catch {
    // As above.
  }
}
