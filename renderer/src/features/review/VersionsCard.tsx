import { useState } from 'react';
import { App, Button, Card, Empty, Select, Space, Table, Typography } from 'antd';
import { rpc } from '../../../../shared/rpc';
import type { DiffDto, ReviewStatusDto, VersionDto } from '../../../../shared/rpc/review';
import { formatDateTime } from '../../../../shared/format/date';
import { followJob } from '../../lib/jobs';
import { call } from '../../lib/rpc';
import { errorText } from '../../lib/text';
import { downloadBase64, sizeText } from '../../lib/download';
import './review.css';

const versionLabel = (v: VersionDto) => (v.kind === 'final' ? 'Bản phát hành' : `Dự thảo lần ${v.number}`);

/** Versions with their files (download, open, PDF) and the comparison of any two: text word by word, figures old → new. */
export function VersionsCard({ year, status, desktop }: { year: number; status: ReviewStatusDto; desktop: boolean }) {
  const { message } = App.useApp();
  const versions = status.versions;
  // The last two versions unless the user picks others.
  const [pickedFrom, setFrom] = useState<number | undefined>();
  const [pickedTo, setTo] = useState<number | undefined>();
  const from = pickedFrom ?? versions.at(-2)?.number;
  const to = pickedTo ?? versions.at(-1)?.number;
  const [diff, setDiff] = useState<DiffDto | null>(null);
  const [pdfBusy, setPdfBusy] = useState<string | null>(null);
  const [pdfStage, setPdfStage] = useState<string | null>(null);

  async function take(name: string) {
    try {
      if (desktop) await call(rpc.report.open, { year, name });
      else downloadBase64(name, (await call(rpc.report.readFile, { year, name })).base64);
    } catch (e) {
      message.error(errorText(e));
    }
  }
  async function pdf(name: string) {
    setPdfBusy(name);
    try {
      // A job: LibreOffice works in its own process while the page says so.
      const { id } = await call(rpc.jobs.pdf, { year, name });
      const f = (await followJob(id, (j) => setPdfStage(j.stage))).pdf!;
      message.success(`Đã tạo ${f.name}.`);
      await take(f.name);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setPdfBusy(null);
      setPdfStage(null);
    }
  }
  async function compare() {
    if (from === undefined || to === undefined) return;
    try {
      setDiff(await call(rpc.review.diff, { year, from, to }));
    } catch (e) {
      message.error(errorText(e));
    }
  }

  if (versions.length === 0)
    return (
      <Card className="no-print" title="Các phiên bản" style={{ marginBottom: 24 }}>
        <Empty description="Chưa trình lãnh đạo lần nào. Mỗi lần trình lưu một dự thảo riêng (Bao-cao-năm-du-thao-n.docx)." />
      </Card>
    );
  const options = versions.map((v) => ({ value: v.number, label: versionLabel(v) }));
  return (
    <Card className="no-print" title="Các phiên bản" style={{ marginBottom: 24 }}>
      <Table<VersionDto>
        size="small"
        rowKey="number"
        pagination={false}
        dataSource={versions}
        aria-label="Các phiên bản"
        columns={[
          { title: 'Phiên bản', render: (_, v) => versionLabel(v), width: 140 },
          { title: 'Lúc', render: (_, v) => formatDateTime(v.createdAt), width: 170 },
          { title: 'Người lập', dataIndex: 'createdBy', width: 220 },
          {
            title: 'Tệp',
            render: (_, v) => (
              <Space direction="vertical" size={2}>
                {v.files.map((f) => (
                  <Space key={f.name} size={6} wrap>
                    <span title={`SHA-256 ${f.sha256}`}>{f.name}</span>
                    <Typography.Text type="secondary">{sizeText(f.size)}</Typography.Text>
                    <Button size="small" onClick={() => void take(f.name)}>
                      {desktop ? 'Mở' : 'Tải về'}
                    </Button>
                    {f.name.endsWith('.docx') && (
                      <Button size="small" loading={pdfBusy === f.name} onClick={() => void pdf(f.name)}>
                        PDF
                      </Button>
                    )}
                    {pdfBusy === f.name && pdfStage && (
                      <Typography.Text role="status" type="secondary">
                        {pdfStage}
                      </Typography.Text>
                    )}
                  </Space>
                ))}
              </Space>
            ),
          },
        ]}
      />
      {versions.length > 1 && (
        <Space style={{ marginTop: 16 }} wrap>
          <span>So sánh</span>
          <Select aria-label="Phiên bản cũ" style={{ width: 170 }} options={options} value={from} onChange={setFrom} placeholder="phiên bản cũ" />
          <span>với</span>
          <Select aria-label="Phiên bản mới" style={{ width: 170 }} options={options} value={to} onChange={setTo} placeholder="phiên bản mới" />
          <Button onClick={() => void compare()} disabled={from === undefined || to === undefined}>
            So sánh
          </Button>
        </Space>
      )}
      {diff && <DiffView diff={diff} />}
    </Card>
  );
}

function DiffView({ diff }: { diff: DiffDto }) {
  const changed = diff.sections.filter((s) => s.changed);
  return (
    <div style={{ marginTop: 16 }} aria-label="Kết quả so sánh">
      <Typography.Title level={5}>
        Lời văn thay đổi giữa phiên bản {diff.from} và {diff.to}
      </Typography.Title>
      {changed.length === 0 && <Typography.Paragraph>Lời văn không thay đổi.</Typography.Paragraph>}
      {changed.map((s) => (
        <div key={s.sectionId} className="review-diff">
          <b>{s.title}</b>
          <p>
            {s.parts.map((p, i) =>
              p.op === 'added' ? (
                <ins key={i}>{p.text}</ins>
              ) : p.op === 'removed' ? (
                <del key={i}>{p.text}</del>
              ) : (
                <span key={i}>{p.text}</span>
              ),
            )}
          </p>
        </div>
      ))}
      <Typography.Title level={5}>Số liệu thay đổi</Typography.Title>
      {diff.figures.length === 0 ? (
        <Typography.Paragraph>Số liệu không thay đổi.</Typography.Paragraph>
      ) : (
        <Table
          size="small"
          rowKey="code"
          pagination={false}
          dataSource={diff.figures}
          aria-label="Số liệu thay đổi"
          columns={[
            { title: 'Chỉ tiêu', render: (_, f) => `${f.label}${f.unit ? ` (${f.unit})` : ''}` },
            { title: 'Cũ', render: (_, f) => <del>{f.from ?? '—'}</del>, width: 160, align: 'right' },
            { title: 'Mới', render: (_, f) => <ins>{f.to ?? '—'}</ins>, width: 160, align: 'right' },
          ]}
        />
      )}
    </div>
  );
}
