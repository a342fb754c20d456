/** Adds one unit: code, name, kind. The app checks the code and refuses a second office. */
import { useState } from 'react';
import { App, Button, Form, Input, Select } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { UNIT_KINDS, UNIT_KIND_LABELS, type UnitKind } from '../../../../shared/domain/template';
import type { UnitDto } from '../../../../shared/domain/records';
import { rpc } from '../../../../shared/rpc';
import { call } from '../../lib/rpc';
import { errorText } from '../../lib/text';
import { useUnsaved } from '../../lib/unsaved';

export const KIND_OPTIONS = UNIT_KINDS.map((k) => ({ value: k, label: UNIT_KIND_LABELS[k] }));

export function UnitAddForm({ year, onAdded }: { year: number; onAdded(u: UnitDto): void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ code: string; name: string; kind: UnitKind }>();
  const [busy, setBusy] = useState(false);
  const [typed, setTyped] = useState(false);
  useUnsaved(typed && !busy, {
    label: 'đơn vị mới đang nhập',
    save: async () => {
      try {
        return await add(await form.validateFields());
      } catch {
        return false;
      }
    },
  });

  async function add(v: { code: string; name: string; kind: UnitKind }): Promise<boolean> {
    setBusy(true);
    try {
      const u = await call(rpc.units.add, { year, code: v.code.trim(), name: v.name.trim(), kind: v.kind });
      message.success(`Đã thêm đơn vị “${u.name}”.`);
      form.resetFields(['code', 'name']);
      setTyped(false);
      onAdded(u);
      return true;
    } catch (e) {
      message.error(errorText(e));
      return false;
    } finally {
      setBusy(false);
    }
  }

  return (
    <Form
      form={form}
      layout="inline"
      onFinish={(v) => void add(v)}
      onValuesChange={() => setTyped(!!(form.getFieldValue('code')?.trim() || form.getFieldValue('name')?.trim()))}
      initialValues={{ kind: 'xa' }}
      style={{ rowGap: 12 }}
    >
      <Form.Item
        name="code"
        label="Mã"
        rules={[
          { required: true, whitespace: true, message: 'Nhập mã đơn vị' },
          { pattern: /^[A-Za-z0-9_.-]{1,20}$/, message: 'Mã gồm tối đa 20 chữ không dấu, chữ số, dấu chấm, gạch ngang, gạch dưới' },
        ]}
      >
        <Input aria-label="Mã đơn vị mới" style={{ width: 130 }} placeholder="VD: X-TAT" />
      </Form.Item>
      <Form.Item name="name" label="Tên" rules={[{ required: true, whitespace: true, message: 'Nhập tên đơn vị' }]}>
        <Input aria-label="Tên đơn vị mới" style={{ width: 340 }} placeholder="VD: Xã Tịnh Ấn Tây" />
      </Form.Item>
      <Form.Item name="kind" label="Loại">
        <Select aria-label="Loại đơn vị mới" style={{ width: 210 }} options={KIND_OPTIONS} />
      </Form.Item>
      <Form.Item>
        <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={busy}>
          Thêm đơn vị
        </Button>
      </Form.Item>
    </Form>
  );
}
