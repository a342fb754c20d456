import { useEffect, useState, type ReactNode } from 'react';
import { ConfigProvider } from 'antd';
import { rpc } from '../../../../shared/rpc';
import { call } from '../../lib/rpc';

/** Whether the year is locked (approved or sealed), for a screen that disables only some of its buttons. */
export function useYearLocked(year: number): boolean {
  const [locked, setLocked] = useState(false);
  useEffect(() => {
    call(rpc.review.status, { year }).then(
      (s) => setLocked(s.lock !== null),
      () => setLocked(false),
    );
  }, [year]);
  return locked;
}

/**
 * An editing screen of a locked year (approved or sealed): every field and button inside is disabled, under the
 * "Đã duyệt — chỉ xem" banner. The write gate refuses edits anyway; this keeps the clerk from typing in vain.
 */
export function ReadOnlyWhenLocked({ year, children }: { year: number; children: ReactNode }) {
  const locked = useYearLocked(year);
  return locked ? (
    <ConfigProvider componentDisabled>
      <div data-locked-year={year}>{children}</div>
    </ConfigProvider>
  ) : (
    children
  );
}
