/**
 * A return in the unit's own layout: the clerk confirms which unit sent it, which row is which indicator and which
 * column is which year. The app proposes what it matched by label; the confirmation is remembered for next time.
 */
import { useMemo, useState } from 'react';
import { Alert, Form, Modal, Select, Table, Typography } from 'antd';
import type { UnitDto } from '../../../../shared/domain/records';
import type { Template } from '../../../../shared/domain/template';
import type { FileCheck } from '../../../../shared/rpc/imports';
import { rpc } from '../../../../shared/rpc';
import { call } from '../../lib/rpc';
import { errorText, matches } from '../../lib/text';

interface Props {
  year: number;
  check: FileCheck;
  template: Template;
  units: UnitDto[];
  period: { fromYear: number; toYear: number };
  onClose(): void;
  onConfirmed(check: FileCheck): void;
}

export function MappingModal({ year, check, template, units, period, onClose, onConfirmed }: Props) {
  const proposal = check.proposal!;
  const [unitId, setUnitId] = useState<number | null>(check.unit?.id ?? proposal.unitGuess);
  const [rows, setRows] = useState(() => new Map(proposal.rows.map((r) => [r.row, r.code])));
  const [cols, setCols] = useState(() => new Map(proposal.columns.map((c) => [c.col, c.year])));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const unit = units.find((u) => u.id === unitId) ?? null;
  const indicatorOptions = useMemo(
    () =>
      template.indicators
        .filter((i) => i.kind !== 'ratio' && (!unit || i.reporters.includes(unit.kind)))
        .map((i) => ({ value: i.code, label: `${i.label}${i.unit ? ` (${i.unit})` : ''}` })),
    [template, unit],
  );
  const yearOptions = [
    ...Array.from({ length: period.toYear - period.fromYear + 1 }, (_, k) => ({ value: period.fromYear + k, label: `Năm ${period.fromYear + k}` })),
    { value: 0, label: `Cả giai đoạn ${period.fromYear} - ${period.toYear}` },
  ];
  const mapped = [...rows.values()].filter(Boolean).length;

  async function confirm() {
    if (!unitId) return setError('Hãy chọn đơn vị đã gửi tệp này.');
    setBusy(true);
    setError(null);
    try {
      const c = await call(rpc.imports.confirmMapping, {
        year,
        id: check.id,
        unitId,
        rows: [...rows].map(([row, code]) => ({ row, code })),
        columns: [...cols].map(([col, y]) => ({ col, year: y })),
      });
      onConfirmed(c);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      width={980}
      title={`Ghép dòng cho tệp “${check.fileName}”`}
      okText="Xác nhận cách ghép"
      cancelText="Đóng"
      onOk={() => void confirm()}
      confirmLoading={busy}
      onCancel={onClose}
    >
      <Typography.Paragraph type="secondary">
        Tệp không theo biểu mẫu của ứng dụng (trang “{proposal.sheet}”). Các dòng có tên trùng với chỉ tiêu đã được ghép sẵn, không phân biệt dấu và chữ hoa;
        hãy kiểm tra, sửa nếu cần rồi xác nhận. Lần sau đơn vị gửi tệp cùng bố cục, ứng dụng tự ghép theo cách này.
      </Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label="Đơn vị gửi tệp" required>
          <Select
            aria-label="Đơn vị gửi tệp"
            showSearch={{ filterOption: (q, o) => matches(q, String(o?.label ?? '')) }}
            value={unitId ?? undefined}
            placeholder="Chọn đơn vị"
            onChange={(v: number) => setUnitId(v)}
            options={units.filter((u) => u.active && u.kind !== 'office').map((u) => ({ value: u.id, label: u.name }))}
            style={{ maxWidth: 420 }}
          />
        </Form.Item>
      </Form>
      <Typography.Title level={5}>Cột năm</Typography.Title>
      <Table
        size="small"
        pagination={false}
        rowKey="col"
        dataSource={proposal.columns}
        columns={[
          { title: 'Tiêu đề cột trong tệp', dataIndex: 'header' },
          {
            title: 'Là số liệu của',
            width: 280,
            render: (_, c) => (
              <Select
                aria-label={`Cột ${c.header}`}
                style={{ width: 260 }}
                allowClear
                placeholder="Không lấy cột này"
                value={cols.get(c.col) ?? undefined}
                options={yearOptions}
                onChange={(v: number | undefined) => setCols(new Map(cols).set(c.col, v ?? null))}
              />
            ),
          },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        Dòng chỉ tiêu ({mapped}/{proposal.rows.length} dòng đã ghép)
      </Typography.Title>
      <Table
        size="small"
        rowKey="row"
        dataSource={proposal.rows}
        pagination={{ pageSize: 12, size: 'small' }}
        columns={[
          { title: 'Dòng', dataIndex: 'row', width: 60 },
          { title: 'Tên trong tệp', dataIndex: 'label' },
          { title: 'Số liệu', dataIndex: 'sample', width: 140 },
          {
            title: 'Chỉ tiêu của mẫu báo cáo',
            width: 380,
            render: (_, r) => (
              <Select
                aria-label={`Chỉ tiêu cho dòng ${r.row}`}
                style={{ width: 360 }}
                allowClear
                showSearch={{ filterOption: (q, o) => matches(q, String(o?.label ?? '')) }}
                placeholder="Không lấy dòng này"
                value={rows.get(r.row) ?? undefined}
                options={indicatorOptions}
                onChange={(v: string | undefined) => setRows(new Map(rows).set(r.row, v ?? null))}
              />
            ),
          },
        ]}
      />
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
    </Modal>
  );
}
