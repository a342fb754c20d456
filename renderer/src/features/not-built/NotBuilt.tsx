import { Result } from 'antd';
import type { YearDto } from '../../../../shared/rpc/years';
import { AREAS, type AreaKey } from '../../app/routes';

/** Only the areas still being built; a screen that exists is never described here. */
const WHAT: Partial<Record<AreaKey, string>> = {
  'luu-tru': 'sao lưu, khóa sổ và đóng gói lưu trữ dữ liệu của năm',
};

/** An area not built yet says so plainly; no fake content. */
export function NotBuilt({ area, year }: { area: AreaKey; year: YearDto | null }) {
  const label = AREAS.find((a) => a.key === area)?.label ?? area;
  return (
    <Result
      status="info"
      title={`${label}: chức năng đang được xây dựng`}
      subTitle={`Phần này sẽ dùng để ${WHAT[area] ?? 'làm việc với dữ liệu'}${year ? ` của năm ${year.year}` : ''}. Hiện chưa có trong phiên bản này.`}
    />
  );
}
