/** "Lịch sử thay đổi": every change of the year with who, when and from which source, filtered, exportable to .xlsx. */
import { useEffect, useState } from 'react';
import { Button, Card, Input, Select, Space, Table, Tag } from 'antd';
import { FileExcelOutlined } from '@ant-design/icons';
import type { HistoryEntryDto, HistoryFilter } from '../../../../shared/rpc/history';
import type { UnitDto } from '../../../../shared/domain/records';
import { rpc } from '../../../../shared/rpc';
import { formatDateTime } from '../../../../shared/format/date';
import { call } from '../../lib/rpc';
import { errorText } from '../../lib/text';
import { downloadBase64 } from '../../lib/download';

const AREA: Record<HistoryEntryDto['area'], { text: string; color: string }> = {
  figure: { text: 'số liệu', color: 'blue' },
  list: { text: 'danh sách', color: 'cyan' },
  narrative: { text: 'lời văn', color: 'magenta' },
  setting: { text: 'cài đặt', color: 'geekblue' },
  unit: { text: 'đơn vị', color: 'lime' },
  state: { text: 'trình duyệt', color: 'volcano' },
  import: { text: 'nhập Excel', color: 'green' },
  check: { text: 'kiểm tra', color: 'gold' },
  seal: { text: 'khóa sổ', color: 'purple' },
};

/** `version` changes after every action of the page, so the history shows it at once. */
export function HistoryCard({ year, version, onError }: { year: number; version: number; onError(message: string): void }) {
  const [rows, setRows] = useState<HistoryEntryDto[]>([]);
  const [units, setUnits] = useState<UnitDto[]>([]);
  const [filter, setFilter] = useState<HistoryFilter>({});
  const [person, setPerson] = useState('');
  useEffect(() => {
    call(rpc.units.list, { year }).then(setUnits, () => undefined);
  }, [year]);
  useEffect(() => {
    call(rpc.history.list, { year, filter }).then(setRows, (e) => onError(errorText(e)));
  }, [year, filter, version, onError]);
  return (
    <Card
      title="Lịch sử thay đổi"
      style={{ marginBottom: 24 }}
      extra={
        <Button
          icon={<FileExcelOutlined />}
          onClick={() => void call(rpc.history.export, { year, filter }).then((x) => downloadBase64(x.name, x.base64), (e) => onError(errorText(e)))}
        >
          Xuất ra Excel
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder="Mọi đơn vị"
          style={{ width: 280 }}
          aria-label="Lọc theo đơn vị"
          options={units.map((u) => ({ value: u.id, label: u.name }))}
          onChange={(v?: number) => setFilter({ ...filter, unitId: v })}
        />
        <Select
          allowClear
          placeholder="Mọi loại thay đổi"
          style={{ width: 200 }}
          aria-label="Lọc theo loại thay đổi"
          options={Object.entries(AREA).map(([value, a]) => ({ value, label: a.text }))}
          onChange={(v?: HistoryEntryDto['area']) => setFilter({ ...filter, area: v })}
        />
        <Input.Search
          allowClear
          placeholder="Người thực hiện"
          style={{ width: 220 }}
          aria-label="Lọc theo người thực hiện"
          value={person}
          onChange={(e) => setPerson(e.target.value)}
          onSearch={(v) => setFilter({ ...filter, by: v || undefined })}
        />
      </Space>
      <Table<HistoryEntryDto>
        size="small"
        aria-label="Lịch sử thay đổi"
        rowKey={(r, i) => `${r.at}-${i}`}
        dataSource={rows}
        pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (t) => `${t} thay đổi` }}
        columns={[
          { title: 'Thời điểm', width: 170, render: (_, r) => formatDateTime(r.at) },
          { title: 'Người', width: 160, dataIndex: 'by' },
          { title: 'Loại', width: 110, render: (_, r) => <Tag color={AREA[r.area].color}>{AREA[r.area].text}</Tag> },
          { title: 'Đơn vị', width: 200, render: (_, r) => r.unit ?? '' },
          { title: 'Nội dung', dataIndex: 'what' },
          { title: 'Nguồn', width: 220, dataIndex: 'source' },
        ]}
      />
    </Card>
  );
}
