/**
 * The unsaved-changes store, pure TypeScript (no DOM, no React), so it is tested in Node. The hooks and the
 * browser/desktop guards are in unsaved.ts.
 */

/** Anything that can tell whether the focused element is inside it (a DOM Element in the page). */
export interface Scope {
  contains(other: never): boolean;
}

export interface UnsavedSource {
  /** What is unsaved, as the question names it after "ở": "Cài đặt", "lời văn mục 2.1. Kết quả …". */
  label: string;
  /** Saves. Resolves false (or throws) when it could not: the page has shown why, and the user stays. */
  save(): Promise<boolean | void> | boolean | void;
  /** Drops the unsaved edits (the page usually unmounts anyway; sources that outlive it must forget them here). */
  discard?(): void;
  /** Where the source's fields are: Ctrl+S with the focus inside saves this source only. */
  scope?(): Scope | null;
}

export type LeaveChoice = 'save' | 'discard' | 'stay';

export interface PendingQuestion {
  labels: string[];
  answer(choice: LeaveChoice): void;
}

interface Entry {
  source: UnsavedSource;
  order: number;
}

const entries = new Map<symbol, Entry>();
const listeners = new Set<() => void>();
let pending: PendingQuestion | null = null;
let pendingPromise: Promise<boolean> | null = null;
let counter = 0;
/** Set once the user agreed to leave the whole app (window close): nothing asks again. */
let leavingApp = false;

const emit = () => listeners.forEach((l) => l());

/** Registers (or updates) a dirty source; returns the function that unregisters it. */
export function markUnsaved(key: symbol, source: UnsavedSource): () => void {
  const had = entries.get(key);
  entries.set(key, { source, order: had?.order ?? ++counter });
  if (!had) emit();
  return () => {
    if (entries.delete(key)) emit();
  };
}

/** The unsaved sources, oldest first. */
export function unsavedSources(): UnsavedSource[] {
  return [...entries.values()].sort((a, b) => a.order - b.order).map((e) => e.source);
}

export function hasUnsaved(): boolean {
  return entries.size > 0 && !leavingApp;
}

export function subscribeUnsaved(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** The question being asked, for the prompt component. */
export function pendingQuestion(): PendingQuestion | null {
  return pending;
}

/** "Cài đặt", "Cài đặt và lời văn mục 1", "A, B và C". */
export function joinLabels(labels: string[]): string {
  const u = [...new Set(labels)];
  return u.length <= 1 ? (u[0] ?? '') : `${u.slice(0, -1).join(', ')} và ${u[u.length - 1]}`;
}

async function saveAll(sources: UnsavedSource[]): Promise<boolean> {
  for (const s of sources) {
    try {
      if ((await s.save()) === false) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/**
 * Asks before leaving when something is unsaved. Resolves true when the caller may go on (nothing unsaved, saved,
 * or the user chose "Không lưu"), false when the user stays or a save failed. Asking twice at once shares one question.
 */
export function confirmLeave(): Promise<boolean> {
  if (!hasUnsaved()) return Promise.resolve(true);
  if (pendingPromise) return pendingPromise;
  const sources = unsavedSources();
  pendingPromise = new Promise<LeaveChoice>((resolve) => {
    pending = { labels: sources.map((s) => s.label), answer: resolve };
    emit();
  })
    .then(async (choice) => {
      pending = null;
      emit();
      if (choice === 'stay') return false;
      if (choice === 'discard') {
        sources.forEach((s) => s.discard?.());
        return true;
      }
      return saveAll(sources);
    })
    .finally(() => (pendingPromise = null));
  return pendingPromise;
}

/** The user agreed to close the app: reload/close handlers stop asking. */
export function leaveApp(): void {
  leavingApp = true;
}

/**
 * Ctrl+S: saves the unsaved source the focus is in, else every unsaved source. Returns how many were asked to save.
 * Exported for the keyboard handler and tests.
 */
export async function saveFocused(active: unknown): Promise<number> {
  const sources = unsavedSources();
  const inside = active ? sources.filter((s) => s.scope?.()?.contains(active as never)) : [];
  const chosen = inside.length ? inside : sources;
  await saveAll(chosen);
  return chosen.length;
}

