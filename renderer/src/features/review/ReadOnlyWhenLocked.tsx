import { useEffect, useState, type ReactNode } from 'react';
import { ConfigProvider } from 'antd';
import { rpc } from '../../../../shared/rpc';
import { call } from '../../lib/rpc';

/**
 * An editing screen of a locked year (approved or sealed): every field and button inside is disabled, under the
 * "Đã duyệt — chỉ xem" banner. The write gate refuses edits anyway; this keeps the clerk from typing in vain.
 */
export function ReadOnlyWhenLocked({ year, children }: { year: number; children: ReactNode }) {
  const [locked, setLocked] = useState(false);
  useEffect(() => {
    call(rpc.review.status, { year }).then(
      (s) => setLocked(s.lock !== null),
      () => setLocked(false),
    );
  }, [year]);
  return locked ? (
    <ConfigProvider componentDisabled>
      <div data-locked-year={year}>{children}</div>
    </ConfigProvider>
  ) : (
    children
  );
}
