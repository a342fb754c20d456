/** "Danh sách": the template's lists (documents issued, models, work teams…), one table each. */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Empty, Flex, Popconfirm, Select, Skeleton, Space, Table, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { aggregatedValue, formatIndicatorValue } from '../../../../../shared/domain/aggregate';
import type { ListDef } from '../../../../../shared/domain/template';
import { rpc } from '../../../../../shared/rpc';
import type { ListRowDto } from '../../../../../shared/rpc/lists';
import { call } from '../../../lib/rpc';
import { errorText } from '../../../lib/text';
import type { YearModel } from '../year-model';
import { ListRowModal } from './ListRowModal';
import { showListValue } from '../../../../../shared/domain/list-values';

const PAGE = 20;

/** The count indicator a list must match, as the totals say now. */
function CountCheck({ model, list, rows }: { model: YearModel; list: ListDef; rows: number }) {
  const ind = list.countIndicator ? model.byCode.get(list.countIndicator) : undefined;
  if (!ind) return null;
  const value = aggregatedValue(model.agg, ind.code);
  const shown = value === null ? 'chưa có số liệu' : formatIndicatorValue(ind, value, { padCounts: false });
  const same = value !== null && value === String(rows);
  return (
    <Alert
      type={same ? 'success' : 'warning'}
      showIcon
      style={{ marginBottom: 12 }}
      title={`Chỉ tiêu “${ind.label}” (cả kỳ): ${shown}; danh sách có ${rows} dòng.${same ? '' : ' Hai con số này nên bằng nhau: kiểm tra lại danh sách hoặc số liệu.'}`}
    />
  );
}

export function ListsTab({ model }: { model: YearModel }) {
  const { message } = App.useApp();
  const lists = model.template.lists;
  const [rows, setRows] = useState<ListRowDto[] | null>(null);
  // The chosen list survives a reload of the window.
  const listKey = `tonghop-danh-sach-${model.year}`;
  const [listId, setListIdState] = useState(() => lists.find((l) => l.id === sessionStorage.getItem(listKey))?.id ?? lists[0]?.id);
  const setListId = (id: string) => (sessionStorage.setItem(listKey, id), setListIdState(id));
  const [editing, setEditing] = useState<ListRowDto | 'new' | null>(null);
  const [page, setPage] = useState(1);
  const units = model.data.units;

  useEffect(() => {
    call(rpc.lists.rows, { year: model.year })
      .then(setRows)
      .catch((e) => message.error(errorText(e)));
  }, [model.year, message]);

  const list = lists.find((l) => l.id === listId);
  if (!list) return <Empty description="Mẫu báo cáo này không có danh sách nào." />;
  if (!rows) return <Skeleton active />;
  const mine = rows.filter((r) => r.listId === list.id).sort((a, b) => a.order - b.order || a.id - b.id);
  const section = model.sections.find((s) => s.section.id === list.section);

  async function remove(row: ListRowDto) {
    try {
      await call(rpc.lists.deleteRow, { year: model.year, id: row.id });
      setRows((rs) => rs && rs.filter((r) => r.id !== row.id));
      message.success('Đã xóa dòng.');
    } catch (e) {
      message.error(errorText(e));
    }
  }

  return (
    <div style={{ maxWidth: 1300 }}>
      <Flex gap={12} align="center" wrap style={{ marginBottom: 12 }}>
        <span>Danh sách:</span>
        <Select
          aria-label="Chọn danh sách"
          style={{ width: 640, maxWidth: '100%' }}
          value={list.id}
          onChange={(id: string) => (setListId(id), setPage(1))}
          options={lists.map((l) => ({ value: l.id, label: `${l.label} (${rows.filter((r) => r.listId === l.id).length} dòng)` }))}
        />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          Thêm dòng
        </Button>
      </Flex>
      {section && <Typography.Paragraph type="secondary">Thuộc mục {section.title}</Typography.Paragraph>}
      <CountCheck model={model} list={list} rows={mine.length} />
      <Table<ListRowDto>
        rowKey="id"
        size="middle"
        dataSource={mine}
        pagination={mine.length > PAGE ? { pageSize: PAGE, current: page, onChange: setPage, showSizeChanger: false } : false}
        locale={{ emptyText: 'Chưa có dòng nào. Bấm “Thêm dòng” để nhập.' }}
        columns={[
          { title: 'TT', width: 56, align: 'center', render: (_, __, i) => (mine.length > PAGE ? (page - 1) * PAGE : 0) + i + 1 },
          ...list.columns.map((col) => ({
            title: col.label,
            key: col.key,
            width: `${Math.round(((col.width ?? 1) / list.columns.reduce((s, c) => s + (c.width ?? 1), 0)) * 100)}%`,
            render: (_: unknown, r: ListRowDto) => showListValue(col, r.values[col.key], units),
          })),
          {
            title: '',
            key: 'actions',
            width: 110,
            render: (_, r) => (
              <Space>
                <Button size="small" icon={<EditOutlined />} aria-label="Sửa dòng" onClick={() => setEditing(r)} />
                <Popconfirm title="Xóa dòng này?" okText="Xóa" cancelText="Không" onConfirm={() => remove(r)}>
                  <Button size="small" danger icon={<DeleteOutlined />} aria-label="Xóa dòng" />
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      {editing && (
        <ListRowModal
          year={model.year}
          list={list}
          row={editing === 'new' ? null : editing}
          units={units}
          office={model.office}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            setRows((rs) => (rs ? (rs.some((r) => r.id === saved.id) ? rs.map((r) => (r.id === saved.id ? saved : r)) : [...rs, saved]) : rs));
            if (editing === 'new') setPage(Math.ceil((mine.length + 1) / PAGE));
            setEditing(null);
            message.success(editing === 'new' ? 'Đã thêm dòng.' : 'Đã lưu dòng.');
          }}
        />
      )}
    </div>
  );
}
