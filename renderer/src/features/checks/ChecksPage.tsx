/**
 * "Kiểm tra": every finding on the year's report, grouped by severity and section; go to the place, apply a safe
 * fix (recorded in history), dismiss with a reason; and "Kiểm tra văn bản" for a document from outside.
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Collapse, Input, Modal, Space, Spin, Table, Tag, Typography, Upload } from 'antd';
import { CheckOutlined, EnvironmentOutlined, FileSearchOutlined, ReloadOutlined, StopOutlined, UploadOutlined } from '@ant-design/icons';
import type { CheckReportDto, FindingDto } from '../../../../shared/rpc/checks';
import type { OutputOf } from '../../../../shared/rpc/contract';
import { formatDateTime } from '../../../../shared/format/date';
import { rpc } from '../../../../shared/rpc';
import { call } from '../../lib/rpc';
import { errorText, fileToBase64 } from '../../lib/text';
import { FindingList, SEVERITY } from './FindingList';
import { setGoto, setGotoCell } from './goto';
import './checks.css';
import { PageHeader } from '../../components/PageHeader';
import { useYearLocked } from '../review/ReadOnlyWhenLocked';

interface Props {
  year: number;
  /** Called with the new counts after every run, so the menu badge follows. */
  onCounts?: (counts: CheckReportDto['counts']) => void;
}

export function Summary({ report }: { report: CheckReportDto }) {
  const { error, warning, info } = report.counts;
  return (
    <Space className="chk-summary" wrap>
      <Tag color={error ? 'red' : 'green'}>{error} lỗi</Tag>
      <Tag color={warning ? 'orange' : 'default'}>{warning} cảnh báo</Tag>
      <Tag color={info ? 'blue' : 'default'}>{info} lưu ý</Tag>
    </Space>
  );
}

export function ChecksPage({ year, onCounts }: Props) {
  const { message } = App.useApp();
  const [report, setReport] = useState<CheckReportDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [dismissing, setDismissing] = useState<FindingDto | null>(null);
  const [reason, setReason] = useState('');
  const [history, setHistory] = useState<OutputOf<typeof rpc.checks.history>>([]);

  const show = useCallback(
    (r: CheckReportDto) => {
      setReport(r);
      onCounts?.(r.counts);
      call(rpc.checks.history, { year }).then(setHistory, () => undefined);
    },
    [onCounts, year],
  );
  const load = useCallback(async () => {
    try {
      show(await call(rpc.checks.year, { year }));
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  }, [year, show]);
  useEffect(() => {
    void load();
  }, [load]);

  function goTo(f: FindingDto) {
    const l = f.location;
    if (l.kind === 'text') {
      setGoto({ sectionId: l.sectionId, paragraph: l.paragraph, find: f.fix?.before ?? f.excerpt.replace(/^…|…$/g, '') });
      window.location.hash = `#/${year}/so-lieu/loi-van`;
    } else if (l.kind === 'data') {
      if (l.code) setGotoCell(year, l.sectionId, { code: l.code, unitId: l.unitId, year: l.year ?? 0 });
      window.location.hash = `#/${year}/so-lieu/bang-tinh`;
    }
    else if (l.kind === 'appendix') window.location.hash = `#/${year}/bao-cao`;
  }

  async function fix(f: FindingDto) {
    setBusy(f.id);
    try {
      await call(rpc.checks.fix, { year, findingId: f.id });
      message.success(`Đã sửa: “${f.fix?.before}” → “${f.fix?.after}”. Thay đổi được ghi vào lịch sử kiểm tra.`);
      await load();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(null);
    }
  }

  async function dismiss(f: FindingDto, why: string | null) {
    setBusy(f.id);
    try {
      show(await call(rpc.checks.dismiss, { year, findingId: f.id, reason: why }));
      setDismissing(null);
      setReason('');
      message.success(why === null ? 'Đã khôi phục mục kiểm tra.' : 'Đã bỏ qua mục kiểm tra; lý do được lưu lại.');
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(null);
    }
  }

  // A locked year (approved or sealed): the fixes and dismissals are writes, refused by the gate; navigation stays.
  const locked = useYearLocked(year);
  const actions = (f: FindingDto) => (
    <Space wrap size={6}>
      {f.location.kind !== 'document' && (
        <Button size="small" icon={<EnvironmentOutlined />} onClick={() => goTo(f)}>
          Đến chỗ này
        </Button>
      )}
      {f.fix && f.location.kind === 'text' && f.location.paragraph >= 0 && !f.dismissed && (
        <Button size="small" type="primary" ghost icon={<CheckOutlined />} loading={busy === f.id} disabled={locked} onClick={() => void fix(f)}>
          Sửa tự động
        </Button>
      )}
      {f.dismissed ? (
        <Button size="small" onClick={() => void dismiss(f, null)} loading={busy === f.id} disabled={locked}>
          Khôi phục
        </Button>
      ) : (
        <Button size="small" icon={<StopOutlined />} disabled={locked} onClick={() => (setDismissing(f), setReason(''))}>
          Bỏ qua…
        </Button>
      )}
    </Space>
  );

  return (
    <div style={{ maxWidth: 1100 }}>
      <PageHeader title={`Kiểm tra báo cáo năm ${year}`} />
      <Card style={{ marginBottom: 24 }}>
        <Space wrap align="center">
          {report && <Summary report={report} />}
          <Button icon={<ReloadOutlined />} onClick={() => void load()}>
            Kiểm tra lại
          </Button>
          {report && <Typography.Text type="secondary">Kiểm tra số liệu, phép tính trong câu văn, viện dẫn văn bản, thể thức theo Nghị định 30/2020, đề cương và phụ lục ({report.ms.toLocaleString('vi-VN')} ms).</Typography.Text>}
        </Space>
      </Card>
      {error && <Alert type="warning" showIcon title="Chưa kiểm tra được báo cáo" description={error} style={{ marginBottom: 24 }} />}
      {!report && !error && <Spin />}
      {report && <FindingList findings={report.findings} actions={actions} emptyText="Không phát hiện vấn đề nào trong báo cáo." />}
      {history.length > 0 && (
        <Collapse
          style={{ marginTop: 24 }}
          items={[
            {
              key: 'lich-su',
              label: `Lịch sử sửa tự động và bỏ qua (${history.length})`,
              children: (
                <Table
                  size="small"
                  rowKey="id"
                  pagination={false}
                  dataSource={history}
                  columns={[
                    { title: 'Thời gian', width: 170, render: (_, e) => formatDateTime(e.at) },
                    { title: 'Người làm', dataIndex: 'by', width: 150 },
                    { title: 'Việc', width: 110, render: (_, e) => (e.kind === 'fix' ? 'Sửa tự động' : e.kind === 'dismiss' ? 'Bỏ qua' : 'Khôi phục') },
                    {
                      title: 'Nội dung',
                      render: (_, e) => (
                        <div>
                          <div>{e.message}</div>
                          {e.kind === 'fix' && <div className="chk-excerpt">«{e.before}» → «{e.after}»</div>}
                          {e.reason && <div className="chk-reason">Lý do: {e.reason}</div>}
                        </div>
                      ),
                    },
                  ]}
                />
              ),
            },
          ]}
        />
      )}
      <OutsideDocument />
      <Modal
        open={!!dismissing}
        title="Bỏ qua mục kiểm tra"
        okText="Bỏ qua"
        cancelText="Thôi"
        okButtonProps={{ disabled: reason.trim().length < 3, loading: !!dismissing && busy === dismissing.id }}
        onOk={() => dismissing && void dismiss(dismissing, reason)}
        onCancel={() => setDismissing(null)}
      >
        {dismissing && (
          <>
            <Typography.Paragraph>
              <Tag color={SEVERITY[dismissing.severity].color}>{SEVERITY[dismissing.severity].label}</Tag>
              {dismissing.message}
            </Typography.Paragraph>
            <Input.TextArea aria-label="Lý do bỏ qua" placeholder="Lý do (ví dụ: đề cương của Sở yêu cầu giữ nguyên tên mục)" value={reason} onChange={(e) => setReason(e.target.value)} rows={3} maxLength={500} />
          </>
        )}
      </Modal>
    </div>
  );
}

/** "Kiểm tra văn bản": a .docx or .txt from outside, or pasted text, checked without data. */
function OutsideDocument() {
  const [text, setText] = useState('');
  const [result, setResult] = useState<{ what: string; report: CheckReportDto } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(input: { name: string; base64: string } | { text: string }, what: string) {
    setBusy(true);
    try {
      setResult({ what, report: await call(rpc.checks.document, input) });
      setError(null);
    } catch (e) {
      setError(errorText(e));
      setResult(null);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card
      style={{ marginTop: 32 }}
      title={
        <span>
          <FileSearchOutlined /> Kiểm tra văn bản
        </span>
      }
    >
      <Typography.Paragraph type="secondary">
        Kiểm tra một văn bản từ bên ngoài — báo cáo của đơn vị, báo cáo năm trước, bản thảo soạn bằng Word — bằng mọi phép kiểm tra không cần số liệu: phép tính trong câu văn, viện dẫn văn bản, thể thức.
      </Typography.Paragraph>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Upload
          accept=".docx,.txt"
          showUploadList={false}
          beforeUpload={(file) => {
            void fileToBase64(file).then((base64) => run({ name: file.name, base64 }, `Tệp ${file.name}`));
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} loading={busy}>
            Chọn tệp .docx hoặc .txt…
          </Button>
        </Upload>
        <Input.TextArea aria-label="Nội dung văn bản cần kiểm tra" placeholder="Hoặc dán nội dung văn bản vào đây" rows={5} value={text} onChange={(e) => setText(e.target.value)} />
        <Button onClick={() => void run({ text }, 'Văn bản dán vào')} disabled={!text.trim()} loading={busy}>
          Kiểm tra văn bản đã dán
        </Button>
        {error && <Alert type="error" showIcon title="Không kiểm tra được văn bản" description={error} />}
        {result && (
          <>
            <Space>
              <Typography.Text strong>{result.what}:</Typography.Text>
              <Summary report={result.report} />
            </Space>
            <FindingList findings={result.report.findings} emptyText="Không phát hiện vấn đề nào trong văn bản." />
          </>
        )}
      </Space>
    </Card>
  );
}
