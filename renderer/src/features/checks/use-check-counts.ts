/** Counts of findings on a year's report for the menu badge, refreshed when the clerk moves between areas. */
import { useEffect, useState } from 'react';
import type { CheckReportDto } from '../../../../shared/rpc/checks';
import { rpc } from '../../../../shared/rpc';
import { call } from '../../lib/rpc';
import { afterPageDrawn } from '../../lib/idle';

/** The badge is asked for at the latest this long after a move, however busy the page. */
const CHECK_WAIT_MS = 1000;

type Counts = CheckReportDto['counts'];

export function useCheckCounts(year: number | null, area: string): [Counts | null, (c: Counts) => void] {
  const [counts, setCounts] = useState<Counts | null>(null);
  useEffect(() => {
    if (!year) return setCounts(null);
    let live = true;
    // Once the page has drawn its own data (lib/idle): the host checks the year while nothing else waits for it.
    const cancel = afterPageDrawn(
      () =>
        // A year without a template has nothing to check yet: no badge.
        void call(rpc.checks.year, { year }).then(
          (r) => live && setCounts(r.counts),
          () => live && setCounts(null),
        ),
      CHECK_WAIT_MS,
    );
    return () => {
      live = false;
      cancel();
    };
  }, [year, area]);
  return [counts, setCounts];
}
