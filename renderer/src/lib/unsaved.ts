/**
 * Unsaved changes, app-wide. Every editing screen registers what it holds unsaved with `useUnsaved(dirty, {...})`;
 * then leaving the page (a menu item, the year picker, a link, the browser's back button), reloading, closing the
 * browser tab or the desktop window all ask first: "Bạn có thay đổi chưa lưu ở … — Lưu / Không lưu / Ở lại".
 * Ctrl+S saves the source the focus is in (or every unsaved source when the focus is elsewhere) and never opens
 * the browser's "Save page" dialog.
 *
 * The store is plain TypeScript in unsaved-store.ts (tested in Node); `<UnsavedPrompt />`
 * (components/UnsavedPrompt.tsx), mounted once in the shell, shows the question.
 */
import { useEffect, useRef } from 'react';
import { confirmLeave, hasUnsaved, leaveApp, markUnsaved, pendingQuestion, saveFocused, unsavedSources, type UnsavedSource } from './unsaved-store';

export * from './unsaved-store';

/**
 * Keeps `source` registered while `dirty`. The source object may change every render; the latest one is used.
 * The prompt names `source.label`.
 */
export function useUnsaved(dirty: boolean, source: UnsavedSource): void {
  const key = useRef<symbol>(null);
  key.current ??= Symbol('unsaved');
  const latest = useRef(source);
  latest.current = source;
  const label = source.label;
  useEffect(() => {
    if (!dirty) return;
    return markUnsaved(key.current!, {
      label,
      save: () => latest.current.save(),
      discard: () => latest.current.discard?.(),
      scope: () => latest.current.scope?.() ?? null,
    });
  }, [dirty, label]);
}

/**
 * Ctrl+S on a screen whose save is not an unsaved source (a dialog's form, a card saved as a whole): calls `save`
 * when nothing is registered unsaved and the focus is inside `scope` (or anywhere, without a scope).
 */
export function useSaveShortcut(save: (() => void) | null, scope?: () => Element | null): void {
  const latest = useRef({ save, scope });
  latest.current = { save, scope };
  useEffect(() => {
    const on = (e: Event) => {
      const { save: s, scope: sc } = latest.current;
      const target = (e as CustomEvent<Element | null>).detail;
      if (!s) return;
      const area = sc?.();
      if (area && !(target && area.contains(target))) return;
      e.preventDefault();
      s();
    };
    window.addEventListener(SAVE_EVENT, on);
    return () => window.removeEventListener(SAVE_EVENT, on);
  }, []);
}

const SAVE_EVENT = 'tonghop:save-shortcut';

declare global {
  interface Window {
    /** Desktop only (preload): the main process asks before the window closes. */
    closeGuard?: { onCloseRequested(cb: () => void): void; confirmClose(): void };
  }
}

/**
 * Installs the app-wide guards once: the browser's own question on reload/close, Ctrl+S, and the desktop window's
 * close. Returns the uninstaller.
 */
export function installUnsavedGuards(onNothingToSave?: () => void): () => void {
  const beforeUnload = (e: BeforeUnloadEvent) => {
    if (!hasUnsaved()) return;
    e.preventDefault();
    // Older engines need a returnValue; the browser shows its own words, not these.
    e.returnValue = 'Bạn có thay đổi chưa lưu.';
  };
  const keydown = (e: KeyboardEvent) => {
    if (!(e.ctrlKey || e.metaKey) || e.altKey || e.key.toLowerCase() !== 's') return;
    e.preventDefault();
    if (pendingQuestion()) return;
    const active = document.activeElement;
    if (unsavedSources().length) void saveFocused(active);
    // A screen's own shortcut takes it (and cancels the event); else the clerk learns there is nothing to save.
    else if (window.dispatchEvent(new CustomEvent(SAVE_EVENT, { detail: active, cancelable: true }))) onNothingToSave?.();
  };
  window.addEventListener('beforeunload', beforeUnload);
  window.addEventListener('keydown', keydown, true);
  window.closeGuard?.onCloseRequested(() => {
    void confirmLeave().then((ok) => {
      if (!ok) return;
      leaveApp();
      window.closeGuard?.confirmClose();
    });
  });
  return () => {
    window.removeEventListener('beforeunload', beforeUnload);
    window.removeEventListener('keydown', keydown, true);
  };
}
