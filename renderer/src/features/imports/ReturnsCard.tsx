/** Who has returned, when, with which file and how many notes; who is missing or late; a printable owing list. */
import { useState } from 'react';
import { App, Button, Card, Modal, Segmented, Space, Table, Tag, Typography } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { UNIT_KIND_LABELS, type UnitKind } from '../../../../shared/domain/template';
import { formatBodyDate, formatDateTime } from '../../../../shared/format/date';
import type { FileCheck, ReturnsStatus, UnitReturnStatus } from '../../../../shared/rpc/imports';
import { rpc } from '../../../../shared/rpc';
import { call } from '../../lib/rpc';
import { errorText } from '../../lib/text';
import { downloadBase64 } from '../../lib/download';

type Filter = 'all' | 'owing' | 'returned';

interface Props {
  year: number;
  status: ReturnsStatus;
  /** Files checked in this session that were refused, by unit: sent, but not accepted. */
  refused: Map<number, FileCheck>;
  issuer: string;
}

export function ReturnsCard({ year, status, refused, issuer }: Props) {
  const { message } = App.useApp();
  const [filter, setFilter] = useState<Filter>('all');
  const [printing, setPrinting] = useState(false);
  const owing = status.units.filter((u) => !u.returned);
  const returned = status.units.length - owing.length;
  const late = status.units.filter((u) => u.late);
  const shown = filter === 'owing' ? owing : filter === 'returned' ? status.units.filter((u) => u.returned) : status.units;
  const deadline = status.deadline ? formatBodyDate(status.deadline) : null;

  async function original(u: UnitReturnStatus) {
    try {
      const f = await call(rpc.imports.original, { year, importId: u.importId! });
      downloadBase64(f.name, f.base64);
    } catch (e) {
      message.error(errorText(e));
    }
  }

  return (
    <Card
      title="Tình hình nộp báo cáo"
      extra={
        <Button icon={<PrinterOutlined />} onClick={() => setPrinting(true)} disabled={!owing.length}>
          In danh sách chưa nộp
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Text strong aria-label="Tóm tắt nộp báo cáo">
          Đã nộp {returned}/{status.units.length} đơn vị · Chưa nộp {owing.length}
          {deadline ? ` · Hạn nộp ${deadline}` : ' · Mẫu báo cáo không ghi hạn nộp'}
          {late.length ? ` · Muộn hạn ${late.length}` : ''}
        </Typography.Text>
        <Segmented<Filter>
          value={filter}
          onChange={setFilter}
          options={[
            { value: 'all', label: 'Tất cả' },
            { value: 'owing', label: `Chưa nộp (${owing.length})` },
            { value: 'returned', label: `Đã nộp (${returned})` },
          ]}
        />
      </Space>
      <Table<UnitReturnStatus>
        size="small"
        aria-label="Tình hình nộp của từng đơn vị"
        rowKey="unitId"
        dataSource={shown}
        pagination={shown.length > 60 ? { pageSize: 60 } : false}
        // Fixed widths: a long file name is cut with "…" instead of squeezing unit names to one word per line.
        tableLayout="fixed"
        columns={[
          { title: 'Đơn vị', dataIndex: 'name', width: '26%' },
          { title: 'Loại', width: 160, render: (_, u) => UNIT_KIND_LABELS[u.kind as UnitKind] ?? u.kind },
          {
            title: 'Tình trạng',
            width: 210,
            render: (_, u) => (
              <Space size={4} wrap>
                {u.returned ? <Tag color="green">Đã nộp</Tag> : <Tag color={u.late ? 'red' : 'default'}>{u.late ? 'Quá hạn, chưa nộp' : 'Chưa nộp'}</Tag>}
                {u.returned && u.late && <Tag color="orange">Muộn</Tag>}
                {refused.has(u.unitId) && (
                  <Tag color="volcano" title={refused.get(u.unitId)!.fileName}>
                    Tệp vừa gửi có {refused.get(u.unitId)!.problems.filter((p) => p.severity === 'error').length} lỗi, chưa nhận
                  </Tag>
                )}
              </Space>
            ),
          },
          { title: 'Thời gian nhập', width: 180, render: (_, u) => (u.importedAt ? formatDateTime(u.importedAt) : '') },
          {
            title: 'Tệp',
            ellipsis: true,
            render: (_, u) =>
              u.fileName ? (
                <Button type="link" size="small" style={{ padding: 0, maxWidth: '100%' }} onClick={() => void original(u)} title={`Tải tệp gốc đơn vị đã gửi: ${u.fileName}`}>
                  <span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>{u.fileName}</span>
                </Button>
              ) : null,
          },
          { title: 'Lưu ý', width: 80, align: 'right', render: (_, u) => (u.returned ? u.warningCount : '') },
          { title: 'Số lần nộp', width: 90, align: 'right', dataIndex: 'returns' },
        ]}
      />
      {printing && (
        <Modal
          open
          width={820}
          title="Danh sách đơn vị chưa nộp báo cáo"
          okText="In"
          cancelText="Đóng"
          onOk={() => window.print()}
          onCancel={() => setPrinting(false)}
        >
          <div className="print-area" aria-label="Danh sách in">
            <p className="print-issuer">{issuer.toUpperCase()}</p>
            <h2 style={{ textAlign: 'center' }}>DANH SÁCH ĐƠN VỊ CHƯA NỘP BÁO CÁO</h2>
            <p style={{ textAlign: 'center' }}>
              Năm {year}
              {deadline ? ` · Hạn nộp: ${deadline}` : ''} · Tính đến ngày {formatBodyDate(status.today)}
            </p>
            <table className="print-table">
              <thead>
                <tr>
                  <th>STT</th>
                  <th>Đơn vị</th>
                  <th>Loại</th>
                  <th>Ghi chú</th>
                </tr>
              </thead>
              <tbody>
                {owing.map((u, i) => (
                  <tr key={u.unitId}>
                    <td style={{ textAlign: 'center' }}>{i + 1}</td>
                    <td>{u.name}</td>
                    <td>{UNIT_KIND_LABELS[u.kind as UnitKind] ?? u.kind}</td>
                    <td>{u.late ? 'Quá hạn' : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p>Tổng số: {owing.length} đơn vị.</p>
          </div>
        </Modal>
      )}
    </Card>
  );
}
