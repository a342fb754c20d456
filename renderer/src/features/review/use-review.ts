import { useCallback, useEffect, useState } from 'react';
import { rpc } from '../../../../shared/rpc';
import type { IdentityDto, ReviewStatusDto } from '../../../../shared/rpc/review';
import { call } from '../../lib/rpc';

/** The review state of a year and who is at this machine, reloaded on demand. */
export function useReview(year: number) {
  const [status, setStatus] = useState<ReviewStatusDto | null>(null);
  const [me, setMe] = useState<IdentityDto | null | undefined>(undefined);
  const reload = useCallback(async () => {
    const [s, i] = await Promise.all([call(rpc.review.status, { year }), call(rpc.review.identity, {})]);
    setStatus(s);
    setMe(i);
  }, [year]);
  useEffect(() => {
    reload().catch(() => undefined);
  }, [reload]);
  return { status, me, reload, setStatus };
}
