/**
 * Each page keeps its scroll position for the session: coming back to Đơn vị or Báo cáo opens where the clerk was.
 * The position is put back once the page is tall enough (pages load their data after the first paint).
 */
import { useEffect } from 'react';

const KEY = 'tonghop-scroll';

function read(): Record<string, number> {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) ?? '{}') as Record<string, number>;
  } catch {
    return {};
  }
}

const write = (page: string, top: number) => sessionStorage.setItem(KEY, JSON.stringify({ ...read(), [page]: top }));

export function useScrollMemory(scroller: () => HTMLElement | null, page: string): void {
  useEffect(() => {
    const el = scroller();
    if (!el) return;
    const want = read()[page] ?? 0;
    el.scrollTop = 0;
    // Up to ~3 s for the page's data to arrive; the user's own wheel or keys stop the restore.
    let restoring = want > 0;
    let tries = 0;
    let timer = 0;
    const restore = () => {
      if (!restoring) return;
      if (el.scrollHeight - el.clientHeight >= want) {
        el.scrollTop = want;
        restoring = false;
      } else if (tries++ < 30) timer = window.setTimeout(restore, 100);
      else restoring = false;
    };
    restore();
    let last: number | null = null;
    const onScroll = () => {
      if (!restoring) last = Math.round(el.scrollTop);
    };
    const stop = () => (restoring = false);
    el.addEventListener('scroll', onScroll, { passive: true });
    el.addEventListener('wheel', stop, { passive: true });
    el.addEventListener('keydown', stop);
    return () => {
      window.clearTimeout(timer);
      if (last !== null) write(page, last);
      el.removeEventListener('scroll', onScroll);
      el.removeEventListener('wheel', stop);
      el.removeEventListener('keydown', stop);
    };
  }, [scroller, page]);
}
