/** A unit's name with an inline rename: Enter or leaving the box saves, Escape cancels. */
import { useState } from 'react';
import { Button, Input, Tooltip } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import type { UnitDto } from '../../../../shared/domain/records';
import { useUnsaved } from '../../lib/unsaved';

export function UnitNameCell({ unit, onRename }: { unit: UnitDto; onRename(name: string): Promise<boolean> }) {
  const [text, setText] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useUnsaved(text !== null && text.trim() !== unit.name && !busy, { label: `tên đơn vị ${unit.code}`, save });

  async function save(): Promise<boolean> {
    if (text === null) return true;
    const name = text.trim();
    if (!name) return false;
    if (name === unit.name) return (setText(null), true);
    setBusy(true);
    try {
      const ok = await onRename(name);
      if (ok) setText(null);
      return ok;
    } finally {
      setBusy(false);
    }
  }

  if (text !== null)
    return (
      <Input
        autoFocus
        aria-label={`Tên mới của đơn vị ${unit.code}`}
        value={text}
        status={text.trim() ? undefined : 'error'}
        placeholder="Nhập tên đơn vị"
        onChange={(e) => setText(e.target.value)}
        onPressEnter={() => void save()}
        onBlur={() => void save()}
        onKeyDown={(e) => e.key === 'Escape' && setText(null)}
      />
    );
  return (
    <span>
      {unit.name}
      <Tooltip title="Đổi tên">
        <Button type="text" size="small" icon={<EditOutlined />} aria-label={`Đổi tên đơn vị ${unit.code}`} onClick={() => setText(unit.name)} style={{ marginLeft: 4 }} />
      </Tooltip>
    </span>
  );
}
