/** Counts of findings on a year's report for the menu badge, refreshed when the clerk moves between areas. */
import { useEffect, useState } from 'react';
import type { CheckReportDto } from '../../../../shared/rpc/checks';
import { rpc } from '../../../../shared/rpc';
import { call } from '../../lib/rpc';

type Counts = CheckReportDto['counts'];

export function useCheckCounts(year: number | null, area: string): [Counts | null, (c: Counts) => void] {
  const [counts, setCounts] = useState<Counts | null>(null);
  useEffect(() => {
    if (!year) return setCounts(null);
    let live = true;
    // A year without a template has nothing to check yet: no badge.
    call(rpc.checks.year, { year }).then(
      (r) => live && setCounts(r.counts),
      () => live && setCounts(null),
    );
    return () => {
      live = false;
    };
  }, [year, area]);
  return [counts, setCounts];
}
