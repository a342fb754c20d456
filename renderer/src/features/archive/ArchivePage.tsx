/**
 * "Lưu trữ": the archivist's screen. Backups that restore (with what would change shown first), sealing the year
 * (khóa sổ) and checking it, opening it again with a reason, the change history, and the archive package to download.
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { CloudDownloadOutlined, LockOutlined, SafetyCertificateOutlined, SaveOutlined, UnlockOutlined } from '@ant-design/icons';
import type { BackupDto, RestorePreviewDto, SealStatusDto } from '../../../../shared/rpc/archive';
import { rpc } from '../../../../shared/rpc';
import { formatDateTime } from '../../../../shared/format/date';
import { formatNumber } from '../../../../shared/format/number';
import { call } from '../../lib/rpc';
import { errorText } from '../../lib/text';
import { downloadBase64, sizeText } from '../../lib/download';
import { HistoryCard } from './HistoryCard';
import { PageHeader } from '../../components/PageHeader';

interface Props {
  year: number;
  /** Told when the year's lock changes, so the shell can refresh. */
  onChanged(): void;
}

const n = (x: number) => formatNumber(String(x));

export function ArchivePage({ year, onChanged }: Props) {
  const { message, modal } = App.useApp();
  const [backups, setBackups] = useState<BackupDto[]>([]);
  const [seal, setSeal] = useState<SealStatusDto | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [restoring, setRestoring] = useState<RestorePreviewDto | null>(null);
  const [unsealing, setUnsealing] = useState(false);
  const [reason, setReason] = useState('');
  const [version, setVersion] = useState(0);

  const load = useCallback(async () => {
    try {
      const s = await call(rpc.archive.status, { year });
      setBackups(s.backups);
      setSeal(s.seal);
      setVersion((v) => v + 1);
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  }, [year]);
  useEffect(() => void load(), [load]);

  async function run<T>(what: string, fn: () => Promise<T>, done: (r: T) => string): Promise<boolean> {
    setBusy(what);
    try {
      const r = await fn();
      message.success(done(r));
      await load();
      return true;
    } catch (e) {
      setError(errorText(e));
      return false;
    } finally {
      setBusy(null);
    }
  }

  /** The Biên bản's PDF, right after the seal or on request: a missing LibreOffice is a warning, the seal stands. */
  async function recordPdf(): Promise<void> {
    setBusy('pdf');
    try {
      const s = await call(rpc.archive.recordPdf, { year });
      message.success(`Đã tạo bản PDF của biên bản khóa sổ: ${s.recordPdf}.`);
    } catch (e) {
      message.warning(errorText(e), 8);
    } finally {
      setBusy(null);
      await load();
    }
  }

  const sealed = seal?.seal;
  return (
    <div style={{ maxWidth: 1100 }}>
      <PageHeader title={`Lưu trữ năm ${year}`} />
      {error && <Alert type="error" showIcon title={error} closable={{ onClose: () => setError(null) }} style={{ marginBottom: 16 }} />}

      <Card
        title="Khóa sổ dữ liệu năm"
        style={{ marginBottom: 24 }}
        extra={
          <Space>
            <Button icon={<SafetyCertificateOutlined />} loading={busy === 'verify'} onClick={() => void run('verify', () => call(rpc.archive.verify, { year }), (s) => (s.intact === false ? 'Dữ liệu đã bị thay đổi sau khi khóa sổ.' : 'Đã kiểm tra toàn vẹn.'))}>
              Kiểm tra toàn vẹn
            </Button>
            {sealed ? (
              <Button icon={<UnlockOutlined />} onClick={() => (setReason(''), setUnsealing(true))}>
                Mở niêm phong…
              </Button>
            ) : (
              <Button
                type="primary"
                icon={<LockOutlined />}
                loading={busy === 'seal'}
                onClick={() =>
                  modal.confirm({
                    title: `Khóa sổ dữ liệu năm ${year}?`,
                    content:
                      'Ứng dụng sao lưu năm trước, ghi dấu vân tay của dữ liệu vào tệp năm và vào tệp niêm phong đi kèm, lập biên bản khóa sổ. Sau đó dữ liệu năm chỉ xem, không sửa được cho đến khi mở niêm phong (cần ghi lý do).',
                    okText: 'Khóa sổ',
                    cancelText: 'Hủy',
                    onOk: () => run('seal', () => call(rpc.archive.seal, { year }), () => `Đã khóa sổ năm ${year}.`).then(async (ok) => { if (ok) await recordPdf(); }).then(onChanged),
                  })
                }
              >
                Khóa sổ…
              </Button>
            )}
          </Space>
        }
      >
        {seal?.problem && (
          <Alert
            type="error"
            showIcon
            title={sealed ? 'Dữ liệu đã bị thay đổi sau khi khóa sổ' : 'Không mở được dữ liệu năm'}
            description={seal.problem}
            style={{ marginBottom: 12 }}
          />
        )}
        {sealed ? (
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label="Tình trạng">
              {seal.intact ? <Tag color="green">Đã khóa sổ — nguyên vẹn</Tag> : <Tag color="red">Đã khóa sổ — dữ liệu đã bị thay đổi</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label="Khóa sổ lúc">
              {formatDateTime(sealed.sealedAt)} — {sealed.sealedBy}
            </Descriptions.Item>
            <Descriptions.Item label="Dữ liệu">
              {n(sealed.counts.units)} đơn vị, {n(sealed.counts.figures)} số liệu, {n(sealed.counts.files)} tệp gốc của đơn vị
            </Descriptions.Item>
            <Descriptions.Item label="Dấu vân tay (SHA-256)">
              <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>
                {sealed.fingerprint}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label="Biên bản khóa sổ">
              {seal.record ? (
                <Space direction="vertical" size={4}>
                  <span>
                    tonghop-{year}/luu-tru/{seal.record}
                    {seal.recordPdf && <> · tonghop-{year}/luu-tru/{seal.recordPdf}</>}
                  </span>
                  {seal.recordPdfNote && (
                    <Space wrap>
                      <Typography.Text type="secondary">{seal.recordPdfNote}</Typography.Text>
                      <Button size="small" loading={busy === 'pdf'} onClick={() => void recordPdf()}>
                        Tạo PDF biên bản
                      </Button>
                    </Space>
                  )}
                </Space>
              ) : (
                'chưa có'
              )}
            </Descriptions.Item>
          </Descriptions>
        ) : (
          <Typography.Paragraph style={{ margin: 0 }}>
            Năm {year} chưa khóa sổ: dữ liệu còn sửa được. Khóa sổ khi báo cáo đã phát hành và mọi số liệu đã đầy đủ.
          </Typography.Paragraph>
        )}
        {seal && seal.history.length > 0 && (
          <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0' }}>
            Các lần mở niêm phong trước:{' '}
            {seal.history.map((h) => `${formatDateTime(h.unsealedAt)} (${h.unsealedBy}): ${h.reason}`).join('; ')}.
          </Typography.Paragraph>
        )}
      </Card>

      <Card
        title="Sao lưu và khôi phục"
        style={{ marginBottom: 24 }}
        extra={
          <Button type="primary" icon={<SaveOutlined />} loading={busy === 'backup'} onClick={() => void run('backup', () => call(rpc.archive.backup, { year }), (b) => `Đã sao lưu: ${b.name}.`)}>
            Sao lưu ngay
          </Button>
        }
      >
        <Typography.Paragraph type="secondary">
          Bản sao lưu là bản chép nhất quán của dữ liệu năm, lưu trong thư mục tonghop-{year}/sao-luu kèm mã kiểm tra. Ứng dụng tự sao lưu trước khi khóa sổ và trước khi khôi phục; giữ 10 bản tự động gần nhất, bản sao lưu theo yêu cầu được giữ lại.
        </Typography.Paragraph>
        <Table<BackupDto>
          size="small"
          rowKey="name"
          aria-label="Các bản sao lưu"
          dataSource={backups}
          pagination={backups.length > 10 ? { pageSize: 10 } : false}
          locale={{ emptyText: 'Chưa có bản sao lưu nào.' }}
          columns={[
            { title: 'Thời điểm', render: (_, b) => formatDateTime(b.createdAt) },
            { title: 'Loại', render: (_, b) => (b.kind === 'auto' ? <Tag>tự động</Tag> : <Tag color="blue">theo yêu cầu</Tag>) },
            { title: 'Lý do', dataIndex: 'reason' },
            { title: 'Dữ liệu', render: (_, b) => `${n(b.counts.units)} đơn vị, ${n(b.counts.figures)} số liệu` },
            { title: 'Cỡ', render: (_, b) => sizeText(b.size) },
            { title: 'Người sao lưu', dataIndex: 'createdBy' },
            {
              title: '',
              render: (_, b) => (
                <Button size="small" onClick={() => void call(rpc.archive.restorePreview, { year, name: b.name }).then(setRestoring, (e) => setError(errorText(e)))}>
                  Khôi phục…
                </Button>
              ),
            },
          ]}
        />
      </Card>

      <HistoryCard year={year} version={version} onError={setError} />

      <Card title="Đóng gói lưu trữ">
        <Typography.Paragraph>
          Một tệp .zip đọc được không cần ứng dụng: tệp dữ liệu năm, báo cáo và phụ lục đã lập, mọi tệp gốc đơn vị đã gửi, biên bản và dấu niêm phong (nếu đã khóa sổ), danh sách tệp kèm mã kiểm tra và tệp hướng dẫn.
        </Typography.Paragraph>
        <Button
          icon={<CloudDownloadOutlined />}
          loading={busy === 'package'}
          onClick={() =>
            void run(
              'package',
              () => call(rpc.archive.package, { year }),
              (p) => (downloadBase64(p.name, p.base64), `Đã đóng gói ${p.files} tệp vào ${p.name} (${sizeText(p.size)}).`),
            )
          }
        >
          Đóng gói lưu trữ và tải về
        </Button>
      </Card>

      {restoring && (
        <Modal
          open
          title={`Khôi phục năm ${year} từ bản sao lưu lúc ${formatDateTime(restoring.backup.createdAt)}?`}
          okText="Khôi phục"
          okButtonProps={{ danger: true, disabled: restoring.same }}
          cancelText="Hủy"
          onCancel={() => setRestoring(null)}
          onOk={() => {
            const name = restoring.backup.name;
            setRestoring(null);
            void run('restore', () => call(rpc.archive.restore, { year, name }), () => `Đã khôi phục năm ${year}; dữ liệu trước khi khôi phục được giữ thành một bản sao lưu.`).then(onChanged);
          }}
        >
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label="Bản sao lưu">
              {n(restoring.backup.counts.units)} đơn vị, {n(restoring.backup.counts.figures)} số liệu, {n(restoring.backup.counts.files)} tệp gốc
            </Descriptions.Item>
            <Descriptions.Item label="Hiện tại">
              {restoring.current ? `${n(restoring.current.units)} đơn vị, ${n(restoring.current.figures)} số liệu, ${n(restoring.current.files)} tệp gốc` : 'tệp dữ liệu năm không mở được'}
            </Descriptions.Item>
            <Descriptions.Item label="Sẽ thay đổi">
              {restoring.same ? 'không có gì khác: không cần khôi phục' : restoring.changed.length ? restoring.changed.join('; ') : 'toàn bộ (tệp hiện tại không mở được)'}
            </Descriptions.Item>
          </Descriptions>
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
            Mã kiểm tra của bản sao lưu đã được đối chiếu. Dữ liệu hiện tại được giữ thành một bản sao lưu trước khi khôi phục.
          </Typography.Paragraph>
        </Modal>
      )}
      {unsealing && (
        <Modal
          open
          title={`Mở niêm phong năm ${year}`}
          okText="Mở niêm phong"
          okButtonProps={{ danger: true, disabled: reason.trim().length < 5 }}
          cancelText="Hủy"
          onCancel={() => setUnsealing(false)}
          onOk={() => {
            setUnsealing(false);
            void run('unseal', () => call(rpc.archive.unseal, { year, reason }), () => `Đã mở niêm phong năm ${year}; dữ liệu sửa được.`).then(onChanged);
          }}
        >
          <Typography.Paragraph>Dữ liệu năm sẽ sửa được trở lại. Niêm phong cũ và lý do mở được giữ trong lịch sử của năm.</Typography.Paragraph>
          <Input.TextArea aria-label="Lý do mở niêm phong" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Ví dụ: Sở Nội vụ yêu cầu điều chỉnh số liệu hòa giải năm 2023" />
        </Modal>
      )}
    </div>
  );
}
