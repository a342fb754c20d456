/**
 * Batch import of unit returns: pick or drop files or a folder, see the dry run per file (unit, status, counts,
 * problems with sheet!cell, diff), confirm own layouts, then import the chosen files. Files go to the app in small
 * calls so the progress bar moves and the window never freezes.
 */
import { useRef, useState } from 'react';
import { Alert, App, Button, Card, Flex, Progress, Space, Table, Tag, Typography } from 'antd';
import { FolderOpenOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import type { UnitDto } from '../../../../shared/domain/records';
import type { Template } from '../../../../shared/domain/template';
import type { CommitResult, FileCheck } from '../../../../shared/rpc/imports';
import { rpc } from '../../../../shared/rpc';
import { call } from '../../lib/rpc';
import { errorText, fileToBase64 } from '../../lib/text';
import { sizeText } from '../../lib/download';
import { chunks, droppedFiles, excelFilesOf } from './pick-files';
import { CheckDetails } from './CheckDetails';
import { MappingModal } from './MappingModal';

const STATUS: Record<FileCheck['status'], { color: string; text: string }> = {
  ready: { color: 'green', text: 'Nhập được' },
  unchanged: { color: 'default', text: 'Đã nhập, không có gì mới' },
  'needs-mapping': { color: 'blue', text: 'Cần xác nhận cách ghép' },
  refused: { color: 'red', text: 'Bị từ chối' },
};

interface Props {
  year: number;
  template: Template;
  units: UnitDto[];
  period: { fromYear: number; toYear: number };
  onImported(): void;
  /** Told of every file checked, so the completeness table can show returns that were sent but refused. */
  onChecked(checks: FileCheck[]): void;
}

export function ImportCard({ year, template, units, period, onImported, onChecked }: Props) {
  const { message } = App.useApp();
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const [checks, setChecks] = useState<FileCheck[]>([]);
  const [selected, setSelected] = useState<string[]>([]);
  const [progress, setProgress] = useState<{ done: number; total: number; what: string } | null>(null);
  const [results, setResults] = useState<CommitResult[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [mapping, setMapping] = useState<FileCheck | null>(null);
  const [dragging, setDragging] = useState(false);

  async function check(files: File[]) {
    if (!files.length) return setError('Không có tệp Excel nào trong những gì vừa chọn.');
    setError(null);
    setResults(null);
    const total = files.length;
    const found: FileCheck[] = [];
    setProgress({ done: 0, total, what: 'Đang đọc và kiểm tra' });
    try {
      for (const part of chunks(files)) {
        const payload = await Promise.all(part.map(async (f) => ({ name: f.name, base64: await fileToBase64(f) })));
        found.push(...(await call(rpc.imports.check, { year, files: payload })));
        setProgress({ done: found.length, total, what: 'Đang đọc và kiểm tra' });
      }
      setChecks(found);
      setSelected(found.filter((c) => c.status === 'ready').map((c) => c.id));
      onChecked(found);
    } catch (e) {
      setError(`Chưa kiểm tra xong: ${errorText(e)}`);
      setChecks(found);
    } finally {
      setProgress(null);
    }
  }

  async function commit() {
    const ids = checks.filter((c) => selected.includes(c.id) && c.status === 'ready').map((c) => c.id);
    if (!ids.length) return;
    setProgress({ done: 0, total: ids.length, what: 'Đang nhập' });
    const done: CommitResult[] = [];
    try {
      for (const part of chunks(ids.map((id) => ({ id, size: 1 })), 5)) {
        done.push(...(await call(rpc.imports.commit, { year, ids: part.map((p) => p.id) })));
        setProgress({ done: done.length, total: ids.length, what: 'Đang nhập' });
      }
    } catch (e) {
      setError(`Dừng giữa chừng: ${errorText(e)}. Các tệp đã nhập xong vẫn được giữ.`);
    } finally {
      setProgress(null);
    }
    setResults(done);
    const imported = done.filter((r) => r.status === 'imported').length;
    if (imported) message.success(`Đã nhập ${imported} tệp.`);
    setChecks(checks.filter((c) => !done.some((r) => r.id === c.id && r.status !== 'refused')));
    setSelected([]);
    onImported();
  }

  const ready = checks.filter((c) => c.status === 'ready');
  const chosen = ready.filter((c) => selected.includes(c.id));
  return (
    <Card title="Nhập báo cáo Excel của đơn vị" style={{ marginBottom: 24 }}>
      <div
        className={`drop-zone${dragging ? ' drop-zone-active' : ''}`}
        role="region"
        aria-label="Kéo thả tệp hoặc thư mục vào đây"
        onDragOver={(e) => (e.preventDefault(), setDragging(true))}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          void droppedFiles(e.dataTransfer).then(check);
        }}
      >
        <InboxOutlined style={{ fontSize: 36, color: '#1f5fa8' }} />
        <Typography.Paragraph style={{ margin: '8px 0' }}>Kéo thả các tệp .xlsx hoặc cả thư mục báo cáo của đơn vị vào đây, hoặc</Typography.Paragraph>
        <Space>
          <Button icon={<UploadOutlined />} onClick={() => fileInput.current?.click()} disabled={!!progress}>
            Chọn tệp…
          </Button>
          <Button icon={<FolderOpenOutlined />} onClick={() => folderInput.current?.click()} disabled={!!progress}>
            Chọn thư mục…
          </Button>
        </Space>
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          Bước này chỉ kiểm tra, chưa lưu gì. Mỗi tệp được lưu trọn vẹn hoặc không lưu gì; tệp gốc được giữ lại trong dữ liệu năm.
        </Typography.Paragraph>
        <input
          ref={fileInput}
          type="file"
          multiple
          aria-label="Tệp báo cáo của đơn vị"
          style={{ display: 'none' }}
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            void check(files);
          }}
        />
        <input
          ref={(el) => {
            folderInput.current = el;
            el?.setAttribute('webkitdirectory', '');
          }}
          type="file"
          multiple
          aria-label="Thư mục báo cáo của đơn vị"
          style={{ display: 'none' }}
          onChange={(e) => {
            const files = excelFilesOf(e.target.files ?? []);
            e.target.value = '';
            void check(files);
          }}
        />
      </div>

      {progress && (
        <div style={{ marginTop: 16 }} aria-live="polite">
          <Typography.Text>
            {progress.what}: {progress.done}/{progress.total} tệp
          </Typography.Text>
          <Progress percent={Math.round((progress.done / progress.total) * 100)} aria-label="Tiến độ" />
        </div>
      )}
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 16 }} closable={{ onClose: () => setError(null) }} />}
      {results && results.length > 0 && (
        <Alert
          style={{ marginTop: 16 }}
          type={results.some((r) => r.status === 'refused') ? 'warning' : 'success'}
          showIcon
          title={`Kết quả nhập: ${results.filter((r) => r.status === 'imported').length} tệp đã nhập, ${results.filter((r) => r.status === 'refused').length} tệp không nhập.`}
          description={
            <ul style={{ margin: 0, paddingLeft: 20 }}>
              {results.map((r) => (
                <li key={r.id}>
                  {r.fileName}: {r.message}
                </li>
              ))}
            </ul>
          }
          closable={{ onClose: () => setResults(null) }}
        />
      )}

      {checks.length > 0 && (
        <>
          <Flex justify="space-between" align="center" style={{ margin: '16px 0 8px' }} wrap gap={8}>
            <Typography.Text>
              Đã kiểm tra {checks.length} tệp: {ready.length} nhập được, {checks.filter((c) => c.status === 'refused').length} bị từ chối,{' '}
              {checks.filter((c) => c.status === 'needs-mapping').length} cần xác nhận, {checks.filter((c) => c.status === 'unchanged').length} không có gì mới.
            </Typography.Text>
            <Space>
              <Button onClick={() => (setChecks([]), setSelected([]))}>Bỏ danh sách</Button>
              <Button type="primary" onClick={() => void commit()} disabled={!chosen.length || !!progress}>
                Nhập {chosen.length} tệp đã chọn
              </Button>
            </Space>
          </Flex>
          <Table<FileCheck>
            size="small"
            aria-label="Kết quả kiểm tra tệp"
            rowKey="id"
            dataSource={checks}
            pagination={checks.length > 50 ? { pageSize: 50 } : false}
            rowSelection={{
              selectedRowKeys: selected,
              onChange: (keys) => setSelected(keys as string[]),
              getCheckboxProps: (c) => ({ disabled: c.status !== 'ready', 'aria-label': `Chọn ${c.fileName}` }),
            }}
            expandable={{
              expandedRowRender: (c) => <CheckDetails check={c} />,
              rowExpandable: (c) => c.problems.length > 0 || c.diff.length > 0 || !!c.replaces,
            }}
            columns={[
              { title: 'Tệp', dataIndex: 'fileName', render: (n: string, c) => <span title={`${sizeText(c.size)}`}>{n}</span> },
              {
                title: 'Đơn vị',
                render: (_, c) =>
                  c.unit ? (
                    <>
                      {c.unit.name}
                      {c.layout === 'own' && <Tag style={{ marginLeft: 6 }}>bố cục riêng</Tag>}
                    </>
                  ) : (
                    <Typography.Text type="secondary">chưa xác định</Typography.Text>
                  ),
              },
              { title: 'Trạng thái', width: 190, render: (_, c) => <Tag color={STATUS[c.status].color}>{STATUS[c.status].text}</Tag> },
              { title: 'Số liệu', width: 80, align: 'right', render: (_, c) => c.counts.figures },
              {
                title: 'Lỗi / lưu ý',
                width: 110,
                render: (_, c) => {
                  const e = c.problems.filter((p) => p.severity === 'error').length;
                  const w = c.problems.length - e;
                  return (
                    <>
                      {e > 0 && <Tag color="red">{e} lỗi</Tag>}
                      {w > 0 && <Tag color="gold">{w} lưu ý</Tag>}
                    </>
                  );
                },
              },
              {
                title: 'Thay đổi',
                width: 120,
                render: (_, c) =>
                  c.status === 'refused' || c.status === 'needs-mapping' ? '' : c.replaces || c.diff.length ? `${c.diff.length} ô` : 'báo cáo đầu tiên',
              },
              {
                title: '',
                width: 130,
                render: (_, c) =>
                  c.proposal && c.status !== 'refused' ? (
                    <Button size="small" onClick={() => setMapping(c)}>
                      {c.status === 'needs-mapping' ? 'Ghép dòng…' : 'Sửa cách ghép…'}
                    </Button>
                  ) : null,
              },
            ]}
          />
        </>
      )}
      {mapping && (
        <MappingModal
          year={year}
          check={mapping}
          template={template}
          units={units}
          period={period}
          onClose={() => setMapping(null)}
          onConfirmed={(c) => {
            setChecks(checks.map((x) => (x.id === c.id ? c : x)));
            if (c.status === 'ready') setSelected([...selected, c.id]);
            setMapping(null);
          }}
        />
      )}
    </Card>
  );
}
