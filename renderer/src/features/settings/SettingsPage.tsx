import { useEffect, useRef, useState } from 'react';
import { App, Button, Card, Col, Form, Input, Row, Skeleton, Switch, Typography } from 'antd';
import type { Settings } from '../../../../shared/domain/settings';
import { rpc } from '../../../../shared/rpc';
import { call } from '../../lib/rpc';
import type { YearDto } from '../../../../shared/rpc/years';
import { RegimeCard } from '../template/RegimeCard';
import { ReadOnlyWhenLocked } from '../review/ReadOnlyWhenLocked';
import { TemplateCard } from '../template/TemplateCard';
import { PageHeader } from '../../components/PageHeader';
import { useUnsaved } from '../../lib/unsaved';

/** Lists are edited as one item per line. */
interface FormValues extends Omit<Settings, 'issuerLines' | 'recipients'> {
  issuerLines: string;
  recipients: string;
}

const lines = (v: string) =>
  v
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);

function toForm(s: Settings): FormValues {
  return { ...s, issuerLines: s.issuerLines.join('\n'), recipients: s.recipients.join('\n') };
}

function fromForm(v: FormValues): Settings {
  return {
    issuerLines: lines(v.issuerLines ?? ''),
    superiorBody: (v.superiorBody ?? '').trim(),
    placeName: (v.placeName ?? '').trim(),
    documentSymbol: (v.documentSymbol ?? '').trim(),
    signer: {
      authority: (v.signer?.authority ?? '').trim(),
      title: (v.signer?.title ?? '').trim(),
      fullName: (v.signer?.fullName ?? '').trim(),
    },
    recipients: lines(v.recipients ?? ''),
    draftingUnit: (v.draftingUnit ?? '').trim(),
    padCounts: !!v.padCounts,
    issuerInText: (v.issuerInText ?? '').trim(),
    issuerShort: (v.issuerShort ?? '').trim(),
    localityNoun: (v.localityNoun ?? '').trim(),
    superiorInText: (v.superiorInText ?? '').trim(),
    superiorShort: (v.superiorShort ?? '').trim(),
    partyCommittee: (v.partyCommittee ?? '').trim(),
  };
}

/** How the report's sentences name the issuer and the bodies around it; empty fields are derived from the header. */
const IN_TEXT: [keyof Settings, string, string][] = [
  ['issuerInText', 'Tên cơ quan khi viết trong câu', 'Ủy ban nhân dân thành phố Quảng Ngãi'],
  ['issuerShort', 'Tên gọi tắt từ lần nhắc thứ hai', 'UBND thành phố'],
  ['localityNoun', 'Địa bàn (“trên địa bàn …”)', 'thành phố'],
  ['superiorInText', 'Cơ quan cấp trên khi viết trong câu', 'Ủy ban nhân dân tỉnh'],
  ['superiorShort', 'Tên gọi tắt của cơ quan cấp trên', 'UBND tỉnh'],
  ['partyCommittee', 'Cấp ủy cùng cấp', 'Thành ủy'],
];

export function SettingsPage({ year: yearDto, onYearChanged }: { year: YearDto; onYearChanged(): void | Promise<void> }) {
  const year = yearDto.year;
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [loaded, setLoaded] = useState(false);
  const [saving, setSaving] = useState(false);
  const [dirty, setDirty] = useState(false);
  const formArea = useRef<HTMLDivElement>(null);
  // Leaving with a changed field asks first; "Lưu" there (and Ctrl+S) saves like the button.
  useUnsaved(dirty, { label: 'Cài đặt', save: submit, scope: () => formArea.current });

  useEffect(() => {
    call(rpc.settings.get, { year })
      .then((s) => {
        form.setFieldsValue(toForm(s));
        setLoaded(true);
      })
      .catch((e: Error) => message.error(e.message));
  }, [year, form, message]);

  async function save(v: FormValues): Promise<boolean> {
    setSaving(true);
    try {
      const saved = await call(rpc.settings.save, { year, settings: fromForm(v) });
      form.setFieldsValue(toForm(saved));
      setDirty(false);
      message.success('Đã lưu cài đặt.');
      return true;
    } catch (e) {
      message.error(`Chưa lưu được cài đặt: ${(e as Error).message}`);
      return false;
    } finally {
      setSaving(false);
    }
  }

  /** Saves from the header button, Ctrl+S or the leave question; a missing required field keeps the clerk here. */
  async function submit(): Promise<boolean> {
    let v: FormValues;
    try {
      v = await form.validateFields();
    } catch {
      message.error('Chưa lưu được cài đặt: còn ô bắt buộc chưa nhập (tô đỏ).');
      return false;
    }
    return save({ ...form.getFieldsValue(true), ...v } as FormValues);
  }

  if (!loaded) return <Skeleton active />;
  return (
    <ReadOnlyWhenLocked year={yearDto.year}>
      <div style={{ maxWidth: 1280 }}>
        <PageHeader
          title={`Cài đặt năm ${year}`}
          sub="Các thông tin này được in lên báo cáo theo Nghị định 30/2020/NĐ-CP: phần đầu văn bản, nơi nhận và chữ ký."
          extra={
            <>
              {dirty && <Typography.Text type="warning">Có thay đổi chưa lưu.</Typography.Text>}
              <Button type="primary" loading={saving} disabled={!dirty} onClick={() => void submit()} title="Lưu cài đặt (Ctrl+S)">
                Lưu cài đặt
              </Button>
            </>
          }
          sections={[
            { id: 'muc-mau-bao-cao', title: 'Mẫu báo cáo' },
            { id: 'muc-che-do', title: 'Chế độ báo cáo' },
            { id: 'muc-co-quan', title: 'Cơ quan ban hành' },
            { id: 'muc-cach-goi', title: 'Cách gọi tên' },
            { id: 'muc-nguoi-ky', title: 'Người ký' },
            { id: 'muc-noi-nhan', title: 'Nơi nhận' },
          ]}
        />
        <div id="muc-mau-bao-cao">
          <TemplateCard key={`${yearDto.template?.id}-${yearDto.period?.fromYear}-${yearDto.period?.toYear}`} year={yearDto} onChosen={onYearChanged} />
        </div>
        <div id="muc-che-do">
          <RegimeCard year={yearDto} />
        </div>
        <div ref={formArea}>
        <Form<FormValues> form={form} layout="vertical" onFinish={save} onValuesChange={() => setDirty(true)} requiredMark="optional">
          <Row gutter={24}>
            <Col xs={24} lg={12}>
              <Card id="muc-co-quan" title="Cơ quan ban hành" style={{ marginBottom: 24 }}>
                <Form.Item
                  label="Tên cơ quan ban hành (mỗi dòng in một dòng)"
                  name="issuerLines"
                  rules={[{ required: true, message: 'Nhập tên cơ quan ban hành' }]}
                  extra="Ví dụ: ỦY BAN NHÂN DÂN / THÀNH PHỐ QUẢNG NGÃI"
                >
                  <Input.TextArea aria-label="Tên cơ quan ban hành" autoSize={{ minRows: 2, maxRows: 4 }} />
                </Form.Item>
                <Form.Item label="Cơ quan chủ quản (nếu có)" name="superiorBody" extra="In phía trên tên cơ quan ban hành; Ủy ban nhân dân thường để trống.">
                  <Input aria-label="Cơ quan chủ quản" />
                </Form.Item>
                <Row gutter={16}>
                  <Col span={12}>
                    <Form.Item label="Địa danh" name="placeName" rules={[{ required: true, message: 'Nhập địa danh' }]} extra="Dùng ở dòng “…, ngày … tháng … năm …”">
                      <Input aria-label="Địa danh" />
                    </Form.Item>
                  </Col>
                  <Col span={12}>
                    <Form.Item label="Ký hiệu văn bản" name="documentSymbol" rules={[{ required: true, message: 'Nhập ký hiệu, ví dụ BC-UBND' }]} extra="Số: …/BC-UBND">
                      <Input aria-label="Ký hiệu văn bản" />
                    </Form.Item>
                  </Col>
                </Row>
              </Card>
              <Card id="muc-cach-goi" title="Cách gọi tên trong lời văn báo cáo" style={{ marginBottom: 24 }}>
                <Typography.Paragraph type="secondary">Để trống thì ứng dụng tự suy ra từ tên cơ quan ban hành; chỉ điền khi cần gọi khác.</Typography.Paragraph>
                <Row gutter={16}>
                  {IN_TEXT.map(([name, label, example]) => (
                    <Col span={12} key={name}>
                      <Form.Item label={label} name={name} extra={`Ví dụ: ${example}`}>
                        <Input aria-label={label} />
                      </Form.Item>
                    </Col>
                  ))}
                </Row>
              </Card>
              <Card title="Trình bày số liệu" style={{ marginBottom: 24 }}>
                <Form.Item label="Thêm số 0 trước số đếm nhỏ hơn 10 (03 năm, 05 đơn vị)" name="padCounts" valuePropName="checked">
                  <Switch aria-label="Thêm số 0 trước số đếm nhỏ hơn 10" checkedChildren="Có" unCheckedChildren="Không" />
                </Form.Item>
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card id="muc-nguoi-ky" title="Người ký" style={{ marginBottom: 24 }}>
                <Form.Item label="Quyền hạn ký" name={['signer', 'authority']} extra="Ví dụ: TM. ỦY BAN NHÂN DÂN hoặc KT. CHỦ TỊCH; để trống nếu người đứng đầu ký.">
                  <Input aria-label="Quyền hạn ký" />
                </Form.Item>
                <Form.Item label="Chức vụ" name={['signer', 'title']} rules={[{ required: true, message: 'Nhập chức vụ người ký' }]}>
                  <Input aria-label="Chức vụ người ký" />
                </Form.Item>
                <Form.Item label="Họ và tên" name={['signer', 'fullName']} rules={[{ required: true, message: 'Nhập họ tên người ký' }]}>
                  <Input aria-label="Họ và tên người ký" />
                </Form.Item>
              </Card>
              <Card id="muc-noi-nhan" title="Nơi nhận" style={{ marginBottom: 24 }}>
                <Form.Item label="Danh sách nơi nhận (mỗi dòng một nơi)" name="recipients" extra="Không cần gõ dấu “-” đầu dòng và dấu “;” cuối dòng; dòng “Lưu: VT, …” được thêm tự động.">
                  <Input.TextArea aria-label="Nơi nhận" autoSize={{ minRows: 4, maxRows: 10 }} />
                </Form.Item>
                <Form.Item label="Đơn vị soạn thảo (Lưu: VT, …)" name="draftingUnit" extra="Ví dụ: NV(CV,Chi)">
                  <Input aria-label="Đơn vị soạn thảo" />
                </Form.Item>
              </Card>
            </Col>
          </Row>
        </Form>
        </div>
      </div>
    </ReadOnlyWhenLocked>
  );
}
