/** Blank Excel forms for every unit, written into the year's forms folder, with one zip to send them all. */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Progress, Space, Typography } from 'antd';
import { FileExcelOutlined } from '@ant-design/icons';
import type { FormsResultDto } from '../../../../shared/rpc/forms';
import type { OutputFileDto } from '../../../../shared/rpc/report';
import { rpc } from '../../../../shared/rpc';
import { call } from '../../lib/rpc';
import { errorText } from '../../lib/text';
import { downloadBase64, sizeText } from '../../lib/download';
import { formatDateTime } from '../../../../shared/format/date';
import type { JobDto } from '../../../../shared/rpc/jobs';
import { followJob, jobPercent } from '../../lib/jobs';

export function FormsCard({ year, desktop, deadline }: { year: number; desktop: boolean; deadline: string | null }) {
  const { message, modal } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [job, setJob] = useState<JobDto | null>(null);
  const [made, setMade] = useState<FormsResultDto | null>(null);
  const [files, setFiles] = useState<OutputFileDto[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    call(rpc.forms.files, { year }).then(setFiles, () => undefined);
  }, [year]);

  /** Forms already made are replaced only once the clerk agrees, told how many and when they were made. */
  function confirmAndGenerate() {
    if (forms.length === 0) return void generate();
    const when = zip ?? forms.reduce((a, b) => (a.modifiedAt > b.modifiedAt ? a : b));
    modal.confirm({
      title: 'Tạo lại biểu mẫu?',
      content: `Đã có ${forms.length} biểu mẫu tạo lúc ${formatDateTime(when.modifiedAt)}. Tạo lại sẽ ghi đè các tệp này (và tệp nén); nếu đã gửi cho đơn vị, các đơn vị vẫn nộp được bằng biểu mẫu cũ.`,
      okText: 'Tạo lại',
      cancelText: 'Không tạo lại',
      onOk: () => void generate(),
    });
  }

  async function generate() {
    setBusy(true);
    setError(null);
    setJob(null);
    try {
      const { id } = await call(rpc.jobs.forms, { year });
      const done = await followJob(id, setJob);
      const r = done.forms!;
      setMade(r);
      setFiles(await call(rpc.forms.files, { year }));
      message.success(`Đã tạo ${r.files.length} biểu mẫu.`);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
      setJob(null);
    }
  }

  async function take(name: string) {
    try {
      const f = await call(rpc.forms.readFile, { year, name });
      downloadBase64(f.name, f.base64);
    } catch (e) {
      message.error(errorText(e));
    }
  }

  const zip = files.find((f) => f.name.endsWith('.zip'));
  const forms = files.filter((f) => f.name.endsWith('.xlsx'));
  return (
    <Card title="Biểu mẫu gửi đơn vị" style={{ marginBottom: 24 }}>
      <Typography.Paragraph type="secondary">
        Mỗi đơn vị nhận một tệp Excel riêng: chỉ các chỉ tiêu, danh sách của loại đơn vị đó, ô cần điền tô màu, nhãn được khóa, có trang hướng dẫn và trang thuyết minh.
        {deadline ? ` Hạn đơn vị gửi lại: ${deadline.split('-').reverse().join('/')}.` : ''}
      </Typography.Paragraph>
      <Space wrap>
        <Button type="primary" icon={<FileExcelOutlined />} loading={busy} onClick={confirmAndGenerate}>
          {forms.length ? 'Tạo lại biểu mẫu cho các đơn vị' : 'Tạo biểu mẫu cho các đơn vị'}
        </Button>
        {zip && !desktop && <Button onClick={() => void take(zip.name)}>Tải tệp nén ({sizeText(zip.size)})</Button>}
        {desktop && forms.length > 0 && (
          <Button onClick={() => call(rpc.forms.openFolder, { year }).catch((e: unknown) => message.error(errorText(e)))}>Mở thư mục biểu mẫu</Button>
        )}
      </Space>
      {job && (
        <div role="status" aria-live="polite" style={{ marginTop: 12, maxWidth: 560 }}>
          <Typography.Text>{job.stage}</Typography.Text>
          <Progress percent={jobPercent(job)} size="small" />
        </div>
      )}
      {forms.length > 0 && (
        <Typography.Paragraph style={{ marginTop: 12, marginBottom: 0 }}>
          Hiện có {forms.length} biểu mẫu{zip ? `, tạo lúc ${formatDateTime(zip.modifiedAt)}` : ''}
          {made?.skipped.length ? `; không tạo cho: ${made.skipped.map((s) => `${s.unitCode} (${s.reason})`).join('; ')}` : ''}.
        </Typography.Paragraph>
      )}
      {error && <Alert type="error" showIcon title={`Chưa tạo được biểu mẫu: ${error}`} style={{ marginTop: 12 }} />}
    </Card>
  );
}
