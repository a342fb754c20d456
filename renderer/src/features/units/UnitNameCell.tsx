/** A unit's name with an inline rename: Enter or leaving the box saves, Escape cancels. */
import { useState } from 'react';
import { Button, Input, Tooltip } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import type { UnitDto } from '../../../../shared/domain/records';

export function UnitNameCell({ unit, onRename }: { unit: UnitDto; onRename(name: string): Promise<boolean> }) {
  const [text, setText] = useState<string | null>(null);

  async function save() {
    if (text === null) return;
    const name = text.trim();
    if (!name || name === unit.name) return setText(null);
    if (await onRename(name)) setText(null);
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
