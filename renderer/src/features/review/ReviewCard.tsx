import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Input, InputNumber, Modal, Select, Space, Tag, Timeline, Typography } from 'antd';
import { rpc } from '../../../../shared/rpc';
import type { IdentityDto, ReviewStatusDto } from '../../../../shared/rpc/review';
import { ACTION_LABEL, availableActions, ROLE_LABEL, ROLES, STATE_LABEL, type ReviewAction, type Role } from '../../../../shared/review/workflow';
import { formatDateTime, formatHeaderDate } from '../../../../shared/format/date';
import { call } from '../../lib/rpc';
import { errorText, fileToBase64 } from '../../lib/text';
import { downloadBase64 } from '../../lib/download';
import { confirmLeave, useUnsaved } from '../../lib/unsaved';

const STATE_COLOR: Record<ReviewStatusDto['state'], string> = { draft: 'default', submitted: 'processing', returned: 'warning', approved: 'success', issued: 'purple' };

/** Name and role of this machine, chosen once; written on every record. */
export function IdentityModal({ open, current, onClose, onSaved }: { open: boolean; current: IdentityDto | null; onClose(): void; onSaved(): void }) {
  const { message } = App.useApp();
  const [name, setName] = useState(current?.name ?? '');
  const [role, setRole] = useState<Role>(current?.role ?? 'chuyen-vien');
  return (
    <Modal
      open={open}
      title="Người dùng máy này"
      okText="Lưu"
      cancelText="Đóng"
      onCancel={onClose}
      onOk={async () => {
        try {
          await call(rpc.review.setIdentity, { name, role });
          message.success('Đã lưu tên và vai trò.');
          onSaved();
        } catch (e) {
          message.error(errorText(e));
        }
      }}
    >
      <Typography.Paragraph type="secondary">
        Tên và vai trò được ghi vào mọi thao tác (trình, duyệt, sửa số liệu…) thực hiện trên máy này. Đây không phải mật khẩu hay phân quyền bảo mật.
      </Typography.Paragraph>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Input aria-label="Họ tên" placeholder="Họ và tên" value={name} onChange={(e) => setName(e.target.value)} />
        <Select<Role> aria-label="Vai trò" style={{ width: 240 }} value={role} onChange={setRole} options={ROLES.map((r) => ({ value: r, label: ROLE_LABEL[r] }))} />
      </Space>
    </Modal>
  );
}

interface Props {
  year: number;
  status: ReviewStatusDto;
  me: IdentityDto | null;
  openErrors: number;
  onChanged(s?: ReviewStatusDto): void;
}

/** State of the report, who may do what now, the step's form, the history, the issued number and the signed scan. */
export function ReviewCard({ year, status, me, openErrors, onChanged }: Props) {
  const { message } = App.useApp();
  const [who, setWho] = useState(false);
  const [action, setAction] = useState<ReviewAction | null>(null);
  const [note, setNote] = useState('');
  const [override, setOverride] = useState('');
  const [number, setNumber] = useState<number | null>(null);
  const [date, setDate] = useState('');
  const [busy, setBusy] = useState(false);
  const actions = me ? availableActions(status.state, me) : [];
  // A sealed year takes no step of the review (not even issue or unlock, allowed on an approved one): the gate refuses.
  const sealed = status.lock?.state === 'sealed';

  // A note typed in the dialog is not dropped by Esc, "Hủy" or leaving the page without a question.
  const typed = action !== null && (note.trim() !== '' || override.trim() !== '');
  useUnsaved(typed, { label: `ghi chú “${action ? ACTION_LABEL[action] : ''}”`, save: () => (action ? run(action) : true), discard: () => (setNote(''), setOverride('')) });
  const cancel = () => void (typed ? confirmLeave() : Promise.resolve(true)).then((ok) => ok && setAction(null));

  async function run(a: ReviewAction): Promise<boolean> {
    setBusy(true);
    try {
      const y = { year };
      const s =
        a === 'submit'
          ? await call(rpc.review.submit, { ...y, note: note || undefined })
          : a === 'return'
            ? await call(rpc.review.return, { ...y, note })
            : a === 'approve'
              ? await call(rpc.review.approve, { ...y, note: note || undefined, override: override || undefined })
              : a === 'unlock'
                ? await call(rpc.review.unlock, { ...y, reason: note })
                : await call(rpc.review.issue, { ...y, number: number ?? 0, date });
      message.success(`Đã ${ACTION_LABEL[a].toLocaleLowerCase('vi')}.`);
      setAction(null);
      setNote('');
      setOverride('');
      onChanged(s);
      return true;
    } catch (e) {
      message.error(errorText(e));
      return false;
    } finally {
      setBusy(false);
    }
  }

  async function attach(file: File) {
    try {
      await call(rpc.review.attachSigned, { year, name: file.name, base64: await fileToBase64(file) });
      message.success('Đã đính kèm bản ký.');
      onChanged();
    } catch (e) {
      message.error(errorText(e));
    }
  }

  const noteLabel = action === 'unlock' ? 'Lý do mở khóa (bắt buộc)' : action === 'return' ? 'Nội dung cần sửa (bắt buộc)' : 'Ghi chú (không bắt buộc)';
  return (
    <Card
      className="no-print"
      style={{ marginBottom: 24 }}
      title={
        <Space>
          <span>Trình duyệt và phát hành</span>
          <Tag color={STATE_COLOR[status.state]} aria-label="Trạng thái báo cáo">
            {STATE_LABEL[status.state]}
            {status.version > 0 && status.state !== 'issued' ? ` — dự thảo lần ${status.version}` : ''}
          </Tag>
        </Space>
      }
      extra={
        <Space>
          <span aria-label="Người dùng hiện tại">{me ? `${me.name} (${ROLE_LABEL[me.role]})` : 'Chưa chọn người dùng'}</span>
          <Button size="small" onClick={() => setWho(true)}>
            {me ? 'Đổi người dùng' : 'Chọn tên và vai trò'}
          </Button>
        </Space>
      }
    >
      {!me && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title="Hãy chọn tên và vai trò của người dùng máy này trước khi trình, duyệt hay phát hành." />}
      {status.issued && (
        <Descriptions size="small" column={1} style={{ marginBottom: 12 }} aria-label="Đã phát hành">
          <Descriptions.Item label="Đã phát hành">
            Số {status.issued.documentNumber}, {formatHeaderDate(status.issued.date)} ({status.issued.by})
          </Descriptions.Item>
          <Descriptions.Item label="Bản ký">
            {status.scans.length === 0
              ? 'Chưa đính kèm bản quét đã ký.'
              : status.scans.map((s) => (
                  <Button
                    key={s.id}
                    type="link"
                    size="small"
                    onClick={async () => {
                      const f = await call(rpc.review.readScan, { year, id: s.id });
                      downloadBase64(s.storedName, f.base64);
                    }}
                  >
                    Đã đính kèm {s.storedName} (mở)
                  </Button>
                ))}
          </Descriptions.Item>
        </Descriptions>
      )}
      <Space wrap>
        {actions.map((a) => (
          <Button
            key={a}
            type={a === 'approve' || a === 'submit' || a === 'issue' ? 'primary' : 'default'}
            disabled={sealed}
            title={sealed ? 'Năm đã khóa sổ: mở niêm phong ở trang Lưu trữ trước.' : undefined}
            onClick={() => setAction(a)}
          >
            {ACTION_LABEL[a]}
          </Button>
        ))}
        {status.state === 'issued' && me?.role === 'van-thu' && !sealed && (
          <label className="ant-btn ant-btn-default" style={{ cursor: 'pointer', padding: '4px 15px', border: '1px solid #d9d9d9', borderRadius: 6 }}>
            Đính kèm bản ký…
            <input
              aria-label="Tệp bản ký"
              type="file"
              accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
              style={{ display: 'none' }}
              onChange={(e) => {
                const f = e.target.files?.[0];
                if (f) void attach(f);
                e.target.value = '';
              }}
            />
          </label>
        )}
      </Space>
      {status.transitions.length > 0 && (
        <Timeline
          style={{ marginTop: 20, marginBottom: 0 }}
          aria-label="Lịch sử trình duyệt"
          items={status.transitions.map((t) => ({
            children: (
              <span>
                <b>{ACTION_LABEL[t.action]}</b>
                {t.version ? ` (lần ${t.version})` : ''} — {t.byName} ({ROLE_LABEL[t.byRole]}), {formatDateTime(t.at)}
                {t.detail?.number !== undefined && t.detail.date ? ` — số ${t.detail.number}, ${formatHeaderDate(t.detail.date)}` : ''}
                {t.note ? `: ${t.note}` : ''}
                {t.detail?.override ? ` — vẫn duyệt khi còn ${t.detail.openErrors} lỗi: ${t.detail.override}` : ''}
              </span>
            ),
          }))}
        />
      )}
      <IdentityModal key={String(who)} open={who} current={me} onClose={() => setWho(false)} onSaved={() => (setWho(false), onChanged())} />
      <Modal
        open={action !== null}
        title={action ? ACTION_LABEL[action] : ''}
        okText={action ? ACTION_LABEL[action] : 'OK'}
        cancelText="Hủy"
        confirmLoading={busy}
        onCancel={cancel}
        onOk={() => action && void run(action)}
      >
        {action === 'issue' ? (
          <Space direction="vertical">
            <label>
              Số văn bản <InputNumber aria-label="Số văn bản" min={1} value={number} onChange={(v) => setNumber(v)} />
            </label>
            <label>
              Ngày ban hành <Input aria-label="Ngày ban hành" type="date" value={date} onChange={(e) => setDate(e.target.value)} style={{ width: 180 }} />
            </label>
          </Space>
        ) : (
          <Space direction="vertical" style={{ width: '100%' }}>
            {action === 'submit' && <Typography.Text>Lưu dự thảo lần {status.version + 1} (tệp không bao giờ bị ghi đè) và chuyển cho lãnh đạo xem.</Typography.Text>}
            {action === 'approve' && openErrors > 0 && (
              <>
                <Alert type="warning" showIcon title={`Kết quả kiểm tra còn ${openErrors} lỗi chưa xử lý. Muốn vẫn duyệt, hãy ghi lý do.`} />
                <Input.TextArea aria-label="Lý do vẫn duyệt" rows={2} value={override} onChange={(e) => setOverride(e.target.value)} />
              </>
            )}
            <Typography.Text>{noteLabel}</Typography.Text>
            <Input.TextArea aria-label={noteLabel} rows={3} value={note} onChange={(e) => setNote(e.target.value)} />
          </Space>
        )}
      </Modal>
    </Card>
  );
}
