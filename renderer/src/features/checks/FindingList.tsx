/** Findings grouped by severity, then by section, with the actions that apply to each. */
import type { ReactNode } from 'react';
import { Card, Empty, Space, Tag, Typography } from 'antd';
import type { FindingDto } from '../../../../shared/rpc/checks';

export const SEVERITY: Record<FindingDto['severity'], { label: string; color: string }> = {
  error: { label: 'Lỗi', color: 'red' },
  warning: { label: 'Cảnh báo', color: 'orange' },
  info: { label: 'Lưu ý', color: 'blue' },
};

export function placeOf(f: FindingDto): string {
  const l = f.location;
  if (l.kind === 'text') return l.sectionTitle || l.sectionId;
  if (l.kind === 'data') return `Số liệu${l.unitName ? ` — ${l.unitName}` : ''}${l.year ? `, năm ${l.year}` : ''}`;
  if (l.kind === 'appendix') return l.label;
  return 'Toàn văn bản';
}

interface Props {
  findings: FindingDto[];
  /** Buttons for one finding (go to, fix, dismiss); none for an outside document. */
  actions?: (f: FindingDto) => ReactNode;
  emptyText: string;
}

export function FindingList({ findings, actions, emptyText }: Props) {
  if (!findings.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} />;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {(['error', 'warning', 'info'] as const).map((sev) => {
        const list = findings.filter((f) => f.severity === sev);
        if (!list.length) return null;
        const groups = new Map<string, FindingDto[]>();
        for (const f of list) groups.set(placeOf(f), [...(groups.get(placeOf(f)) ?? []), f]);
        return (
          <Card
            key={sev}
            size="small"
            title={
              <span>
                <Tag color={SEVERITY[sev].color}>{SEVERITY[sev].label}</Tag>
                {list.length} mục
              </span>
            }
            data-severity={sev}
          >
            {[...groups].map(([place, items]) => (
              <div key={place} className="chk-group">
                <Typography.Text strong className="chk-place" ellipsis={{ tooltip: place }}>
                  {place}
                </Typography.Text>
                {items.map((f) => (
                  <div key={f.id} className={`chk-item${f.dismissed ? ' chk-dismissed' : ''}`} data-finding={f.code} data-id={f.id}>
                    <div className="chk-message">{f.message}</div>
                    {f.excerpt && (
                      <div className="chk-excerpt">
                        «{f.excerpt}»{f.expected && <span className="chk-expected"> → {f.expected}</span>}
                      </div>
                    )}
                    {f.dismissed && (
                      <div className="chk-reason">
                        Đã bỏ qua: “{f.dismissed.reason}” — {f.dismissed.by}
                      </div>
                    )}
                    {actions && <div className="chk-actions">{actions(f)}</div>}
                  </div>
                ))}
              </div>
            ))}
          </Card>
        );
      })}
    </Space>
  );
}
