/**
 * "Chế độ báo cáo của năm": the fields of Nghị định 09/2019 that belong to the year, not to the template — cut-off
 * date, deadline for units, deadline to the superior, the requesting document, receiver, sending method and who
 * reports. Forms, the completeness screen and the report read them from here.
 */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, Row, Skeleton, Space } from 'antd';
import type { Regime } from '../../../../shared/domain/template';
import { formatBodyDate, isValidIsoDate, parseVietnameseDate } from '../../../../shared/format/date';
import { rpc } from '../../../../shared/rpc';
import type { YearDto } from '../../../../shared/rpc/years';
import { call } from '../../lib/rpc';
import { errorText } from '../../lib/text';
import { useUnsaved } from '../../lib/unsaved';

interface FormValues {
  cutoff: string;
  unitDeadline: string;
  officeDeadline: string;
  requestNumber: string;
  requestDate: string;
  requestBody: string;
  requestSubject: string;
  recipient: string;
  sendingMethod: string;
  reporters: string;
}

const show = (iso?: string) => (iso && isValidIsoDate(iso) ? formatBodyDate(iso, { padAllMonths: true }) : '');

function toForm(r: Regime): FormValues {
  return {
    cutoff: show(r.cutoff),
    unitDeadline: show(r.unitDeadline),
    officeDeadline: show(r.officeDeadline),
    requestNumber: r.request?.number ?? '',
    requestDate: show(r.request?.date),
    requestBody: r.request?.body ?? '',
    requestSubject: r.request?.subject ?? '',
    recipient: r.recipient,
    sendingMethod: r.sendingMethod ?? '',
    reporters: r.reporters ?? '',
  };
}

/** A date typed as dd/mm/yyyy; undefined when empty; throws a Vietnamese message when it is not a date. */
function dateOf(label: string, text: string): string | undefined {
  const t = text.trim();
  if (!t) return undefined;
  const iso = parseVietnameseDate(t);
  if (!iso) throw new Error(`${label}: “${t}” không phải ngày (gõ dạng ngày/tháng/năm, ví dụ 05/12/2026).`);
  return iso;
}

function fromForm(base: Regime, v: FormValues): Regime {
  const number = v.requestNumber.trim();
  const request = number
    ? {
        number,
        date: dateOf('Ngày văn bản đề nghị', v.requestDate) ?? '',
        body: v.requestBody.trim(),
        subject: v.requestSubject.trim(),
      }
    : undefined;
  if (request && !request.date) throw new Error('Nhập ngày của văn bản đề nghị báo cáo.');
  return {
    ...base,
    cutoff: dateOf('Ngày chốt số liệu', v.cutoff),
    unitDeadline: dateOf('Hạn đơn vị gửi số liệu', v.unitDeadline),
    officeDeadline: dateOf('Hạn gửi báo cáo', v.officeDeadline),
    request,
    recipient: v.recipient.trim() || base.recipient,
    sendingMethod: v.sendingMethod.trim() || undefined,
    reporters: v.reporters.trim() || undefined,
  };
}

export function RegimeCard({ year }: { year: YearDto }) {
  const { message } = App.useApp();
  const [regime, setRegime] = useState<Regime | null>(null);
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<FormValues>();
  const [changed, setChanged] = useState(false);
  useUnsaved(editing && changed, {
    label: `Chế độ báo cáo năm ${year.year}`,
    save: async () => save(await form.validateFields()),
    discard: () => setEditing(false),
    scope: () => document.getElementById('che-do-bao-cao-form'),
  });

  useEffect(() => {
    call(rpc.figures.yearData, { year: year.year })
      .then((d) => setRegime(d.regime))
      .catch((e) => setError(errorText(e)));
  }, [year.year, year.template?.id, year.period?.fromYear, year.period?.toYear]);

  if (!year.template) return null;
  if (!regime) return error ? <Alert type="error" showIcon title={error} /> : <Skeleton active />;

  async function save(v: FormValues): Promise<boolean> {
    if (!regime) return false;
    setBusy(true);
    try {
      const saved = await call(rpc.templates.setRegime, { year: year.year, regime: fromForm(regime, v) });
      setRegime(saved);
      setEditing(false);
      setChanged(false);
      setError(null);
      message.success('Đã lưu chế độ báo cáo của năm.');
      return true;
    } catch (e) {
      setError(errorText(e));
      return false;
    } finally {
      setBusy(false);
    }
  }

  const r = regime;
  return (
    <Card title={`Chế độ báo cáo năm ${year.year}`} style={{ marginBottom: 24 }}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} closable={{ onClose: () => setError(null) }} />}
      {!editing ? (
        <>
          <Descriptions column={1} size="small" style={{ marginBottom: 12 }}>
            <Descriptions.Item label="Ngày chốt số liệu">{show(r.cutoff) || '—'}</Descriptions.Item>
            <Descriptions.Item label="Hạn đơn vị gửi số liệu">{show(r.unitDeadline) || '—'}</Descriptions.Item>
            <Descriptions.Item label="Hạn gửi báo cáo lên cấp trên">{show(r.officeDeadline) || '—'}</Descriptions.Item>
            <Descriptions.Item label="Văn bản đề nghị báo cáo">
              {r.request ? `Công văn số ${r.request.number} ngày ${show(r.request.date)} của ${r.request.body}` : 'Không có (báo cáo định kỳ)'}
            </Descriptions.Item>
            <Descriptions.Item label="Cơ quan nhận báo cáo">{r.recipient}</Descriptions.Item>
            <Descriptions.Item label="Phương thức gửi">{r.sendingMethod || '—'}</Descriptions.Item>
            <Descriptions.Item label="Đối tượng thực hiện">{r.reporters || '—'}</Descriptions.Item>
          </Descriptions>
          <Button onClick={() => (form.setFieldsValue(toForm(r)), setChanged(false), setEditing(true))}>Sửa chế độ báo cáo</Button>
        </>
      ) : (
        <Form<FormValues> id="che-do-bao-cao-form" form={form} layout="vertical" onFinish={save} onValuesChange={() => setChanged(true)}>
          <Row gutter={16}>
            <Col span={8}>
              <Form.Item label="Ngày chốt số liệu" name="cutoff" extra="ngày/tháng/năm">
                <Input aria-label="Ngày chốt số liệu" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item label="Hạn đơn vị gửi số liệu" name="unitDeadline">
                <Input aria-label="Hạn đơn vị gửi số liệu" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item label="Hạn gửi báo cáo lên cấp trên" name="officeDeadline">
                <Input aria-label="Hạn gửi báo cáo lên cấp trên" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item label="Số, ký hiệu văn bản đề nghị" name="requestNumber" extra="Để trống nếu là báo cáo định kỳ">
                <Input aria-label="Số, ký hiệu văn bản đề nghị" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item label="Ngày văn bản đề nghị" name="requestDate">
                <Input aria-label="Ngày văn bản đề nghị" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item label="Cơ quan đề nghị" name="requestBody">
                <Input aria-label="Cơ quan đề nghị" />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item label="Trích yếu văn bản đề nghị (sau “về việc”)" name="requestSubject">
                <Input aria-label="Trích yếu văn bản đề nghị" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item label="Cơ quan nhận báo cáo" name="recipient">
                <Input aria-label="Cơ quan nhận báo cáo" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item label="Phương thức gửi" name="sendingMethod">
                <Input aria-label="Phương thức gửi" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item label="Đối tượng thực hiện" name="reporters">
                <Input aria-label="Đối tượng thực hiện" />
              </Form.Item>
            </Col>
          </Row>
          <Space>
            <Button type="primary" htmlType="submit" loading={busy}>
              Lưu chế độ báo cáo
            </Button>
            <Button onClick={() => (setEditing(false), setError(null))}>Hủy</Button>
          </Space>
        </Form>
      )}
    </Card>
  );
}
