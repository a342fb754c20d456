/** What units wrote about this section in their returns, to draw on while writing the narrative. */
import { Button, Card, Collapse, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { UnitNoteDto } from '../../../../../shared/rpc/imports';

export function UnitNotes({ notes, onUse }: { notes: UnitNoteDto[]; onUse(text: string): void }) {
  if (!notes.length) return null;
  return (
    <Card size="small" title={`Thuyết minh của đơn vị cho mục này (${notes.length})`} style={{ marginTop: 16 }}>
      <Collapse
        size="small"
        items={notes.map((n) => ({
          key: `${n.unitId}`,
          label: n.unitName,
          children: (
            <>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{n.text}</Typography.Paragraph>
              <Button size="small" icon={<PlusOutlined />} onClick={() => onUse(n.text)}>
                Chèn thành đoạn văn mới
              </Button>
            </>
          ),
        }))}
      />
    </Card>
  );
}
