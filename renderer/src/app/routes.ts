/** Hash routes (`#/2024/cai-dat`), so a reload keeps the place and both hosts behave the same. */
import { useEffect, useState } from 'react';

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

export function useRoute(): [Route, (r: Route) => void] {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const on = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return [route, (r) => (window.location.hash = routeHash(r))];
}
