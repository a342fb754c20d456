import { useEffect, useState } from 'react';
import { Alert } from 'antd';
import { rpc } from '../../../../shared/rpc';
import type { ReviewStatusDto } from '../../../../shared/rpc/review';
import { formatDateTime } from '../../../../shared/format/date';
import { call } from '../../lib/rpc';

/**
 * "Đã duyệt — chỉ xem" above every editing screen of a locked year: the write gate refuses every edit anyway; the
 * banner says so before the clerk types, with who locked it, when and how to edit again.
 */
export function LockBanner({ year }: { year: number }) {
  const [lock, setLock] = useState<ReviewStatusDto['lock']>(null);
  useEffect(() => {
    call(rpc.review.status, { year }).then(
      (s) => setLock(s.lock),
      () => setLock(null),
    );
  }, [year]);
  if (!lock) return null;
  const title = lock.state === 'sealed' ? 'Đã khóa sổ — chỉ xem' : 'Đã duyệt — chỉ xem';
  return (
    <Alert
      role="alert"
      type="info"
      showIcon
      style={{ marginBottom: 16 }}
      title={title}
      description={`Năm ${year} bị khóa bởi ${lock.by}${lock.at ? ` lúc ${formatDateTime(lock.at)}` : ''}${lock.reason ? ` (${lock.reason})` : ''}: số liệu, lời văn, danh sách, đơn vị và cài đặt chỉ xem, không sửa được. ${lock.unlock}`}
    />
  );
}
