/** Adds or edits one row of a list, with an input per typed column; the app's refusal is shown as it says. */
import { useState } from 'react';
import { Alert, Form, Input, Modal, Select } from 'antd';
import type { UnitDto } from '../../../../../shared/domain/records';
import type { ListColumn, ListDef } from '../../../../../shared/domain/template';
import { rpc } from '../../../../../shared/rpc';
import type { ListRowDto } from '../../../../../shared/rpc/lists';
import { call } from '../../../lib/rpc';
import { errorText, matches } from '../../../lib/text';
import { confirmLeave, useUnsaved } from '../../../lib/unsaved';
import { editListValue, readListValue } from '../../../../../shared/domain/list-values';

interface Props {
  year: number;
  list: ListDef;
  row: ListRowDto | null;
  units: UnitDto[];
  office: UnitDto | undefined;
  onSaved(row: ListRowDto): void;
  onClose(): void;
}

/** Form.Item passes `value` and `onChange`, which go on to the input. */
function Field({ col, units, ...control }: { col: ListColumn; units: UnitDto[]; value?: string; onChange?: (v: unknown) => void }) {
  const aria = { 'aria-label': col.label, ...control };
  switch (col.type) {
    case 'choice':
      return <Select {...aria} allowClear options={(col.options ?? []).map((o) => ({ value: o, label: o }))} placeholder="Chọn" />;
    case 'unit':
      return (
        <Select
          {...aria}
          allowClear
          placeholder="Chọn đơn vị"
          options={units.filter((u) => u.active).map((u) => ({ value: u.code, label: `${u.name} (${u.code})` }))}
          showSearch={{ filterOption: (q, o) => matches(q, String(o?.label ?? '')) }}
        />
      );
    case 'date':
      return <Input {...aria} placeholder="ngày/tháng/năm, ví dụ 25/5/2021" />;
    case 'number':
      return <Input {...aria} style={{ maxWidth: 200 }} />;
    default:
      return (col.width ?? 1) >= 4 ? <Input.TextArea {...aria} autoSize={{ minRows: 2, maxRows: 6 }} /> : <Input {...aria} />;
  }
}

export function ListRowModal({ year, list, row, units, office, onSaved, onClose }: Props) {
  const [form] = Form.useForm<Record<string, string | undefined>>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const initial = Object.fromEntries(list.columns.map((c) => [c.key, editListValue(c, row?.values[c.key])]));
  const [changed, setChanged] = useState(false);
  useUnsaved(changed, {
    label: `dòng “${list.label}”`,
    save: async () => {
      try {
        return await submit(await form.validateFields());
      } catch {
        return false;
      }
    },
  });
  // Esc, the cross and "Hủy" close at once when nothing was typed, else ask "Lưu / Không lưu / Ở lại".
  const cancel = () => void (changed ? confirmLeave() : Promise.resolve(true)).then((ok) => ok && onClose());

  async function submit(v: Record<string, string | undefined>): Promise<boolean> {
    const values: Record<string, string> = {};
    const fieldErrors: { name: string; errors: string[] }[] = [];
    for (const col of list.columns) {
      const r = readListValue(col, v[col.key]);
      if ('error' in r) fieldErrors.push({ name: col.key, errors: [r.error] });
      else if (r.value) values[col.key] = r.value;
    }
    if (fieldErrors.length) return (form.setFields(fieldErrors), false);
    // The row belongs to the unit named in its unit column, else to the office (documents the office issued).
    const unitCol = list.columns.find((c) => c.type === 'unit');
    const unitId = (unitCol && units.find((u) => u.code === values[unitCol.key])?.id) ?? row?.unitId ?? office?.id ?? null;
    setSaving(true);
    try {
      const saved = await call(rpc.lists.saveRow, { year, listId: list.id, id: row?.id, unitId, values });
      setChanged(false);
      onSaved(saved);
      return true;
    } catch (e) {
      setError(errorText(e));
      return false;
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open
      width={760}
      title={row ? `Sửa dòng: ${list.label}` : `Thêm dòng: ${list.label}`}
      okText={row ? 'Lưu dòng' : 'Thêm dòng'}
      cancelText="Hủy"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={cancel}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => void submit(v)} onValuesChange={() => (setError(null), setChanged(true))}>
        {list.columns.map((col) => (
          <Form.Item key={col.key} name={col.key} label={col.label} rules={col.required ? [{ required: true, whitespace: true, message: `Nhập “${col.label}”` }] : undefined}>
            <Field col={col} units={units} />
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}
