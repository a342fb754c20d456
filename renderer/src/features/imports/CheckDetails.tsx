/** What the dry run found in one file: problems with sheet!cell, and the cell-by-cell diff against stored values. */
import { Alert, Table, Tag, Typography } from 'antd';
import type { DiffEntry, FileCheck, ImportProblem } from '../../../../shared/rpc/imports';
import { formatNumber } from '../../../../shared/format/number';
import { formatBodyDate, formatDateTime, isValidIsoDate } from '../../../../shared/format/date';
import { isCanonical } from '../../../../shared/domain/decimal';
import { madeAtText } from '../../../../shared/domain/import-batch';

/** A stored value as the clerk reads it: 1.270 · 16.015,34 · 25/5/2021 · text as is. */
export function valueText(v: string | null): string {
  if (v === null) return '(trống)';
  if (isCanonical(v)) return formatNumber(v);
  if (isValidIsoDate(v)) return formatBodyDate(v);
  return v;
}

export const placeText = (p: ImportProblem) => (p.sheet ? `${p.sheet}${p.cell ? `!${p.cell}` : ''}` : '');

export function ProblemList({ problems }: { problems: ImportProblem[] }) {
  if (!problems.length) return null;
  return (
    <ul className="import-problems" style={{ paddingLeft: 20, margin: '8px 0' }}>
      {problems.map((p, i) => (
        <li key={i} style={{ marginBottom: 4 }}>
          <Tag color={p.severity === 'error' ? 'red' : 'gold'}>{p.severity === 'error' ? 'Lỗi' : 'Lưu ý'}</Tag>
          {placeText(p) && <Typography.Text code>{placeText(p)}</Typography.Text>} {p.message}
        </li>
      ))}
    </ul>
  );
}

export function DiffTable({ diff }: { diff: DiffEntry[] }) {
  return (
    <Table<DiffEntry>
      size="small"
      aria-label="Các ô thay đổi"
      rowKey={(d) => `${d.code}|${d.year}`}
      dataSource={diff}
      pagination={diff.length > 15 ? { pageSize: 15, size: 'small' } : false}
      columns={[
        { title: 'Chỉ tiêu', dataIndex: 'label' },
        { title: 'Năm', width: 110, render: (_, d) => (d.year ? d.year : 'Cả giai đoạn') },
        { title: 'Số cũ', width: 110, align: 'right', render: (_, d) => <span className="diff-old">{valueText(d.old)}</span> },
        { title: 'Số mới', width: 110, align: 'right', render: (_, d) => <strong className="diff-new">{valueText(d.new)}</strong> },
      ]}
    />
  );
}

const DECISION_TITLE: Record<string, string> = {
  older: 'Bản cũ hơn',
  choose: 'Cần chọn một bản',
  erase: 'Sẽ xóa số liệu đã có',
  empty: 'Tệp không có số liệu',
  unit: 'Chưa rõ đơn vị',
};

export function DecisionList({ check }: { check: FileCheck }) {
  if (!check.decisions.length) return null;
  return (
    <>
      {check.decisions.map((d) => (
        <Alert key={d.kind} type="warning" showIcon style={{ marginBottom: 8 }} title={DECISION_TITLE[d.kind]} description={d.message} />
      ))}
    </>
  );
}

export function CheckDetails({ check }: { check: FileCheck }) {
  const willChange = check.status !== 'refused' && check.status !== 'skipped' && check.status !== 'unchanged' && !!check.unit;
  return (
    <div style={{ padding: '4px 8px' }}>
      <DecisionList check={check} />
      {check.status !== 'skipped' && (
        <Typography.Paragraph type="secondary" style={{ margin: '0 0 8px' }}>
          Tệp {madeAtText(check.times)}
          {check.times.generatedAt ? `; biểu mẫu tạo lúc ${formatDateTime(check.times.generatedAt)}` : ''}.
        </Typography.Paragraph>
      )}
      {check.replaces && check.status !== 'unchanged' && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 8 }}
          title={`Thay cho báo cáo “${check.replaces.fileName}” đã nhập lúc ${formatDateTime(check.replaces.importedAt)}; số cũ vẫn được giữ trong lịch sử.`}
        />
      )}
      <ProblemList problems={check.problems} />
      {check.listChanges.length > 0 && (
        <Typography.Paragraph style={{ margin: '8px 0' }}>
          Danh sách thay đổi: {check.listChanges.map((l) => `${l.label}: ${l.before} → ${l.after} dòng`).join('; ')}.
        </Typography.Paragraph>
      )}
      {check.noteChanges.length > 0 && (
        <>
          <Typography.Text strong>{check.noteChanges.length} mục thuyết minh sẽ thay đổi:</Typography.Text>
          <ul style={{ paddingLeft: 20, margin: '4px 0 8px' }}>
            {check.noteChanges.map((n) => (
              <li key={n.sectionId}>
                Mục {n.section}: {n.before === null ? 'chưa có' : `“${shorten(n.before)}”`} → {n.after === null ? 'xóa' : `“${shorten(n.after)}”`}
              </li>
            ))}
          </ul>
        </>
      )}
      {willChange &&
        (check.diff.length > 0 ? (
          <>
            <Typography.Text strong>{check.diff.length} số liệu sẽ thay đổi so với số liệu đang lưu (số cũ → số mới):</Typography.Text>
            <DiffTable diff={check.diff} />
          </>
        ) : (
          <Typography.Text type="secondary">Không số liệu nào thay đổi so với số liệu đang lưu.</Typography.Text>
        ))}
    </div>
  );
}

function shorten(t: string): string {
  return t.length > 120 ? `${t.slice(0, 117).replace(/\s+\S*$/, '')}…` : t;
}
