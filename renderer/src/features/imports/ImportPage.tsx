/** "Nhập Excel": blank forms out, unit returns in, and who has returned. */
import { useCallback, useEffect, useState } from 'react';
import { Alert, Spin } from 'antd';
import { decodeYearData, type YearDataDto } from '../../../../shared/rpc/figures';
import type { FileCheck, ReturnsStatus } from '../../../../shared/rpc/imports';
import { rpc } from '../../../../shared/rpc';
import { call } from '../../lib/rpc';
import { errorText } from '../../lib/text';
import { FormsCard } from './FormsCard';
import { ImportCard } from './ImportCard';
import { ReturnsCard } from './ReturnsCard';
import { ReadOnlyWhenLocked } from '../review/ReadOnlyWhenLocked';
import './imports.css';
import { PageHeader } from '../../components/PageHeader';

export function ImportPage({ year, desktop }: { year: number; desktop: boolean }) {
  const [data, setData] = useState<YearDataDto | null>(null);
  const [status, setStatus] = useState<ReturnsStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [refused, setRefused] = useState<Map<number, FileCheck>>(new Map());

  const reloadStatus = useCallback(() => call(rpc.imports.status, { year }).then(setStatus, (e: unknown) => setError(errorText(e))), [year]);
  useEffect(() => {
    call(rpc.figures.yearData, { year }).then((d) => setData(decodeYearData(d)), (e: unknown) => setError(errorText(e)));
    void reloadStatus();
  }, [year, reloadStatus]);

  if (error) return <Alert type="error" showIcon title={error} />;
  if (!data || !status) return <Spin />;
  if (!data.template || !data.regime)
    return <Alert type="info" showIcon title={`Năm ${year} chưa chọn mẫu báo cáo. Hãy chọn mẫu ở mục “Cài đặt” trước khi tạo biểu mẫu và nhập báo cáo.`} />;
  return (
    // No width cap: the returns table uses the whole screen (unit names on one or two lines).
    <div>
      <PageHeader
        title={`Nhập Excel năm ${year}`}
        sections={[
          { id: 'muc-bieu-mau', title: 'Biểu mẫu gửi đơn vị' },
          { id: 'muc-nhap', title: 'Nhập báo cáo của đơn vị' },
          { id: 'muc-tinh-hinh-nop', title: 'Tình hình nộp báo cáo' },
        ]}
      />
      <div id="muc-bieu-mau" />
      <FormsCard year={year} desktop={desktop} deadline={data.regime.unitDeadline ?? null} />
      {/* Importing writes: disabled while the year is locked; the forms and the returns' status stay usable. */}
      <div id="muc-nhap" />
      <ReadOnlyWhenLocked year={year}>
        <ImportCard year={year} template={data.template} units={data.units} period={data.regime.period} onImported={() => void reloadStatus()}
          onChecked={(checks) => {
            const next = new Map(refused);
            for (const c of checks) {
              if (!c.unit) continue;
              if (c.status === 'refused') next.set(c.unit.id, c);
              else next.delete(c.unit.id);
            }
            setRefused(next);
          }}
        />
      </ReadOnlyWhenLocked>
      <div id="muc-tinh-hinh-nop" />
      <ReturnsCard year={year} status={status} refused={refused} issuer={data.settings.issuerLines.filter(Boolean).join(' ')} />
    </div>
  );
}
