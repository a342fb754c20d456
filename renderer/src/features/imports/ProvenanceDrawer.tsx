/**
 * Where figures come from: for one indicator (and optionally one unit and year), each unit's value with its
 * source (file, sheet!cell, import time; typed by hand; demo data) and, for one unit's cell, its whole history.
 */
import { useEffect, useState } from 'react';
import { Alert, Drawer, Spin, Table, Tag, Typography } from 'antd';
import type { FigureHistoryDto, FigureSource } from '../../../../shared/rpc/figures';
import type { ProvenanceEntry } from '../../../../shared/rpc/imports';
import { rpc } from '../../../../shared/rpc';
import { call } from '../../lib/rpc';
import { errorText } from '../../lib/text';
import { valueText } from './CheckDetails';
import { formatDateTime } from '../../../../shared/format/date';

export interface ProvenanceTarget {
  code: string;
  label: string;
  /** A calendar year, or 0 / undefined for every year of the period. */
  figureYear?: number;
  unitId?: number;
  unitName?: string;
}

export function SourceText({ source }: { source: FigureSource }) {
  if (source.kind === 'import')
    return (
      <span>
        <Tag color="blue">Nhập từ tệp</Tag>
        {source.file}
        {source.sheet && (
          <>
            {' '}
            · <Typography.Text code>{`${source.sheet}!${source.cell}`}</Typography.Text>
          </>
        )}
      </span>
    );
  if (source.kind === 'demo') return <Tag>Dữ liệu mẫu</Tag>;
  if (source.kind === 'sealed')
    return (
      <span>
        <Tag color="purple">Tệp năm {source.year} đã khóa sổ</Tag> {source.file} · dấu vân tay <Typography.Text code>{source.fingerprint.slice(0, 12)}…</Typography.Text> · chỉ tiêu {source.indicator}:{' '}
        {source.parts.map((p) => `${p.name || p.code} (${p.code}) ${valueText(p.value)}`).join(' + ')}
        {source.entered !== null && (
          <Tag color="orange" style={{ marginLeft: 6 }}>
            Số nhập trong năm này: {valueText(source.entered)} (không dùng)
          </Tag>
        )}
      </span>
    );
  return <Tag color="green">Nhập tay</Tag>;
}

export function ProvenanceDrawer({ year, target, onClose }: { year: number; target: ProvenanceTarget; onClose(): void }) {
  const [rows, setRows] = useState<ProvenanceEntry[] | null>(null);
  const [history, setHistory] = useState<FigureHistoryDto[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    call(rpc.imports.provenance, { year, code: target.code, figureYear: target.figureYear, unitId: target.unitId }).then(setRows, (e: unknown) =>
      setError(errorText(e)),
    );
    if (target.unitId !== undefined && target.figureYear !== undefined)
      call(rpc.figures.history, { year, unitId: target.unitId, code: target.code, figureYear: target.figureYear }).then(setHistory, () => undefined);
  }, [year, target]);

  const scope = `${target.unitName ?? 'Tất cả đơn vị'}${target.figureYear ? ` · năm ${target.figureYear}` : ''}`;
  return (
    <Drawer open width={760} title={`Nguồn số liệu: ${target.label}`} onClose={onClose}>
      <Typography.Paragraph type="secondary">{scope}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} />}
      {!rows && !error && <Spin />}
      {rows && (
        <Table<ProvenanceEntry>
          size="small"
          aria-label="Nguồn số liệu"
          rowKey={(r) => `${r.unitId}|${r.year}`}
          dataSource={rows}
          pagination={rows.length > 40 ? { pageSize: 40 } : false}
          locale={{ emptyText: 'Chưa có số liệu nào cho chỉ tiêu này.' }}
          columns={[
            { title: 'Đơn vị', dataIndex: 'unitName' },
            { title: 'Năm', width: 70, render: (_, r) => (r.year ? r.year : 'Cả kỳ') },
            { title: 'Số liệu', width: 90, align: 'right', render: (_, r) => valueText(r.value) },
            { title: 'Nguồn', render: (_, r) => <SourceText source={r.source} /> },
            { title: 'Thời gian', width: 170, render: (_, r) => `${formatDateTime(r.importedAt ?? r.updatedAt)} · ${r.importedBy ?? r.updatedBy}` },
          ]}
        />
      )}
      {history && history.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            Lịch sử ô này
          </Typography.Title>
          <Table<FigureHistoryDto>
            size="small"
            aria-label="Lịch sử thay đổi"
            rowKey={(_, i) => String(i)}
            dataSource={[...history].reverse()}
            pagination={false}
            columns={[
              { title: 'Thời gian', width: 170, render: (_, h) => formatDateTime(h.changedAt) },
              { title: 'Cũ → mới', width: 160, render: (_, h) => `${valueText(h.oldValue)} → ${valueText(h.newValue)}` },
              { title: 'Nguồn', render: (_, h) => <SourceText source={h.source} /> },
              { title: 'Người thực hiện', dataIndex: 'changedBy', width: 130 },
            ]}
          />
        </>
      )}
    </Drawer>
  );
}
