import { useEffect, useState } from 'react';
import { Button, Space, Tag, Typography } from 'antd';
import { rpc } from '../../../../shared/rpc';
import type { ReviewStatusDto } from '../../../../shared/rpc/review';
import { STATE_LABEL } from '../../../../shared/review/workflow';
import { formatHeaderDate } from '../../../../shared/format/date';
import { call } from '../../lib/rpc';
import { downloadBase64 } from '../../lib/download';

/** A year's report in the years overview: its state; once issued, the number and date and the signed scan (open it). */
export function ReviewSummary({ year }: { year: number }) {
  const [s, setS] = useState<ReviewStatusDto | null>(null);
  useEffect(() => {
    call(rpc.review.status, { year }).then(setS, () => setS(null));
  }, [year]);
  if (!s) return null;
  const scan = s.scans.at(-1);
  return (
    <Space direction="vertical" size={0} aria-label={`Báo cáo năm ${year}`}>
      <Tag>{STATE_LABEL[s.state]}{s.version > 0 && s.state !== 'issued' ? ` — dự thảo lần ${s.version}` : ''}</Tag>
      {s.issued && (
        <Typography.Text>
          Đã phát hành số {s.issued.documentNumber}, {formatHeaderDate(s.issued.date)}
        </Typography.Text>
      )}
      {s.issued &&
        (scan ? (
          <Button
            type="link"
            size="small"
            style={{ padding: 0 }}
            onClick={async () => downloadBase64(scan.storedName, (await call(rpc.review.readScan, { year, id: scan.id })).base64)}
          >
            Đã đính kèm bản ký (mở)
          </Button>
        ) : (
          <Typography.Text type="secondary">Chưa đính kèm bản ký</Typography.Text>
        ))}
    </Space>
  );
}
