/**
 * "So sánh các năm": pick any indicator (searchable by code or name, grouped by section) and see it across every
 * year file of the workspace — the office total as a bar chart and a table, each unit on demand, the change from
 * the year before, "—" where a year has no value. Years whose file does not open are named above the table.
 */
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Flex, Select, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import { FileExcelOutlined, LockOutlined } from '@ant-design/icons';
import { rpc } from '../../../../shared/rpc';
import { isNumericKind } from '../../../../shared/domain/indicator-kinds';
import type { CompareIndicatorDto, CompareRowDto, CompareTableDto, SkippedYearDto } from '../../../../shared/rpc/compare';
import { call } from '../../lib/rpc';
import { errorText, matches } from '../../lib/text';
import { downloadBase64 } from '../../lib/download';
import { CompareChart } from './CompareChart';

const LAST = 'tonghop-so-sanh-chi-tieu';

function Skipped({ skipped }: { skipped: SkippedYearDto[] }) {
  if (!skipped.length) return null;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 12 }}
      title={`Không đọc được ${skipped.length === 1 ? 'một năm' : `${skipped.length} năm`}: ${skipped.map((s) => s.year).join(', ')} — các năm khác vẫn được so sánh`}
      description={
        <ul style={{ margin: 0, paddingLeft: 18 }}>
          {skipped.map((s) => (
            <li key={s.year}>{s.problem}</li>
          ))}
        </ul>
      }
    />
  );
}

function Cell({ row, i }: { row: CompareRowDto; i: number }) {
  const change = row.changes[i];
  return (
    <div style={{ textAlign: 'right', lineHeight: 1.3 }}>
      <div style={{ color: row.values[i] === null ? '#8c8c8c' : undefined }}>{row.shown[i]}</div>
      {change && (
        <div style={{ fontSize: 12, color: change.startsWith('+') ? '#237804' : change.startsWith('-') ? '#a8071a' : '#595959' }} aria-label={`so với năm trước ${change}`}>
          {change}
        </div>
      )}
    </div>
  );
}

export function CompareView({ year }: { year: number }) {
  const [indicators, setIndicators] = useState<CompareIndicatorDto[] | null>(null);
  const [skipped, setSkipped] = useState<SkippedYearDto[]>([]);
  const [code, setCode] = useState<string | null>(null);
  const [byUnit, setByUnit] = useState(false);
  const [table, setTable] = useState<CompareTableDto | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    call(rpc.compare.indicators, {}).then(
      (r) => {
        setIndicators(r.indicators);
        setSkipped(r.skipped);
        const last = localStorage.getItem(LAST);
        const numeric = r.indicators.filter((i) => isNumericKind(i.kind));
        const pick = r.indicators.find((i) => i.code === last) ?? [...numeric].sort((a, b) => b.years.length - a.years.length)[0] ?? r.indicators[0];
        setCode(pick?.code ?? null);
      },
      (e) => setError(errorText(e)),
    );
  }, [year]);

  useEffect(() => {
    if (!code) return;
    let live = true;
    setLoading(true);
    call(rpc.compare.table, { code, byUnit }).then(
      (t) => live && (setTable(t), setError(null), setLoading(false)),
      (e) => live && (setError(errorText(e)), setLoading(false)),
    );
    return () => {
      live = false;
    };
  }, [code, byUnit]);

  const options = useMemo(() => {
    const groups = new Map<string, CompareIndicatorDto[]>();
    for (const i of indicators ?? []) groups.set(i.section, [...(groups.get(i.section) ?? []), i]);
    return [...groups].map(([section, list]) => ({
      label: section || 'Khác',
      title: section,
      options: list.map((i) => ({ value: i.code, label: `${i.label} (${i.code})`, search: `${i.code} ${i.label}` })),
    }));
  }, [indicators]);

  const choose = (c: string) => {
    localStorage.setItem(LAST, c);
    setCode(c);
  };

  async function exportXlsx() {
    if (!code) return;
    try {
      const x = await call(rpc.compare.export, { code, byUnit });
      downloadBase64(x.name, x.base64);
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <Card>
      <Flex gap={12} wrap align="center" style={{ marginBottom: 12 }}>
        <Select
          showSearch={{ filterOption: (input, o) => matches(input, (o as { search?: string })?.search) }}
          aria-label="Chọn chỉ tiêu để so sánh"
          placeholder="Gõ mã hoặc tên chỉ tiêu"
          style={{ width: 560, maxWidth: '100%' }}
          loading={!indicators}
          value={code ?? undefined}
          options={options}
          onChange={choose}
          notFoundContent="Không có chỉ tiêu nào khớp"
        />
        <Space>
          <Switch checked={byUnit} onChange={setByUnit} aria-label="Xem theo từng đơn vị" />
          <span>Theo từng đơn vị</span>
        </Space>
        <Button icon={<FileExcelOutlined />} onClick={() => void exportXlsx()} disabled={!table} style={{ marginLeft: 'auto' }}>
          Xuất Excel
        </Button>
      </Flex>
      {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error} />}
      <Skipped skipped={table?.skipped ?? skipped} />
      {table && (
        <>
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {table.indicator.label}
            {table.indicator.unit && table.indicator.unit !== '%' ? ` (${table.indicator.unit})` : ''}
          </Typography.Title>
          <Table<CompareRowDto>
            size="small"
            bordered
            loading={loading}
            aria-label="Bảng so sánh các năm"
            rowKey={(r) => r.unitCode ?? 'tong'}
            dataSource={byUnit ? table.units : [table.total]}
            summary={() =>
              byUnit ? (
                // The office total stays in view above the units while they scroll.
                <Table.Summary fixed="top">
                  <Table.Summary.Row style={{ fontWeight: 600, background: '#f5f8fc' }}>
                    <Table.Summary.Cell index={0}>{table.total.name}</Table.Summary.Cell>
                    {table.columns.map((c, i) => (
                      <Table.Summary.Cell key={c.label} index={i + 1}>
                        <Cell row={table.total} i={i} />
                      </Table.Summary.Cell>
                    ))}
                  </Table.Summary.Row>
                </Table.Summary>
              ) : undefined
            }
            pagination={false}
            scroll={{ x: 'max-content', y: byUnit ? 480 : undefined }}
            onRow={(r) => (r.unitCode === null ? { style: { fontWeight: 600, background: '#f5f8fc' } } : {})}
            columns={[
              {
                title: 'Đơn vị',
                fixed: 'left',
                width: 300,
                render: (_, r) => (
                  <div>
                    {r.name}
                    {r.note && (
                      <div style={{ fontSize: 12, color: '#8c8c8c', fontWeight: 400 }}>{r.note}</div>
                    )}
                  </div>
                ),
              },
              ...table.columns.map((c, i) => ({
                key: c.label,
                width: 130,
                align: 'right' as const,
                title: (
                  <Tooltip title={`Từ tệp ${c.file}${c.sealed ? ' (đã khóa sổ)' : ''}`}>
                    <span>
                      Năm {c.label} {c.sealed && <LockOutlined aria-label="đã khóa sổ" style={{ color: '#1f5fa8' }} />}
                    </span>
                  </Tooltip>
                ),
                render: (_: unknown, r: CompareRowDto) => <Cell row={r} i={i} />,
              })),
            ]}
          />
          {isNumericKind(table.indicator.kind) && (
            <div style={{ marginTop: 16 }}>
              <CompareChart table={table} />
              <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 12 }}>
                Biểu đồ: tổng của cả cơ quan theo năm; cột đậm là năm đã khóa sổ.
              </Typography.Paragraph>
            </div>
          )}
          <div style={{ marginTop: 12 }}>
            {table.notes.map((n) => (
              <Typography.Paragraph key={n} type="secondary" style={{ fontSize: 13, marginBottom: 4 }}>
                {n}
              </Typography.Paragraph>
            ))}
            {table.columns.some((c) => c.sealed) && (
              <Tag icon={<LockOutlined />} color="blue">
                năm đã khóa sổ: số liệu đọc từ tệp đã niêm phong
              </Tag>
            )}
          </div>
        </>
      )}
    </Card>
  );
}
