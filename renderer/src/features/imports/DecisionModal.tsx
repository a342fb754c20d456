/**
 * The clerk's explicit answer for a file the app will not import on its own: an older return, one of several
 * returns of a unit, a return that erases stored figures or holds none, or a form whose unit is in doubt. The
 * file is then checked again with the answer, so the table shows exactly what importing it will do.
 */
import { useState } from 'react';
import { Modal, Radio, Select, Space, Typography } from 'antd';
import type { UnitDto } from '../../../../shared/domain/records';
import type { CommitChoice, FileCheck } from '../../../../shared/rpc/imports';
import { DecisionList } from './CheckDetails';

interface Props {
  check: FileCheck;
  units: UnitDto[];
  choice: CommitChoice | undefined;
  onClose(): void;
  onDecided(choice: CommitChoice): void;
}

export function DecisionModal({ check, units, choice, onClose, onDecided }: Props) {
  const needsUnit = check.decisions.some((d) => d.kind === 'unit');
  const [unitId, setUnitId] = useState<number | undefined>(needsUnit ? undefined : choice?.unitId);
  const offered = new Set(check.unitChoices.map((u) => u.id));
  const others = units.filter((u) => u.active && u.kind !== 'office' && !offered.has(u.id));
  const accept = [...new Set([...(choice?.accept ?? []), ...check.decisions.map((d) => d.kind)])];
  return (
    <Modal
      open
      title={`Xác nhận trước khi nhập “${check.fileName}”`}
      okText={needsUnit ? 'Kiểm tra lại theo đơn vị đã chọn' : check.status === 'older' ? 'Vẫn nhập bản này' : 'Đồng ý nhập'}
      cancelText="Hủy"
      okButtonProps={{ disabled: needsUnit && unitId === undefined }}
      onCancel={onClose}
      onOk={() => onDecided({ id: check.id, accept, ...(unitId !== undefined ? { unitId } : {}) })}
      width={640}
    >
      <DecisionList check={check} />
      {needsUnit && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text strong>Đây là báo cáo của đơn vị nào?</Typography.Text>
          <Radio.Group value={unitId} onChange={(e) => setUnitId(e.target.value as number)} aria-label="Đơn vị của tệp">
            <Space direction="vertical">
              {check.unitChoices.map((u, i) => (
                <Radio key={u.id} value={u.id}>
                  {u.name} ({u.code}){i === 0 ? ' — đơn vị ghi trong biểu mẫu' : ' — đơn vị ghi trên trang tính hoặc tên tệp'}
                </Radio>
              ))}
            </Space>
          </Radio.Group>
          <Select
            showSearch
            allowClear
            placeholder="Hoặc chọn đơn vị khác…"
            style={{ width: '100%' }}
            value={unitId !== undefined && !offered.has(unitId) ? unitId : undefined}
            onChange={(v?: number) => setUnitId(v)}
            optionFilterProp="label"
            options={others.map((u) => ({ value: u.id, label: `${u.name} (${u.code})` }))}
            aria-label="Đơn vị khác"
          />
          <Typography.Text type="secondary">Ứng dụng sẽ đọc lại tệp theo đơn vị đã chọn và cho xem các số sẽ thay đổi trước khi nhập.</Typography.Text>
        </Space>
      )}
      {!needsUnit && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          Sau khi đồng ý, tệp được kiểm tra lại và được chọn để nhập; các số sẽ thay đổi hiện trong bảng. Chưa có gì được lưu cho đến khi bấm “Nhập … tệp đã chọn”.
        </Typography.Paragraph>
      )}
    </Modal>
  );
}
