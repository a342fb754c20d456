/**
 * Batch import of unit returns: pick or drop files or a folder, see the dry run per file (unit, status, counts,
 * problems with sheet!cell, diff), confirm own layouts, then import the chosen files. Files go to the app in small
 * calls so the progress bar moves and the window never freezes.
 */
import { useMemo, useRef, useState } from 'react';
import { Alert, App, Button, Card, Flex, Progress, Space, Table, Tag, Typography } from 'antd';
import { FolderOpenOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import type { UnitDto } from '../../../../shared/domain/records';
import type { Template } from '../../../../shared/domain/template';
import type { CommitChoice, CommitResult, FileCheck } from '../../../../shared/rpc/imports';
import { explicitlyChosen, inboxSkipReason, planBatch, skippedCheck } from '../../../../shared/domain/import-batch';
import { rpc } from '../../../../shared/rpc';
import { call } from '../../lib/rpc';
import { followJob } from '../../lib/jobs';
import { errorText, fileToBase64 } from '../../lib/text';
import { sizeText } from '../../lib/download';
import { chunks, droppedFiles } from './pick-files';
import { CheckDetails } from './CheckDetails';
import { DecisionModal } from './DecisionModal';
import { MappingModal } from './MappingModal';

const STATUS: Record<FileCheck['status'], { color: string; text: string }> = {
  ready: { color: 'green', text: 'Nhập được' },
  unchanged: { color: 'default', text: 'Đã nhập, không có gì mới' },
  older: { color: 'default', text: 'Bản cũ hơn — bỏ qua' },
  'needs-decision': { color: 'orange', text: 'Cần xác nhận' },
  'needs-mapping': { color: 'blue', text: 'Cần xác nhận cách ghép' },
  refused: { color: 'red', text: 'Bị từ chối' },
  skipped: { color: 'default', text: 'Không đọc' },
};

/** What a file changes, in the clerk's words. */
function changeText(c: FileCheck): string {
  if (c.status === 'refused' || c.status === 'needs-mapping' || c.status === 'skipped' || (c.status === 'needs-decision' && !c.unit)) return '';
  if (c.status === 'unchanged') return 'không đổi';
  if (!c.replaces && !c.diff.length && !c.listChanges.length && !c.noteChanges.length) return 'báo cáo đầu tiên';
  const parts = [`${c.diff.length} số liệu`];
  if (c.listChanges.length) parts.push(`${c.listChanges.length} danh sách`);
  if (c.noteChanges.length) parts.push(`${c.noteChanges.length} thuyết minh`);
  return parts.join(', ');
}

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
  /** Checks as the app made them, one file at a time; `checks` applies the batch rules over all of them. */
  const [raw, setRaw] = useState<FileCheck[]>([]);
  /** The clerk's explicit answers, by file id (decisions accepted, unit chosen). */
  const [choices, setChoices] = useState<Map<string, CommitChoice>>(new Map());
  const [selected, setSelected] = useState<string[]>([]);
  const [deciding, setDeciding] = useState<FileCheck | null>(null);
  const chosenIds = useMemo(() => explicitlyChosen(choices.values()), [choices]);
  const checks = useMemo(() => planBatch(raw, chosenIds), [raw, chosenIds]);
  const [progress, setProgress] = useState<{ done: number; total: number; what: string } | null>(null);
  const [results, setResults] = useState<CommitResult[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [mapping, setMapping] = useState<FileCheck | null>(null);
  const [dragging, setDragging] = useState(false);

  async function check(files: File[]) {
    if (!files.length) return setError('Không có tệp nào trong những gì vừa chọn.');
    setError(null);
    setResults(null);
    setChoices(new Map());
    const total = files.length;
    const modified = (f: File) => (f.lastModified ? new Date(f.lastModified).toISOString() : undefined);
    // Every file picked appears in the table: those that are not returns (lock files, PDFs…) with the reason.
    const slots: (FileCheck | File)[] = files.map((f, i) => {
      const why = inboxSkipReason(f.name, f.size);
      return why ? skippedCheck(f.name, f.size, why, i, modified(f)) : f;
    });
    const toRead = slots.filter((x): x is File => x instanceof File);
    const found: FileCheck[] = [];
    setProgress({ done: total - toRead.length, total, what: 'Đang đọc và kiểm tra' });
    try {
      for (const part of chunks(toRead)) {
        const payload = await Promise.all(part.map(async (f) => ({ name: f.name, base64: await fileToBase64(f), modifiedAt: modified(f) })));
        found.push(...(await call(rpc.imports.check, { year, files: payload })));
        setProgress({ done: total - toRead.length + found.length, total, what: 'Đang đọc và kiểm tra' });
      }
    } catch (e) {
      setError(`Chưa kiểm tra xong: ${errorText(e)}`);
    } finally {
      setProgress(null);
    }
    let k = 0;
    const all = slots.flatMap((x) => (x instanceof File ? (k < found.length ? [found[k++]] : []) : [x]));
    setRaw(all);
    setSelected(planBatch(all).filter((c) => c.status === 'ready').map((c) => c.id));
    onChecked(all);
    requestAnimationFrame(() => document.getElementById('ket-qua-kiem-tra')?.scrollIntoView({ behavior: 'smooth', block: 'start' }));
  }

  /** The clerk answered a file's questions: check it again with the answers, and select it when nothing is left. */
  async function decided(c: FileCheck, choice: CommitChoice) {
    try {
      const again = await call(rpc.imports.recheck, { year, choice });
      setRaw(raw.map((x) => (x.id === c.id ? again : x)));
      const next = new Map(choices).set(c.id, choice);
      setChoices(next);
      const plan = planBatch(
        raw.map((x) => (x.id === c.id ? again : x)),
        explicitlyChosen(next.values()),
      );
      const mine = plan.find((x) => x.id === c.id)!;
      // One return per unit: choosing this one leaves the unit's other files out.
      const others = new Set(plan.filter((x) => x.unit && x.unit.id === mine.unit?.id && x.id !== c.id).map((x) => x.id));
      setSelected([...selected.filter((id) => !others.has(id) && id !== c.id), ...(mine.status === 'ready' ? [c.id] : [])]);
      if (mine.status !== 'ready') setDeciding(mine);
    } catch (e) {
      setError(`Chưa kiểm tra lại được “${c.fileName}”: ${errorText(e)}`);
    }
  }

  async function commit() {
    const ids = checks.filter((c) => selected.includes(c.id) && c.status === 'ready').map((c) => c.id);
    if (!ids.length) return;
    setProgress({ done: 0, total: ids.length, what: 'Đang nhập' });
    const done: CommitResult[] = [];
    try {
      // The year is backed up before a batch changes its figures (Lưu trữ lists it; automatic ones keep the newest few).
      await call(rpc.archive.backup, { year, auto: true, reason: `trước khi nhập ${ids.length} tệp báo cáo đơn vị` });
      // One job stores the files one by one (free space checked first); the host answers other calls meanwhile.
      const { id } = await call(rpc.jobs.import, { year, ids, choices: ids.flatMap((i) => (choices.has(i) ? [choices.get(i)!] : [])) });
      const job = await followJob(id, (j) => setProgress({ done: j.done, total: ids.length, what: 'Đang nhập' }));
      done.push(...(job.import ?? []));
    } catch (e) {
      setError(`Dừng giữa chừng: ${errorText(e)}. Các tệp đã nhập xong vẫn được giữ.`);
    } finally {
      setProgress(null);
    }
    setResults(done);
    const imported = done.filter((r) => r.status === 'imported').length;
    if (imported) message.success(`Đã nhập ${imported} tệp.`);
    setRaw(raw.filter((c) => !done.some((r) => r.id === c.id && r.status !== 'refused')));
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
        <Typography.Paragraph style={{ margin: '8px 0' }}>Kéo thả các tệp Excel (.xlsx, .ods) hoặc cả thư mục báo cáo của đơn vị vào đây, hoặc</Typography.Paragraph>
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
            const files = [...(e.target.files ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'vi'));
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
        <div id="ket-qua-kiem-tra" tabIndex={-1}>
          <Flex justify="space-between" align="center" style={{ margin: '16px 0 8px' }} wrap gap={8}>
            <Typography.Text>
              Đã kiểm tra {checks.length} tệp: {ready.length} nhập được
              {[
                ['refused', 'bị từ chối'],
                ['needs-decision', 'cần xác nhận'],
                ['needs-mapping', 'cần ghép dòng'],
                ['older', 'bản cũ hơn (bỏ qua)'],
                ['unchanged', 'không có gì mới'],
                ['skipped', 'không phải báo cáo (không đọc)'],
              ]
                .map(([st, label]) => [checks.filter((c) => c.status === st).length, label] as const)
                .filter(([n]) => n > 0)
                .map(([n, label]) => `, ${n} ${label}`)
                .join('')}
              .
            </Typography.Text>
            <Space>
              <Button onClick={() => (setRaw([]), setSelected([]), setChoices(new Map()))}>Bỏ danh sách</Button>
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
              rowExpandable: (c) => c.status !== 'skipped' || c.problems.length > 0,
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
              {
                title: 'Trạng thái',
                width: 190,
                render: (_, c) => (
                  <Tag color={STATUS[c.status].color} title={c.status === 'skipped' ? c.problems[0]?.message : undefined}>
                    {STATUS[c.status].text}
                  </Tag>
                ),
              },
              { title: 'Số liệu', width: 80, align: 'right', render: (_, c) => (c.status === 'skipped' || c.status === 'needs-mapping' ? '' : c.counts.figures) },
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
              { title: 'Thay đổi', width: 150, render: (_, c) => changeText(c) },
              {
                title: '',
                width: 140,
                render: (_, c) =>
                  c.proposal && c.status !== 'refused' ? (
                    <Button size="small" onClick={() => setMapping(c)}>
                      {c.status === 'needs-mapping' ? 'Ghép dòng…' : 'Sửa cách ghép…'}
                    </Button>
                  ) : c.status === 'needs-decision' || c.status === 'older' ? (
                    <Button size="small" onClick={() => setDeciding(c)}>
                      {c.status === 'older' ? 'Vẫn nhập bản này…' : 'Xác nhận…'}
                    </Button>
                  ) : null,
              },
            ]}
          />
        </div>
      )}
      {deciding && (
        <DecisionModal
          check={deciding}
          units={units}
          choice={choices.get(deciding.id)}
          onClose={() => setDeciding(null)}
          onDecided={(choice) => {
            const c = deciding;
            setDeciding(null);
            void decided(c, choice);
          }}
        />
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
            setRaw(raw.map((x) => (x.id === c.id ? c : x)));
            if (c.status === 'ready') setSelected([...selected, c.id]);
            setMapping(null);
          }}
        />
      )}
    </Card>
  );
}
