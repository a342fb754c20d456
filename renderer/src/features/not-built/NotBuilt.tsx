import { Result } from 'antd';
import type { YearDto } from '../../../../shared/rpc/years';
import { AREAS, type AreaKey } from '../../app/routes';

const WHAT: Partial<Record<AreaKey, string>> = {
  'don-vi': 'quản lý danh sách cơ quan, đơn vị, xã, phường báo cáo',
  'so-lieu': 'nhập và xem số liệu theo mẫu báo cáo, dạng biểu mẫu và bảng tính',
  'nhap-excel': 'tạo biểu mẫu Excel gửi đơn vị và nhập các tệp đơn vị gửi về',
  'bao-cao': 'xem trước và tạo báo cáo .docx cùng các phụ lục',
  'kiem-tra': 'kiểm tra tính khớp đúng của số liệu và lời văn',
  'luu-tru': 'khóa sổ và lưu trữ dữ liệu của năm',
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
