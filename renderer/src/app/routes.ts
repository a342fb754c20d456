/** Hash routes (`#/2024/cai-dat`), so a reload keeps the place and both hosts behave the same. */
import { useEffect, useState } from 'react';
import { confirmLeave, hasUnsaved } from '../lib/unsaved';

export const AREAS = [
  { key: 'nam', label: 'Năm báo cáo' },
  { key: 'cai-dat', label: 'Cài đặt' },
  { key: 'don-vi', label: 'Đơn vị' },
  { key: 'so-lieu', label: 'Số liệu' },
  { key: 'nhap-excel', label: 'Nhập Excel' },
  { key: 'bao-cao', label: 'Báo cáo' },
  { key: 'kiem-tra', label: 'Kiểm tra' },
  { key: 'luu-tru', label: 'Lưu trữ' },
] as const;
export type AreaKey = (typeof AREAS)[number]['key'];

export interface Route {
  year: number | null;
  area: AreaKey;
}

export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  const year = parts[0] && /^\d{4}$/.test(parts[0]) ? Number(parts[0]) : null;
  const area = (AREAS.find((a) => a.key === (year ? parts[1] : parts[0]))?.key ?? 'nam') as AreaKey;
  return { year, area };
}

export function routeHash(r: Route): string {
  return r.year ? `#/${r.year}/${r.area}` : `#/${r.area}`;
}

const sameRoute = (a: Route, b: Route) => a.year === b.year && a.area === b.area;

/** Told of every move to another page, before it is drawn (App: Số liệu's data is asked for at once). */
const moves: ((to: Route) => void)[] = [];
export function onPageChange(fn: (to: Route) => void): void {
  moves.push(fn);
}

/** An address the app agreed to go to after asking: its hashchange passes without asking again. */
let allowed: string | null = null;

/**
 * The current route and `go`. Leaving a page with unsaved changes asks first ("Lưu / Không lưu / Ở lại"), whether
 * the app navigates (menu, year picker) or the address changes under it (a link, the back button): the address is
 * put back while the question is open, and set again once the user agrees.
 */
export function useRoute(): [Route, (r: Route) => void] {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const on = (e: HashChangeEvent) => {
      const next = parseHash(window.location.hash);
      const prev = parseHash(new URL(e.oldURL).hash);
      if (allowed === window.location.hash || sameRoute(prev, next) || !hasUnsaved()) {
        allowed = null;
        if (!sameRoute(prev, next)) moves.forEach((fn) => fn(next));
        setRoute(next);
        return;
      }
      // Captured first: the page below (the Số liệu tabs) must not follow an address that may be taken back.
      e.stopImmediatePropagation();
      const target = window.location.hash;
      history.replaceState(null, '', e.oldURL);
      void confirmLeave().then((ok) => {
        if (!ok) return;
        allowed = target;
        window.location.hash = target;
      });
    };
    window.addEventListener('hashchange', on, true);
    return () => window.removeEventListener('hashchange', on, true);
  }, []);
  return [
    route,
    (r) => {
      const target = routeHash(r);
      if (sameRoute(route, r) || !hasUnsaved()) {
        window.location.hash = target;
        return;
      }
      void confirmLeave().then((ok) => {
        if (!ok || window.location.hash === target) return;
        allowed = target;
        window.location.hash = target;
      });
    },
  ];
}
