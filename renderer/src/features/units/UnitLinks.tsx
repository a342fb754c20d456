/**
 * "Mã cũ" of a unit on the Đơn vị page: since communes were merged and renamed, a unit keeps its earlier code
 * ("Tên/mã cũ", a rename) or the codes it was merged from ("Sáp nhập từ", their figures summed), so the figures of
 * earlier sealed years follow it into multi-year reports.
 */
import { useEffect, useState } from 'react';
import { App, Button, Form, Input, Modal, Radio, Select, Space, Tag, Typography } from 'antd';
import { HistoryOutlined } from '@ant-design/icons';
import type { UnitDto } from '../../../../shared/domain/records';
import type { UnitLinkDto } from '../../../../shared/rpc/units';
import { rpc } from '../../../../shared/rpc';
import { call } from '../../lib/rpc';
import { errorText } from '../../lib/text';

/** The year's unit links, and a setter that saves one unit's link. */
export function useUnitLinks(year: number) {
  const [links, setLinks] = useState<UnitLinkDto[]>([]);
  useEffect(() => {
    call(rpc.units.links, { year }).then(setLinks, () => setLinks([]));
  }, [year]);
  const saved = (unitId: number, link: UnitLinkDto | null) => setLinks((ls) => [...ls.filter((l) => l.unitId !== unitId), ...(link ? [link] : [])]);
  return { linkOf: (unitId: number) => links.find((l) => l.unitId === unitId) ?? null, saved };
}

const codesText = (l: UnitLinkDto) => l.earlier.map((e) => (e.name ? `${e.code} (${e.name})` : e.code)).join(', ');

/** The unit's earlier code(s), shown under its name. */
export function UnitLinkTag({ link }: { link: UnitLinkDto | null }) {
  if (!link) return null;
  return (
    <div>
      <Tag color={link.kind === 'merge' ? 'purple' : 'blue'} title={codesText(link)} style={{ marginTop: 4, whiteSpace: 'normal' }}>
        {link.kind === 'merge' ? 'Sáp nhập từ' : 'Mã cũ'} {link.earlier.map((e) => e.code).join(', ')}
      </Tag>
    </div>
  );
}

/** The button that sets "Tên/mã cũ" or "Sáp nhập từ". */
export function UnitLinkButton({ year, unit, units, link, onSaved }: { year: number; unit: UnitDto; units: UnitDto[]; link: UnitLinkDto | null; onSaved(l: UnitLinkDto | null): void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="small" icon={<HistoryOutlined />} aria-label={`Mã cũ của ${unit.code}`} title="Tên/mã cũ (đổi tên) hoặc sáp nhập từ các đơn vị cũ" onClick={() => setOpen(true)} />
      {open && <UnitLinkDialog year={year} unit={unit} units={units} link={link} onClose={() => setOpen(false)} onSaved={onSaved} />}
    </>
  );
}

interface LinkForm {
  kind: 'none' | 'rename' | 'merge';
  code: string;
  name: string;
  codes: string[];
}

function UnitLinkDialog({ year, unit, units, link, onClose, onSaved }: { year: number; unit: UnitDto; units: UnitDto[]; link: UnitLinkDto | null; onClose(): void; onSaved(l: UnitLinkDto | null): void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<LinkForm>();
  const [busy, setBusy] = useState(false);
  const kind = Form.useWatch('kind', form) ?? link?.kind ?? 'none';
  // Earlier units usually stay in the list, stopped: offer them first.
  const options = units.filter((u) => u.id !== unit.id && !u.active).map((u) => ({ value: u.code, label: `${u.code} — ${u.name}` }));

  async function save(v: LinkForm) {
    setBusy(true);
    try {
      const earlier = v.kind === 'rename' ? [{ code: v.code.trim(), name: v.name?.trim() || undefined }] : v.kind === 'merge' ? v.codes.map((code) => ({ code: code.trim() })) : [];
      const r = await call(rpc.units.setLink, { year, unitId: unit.id, kind: v.kind, earlier });
      onSaved(r.link);
      if (r.notFound.length) message.warning(`Đã lưu. Chưa thấy mã ${r.notFound.join(', ')} trong tệp năm nào trước năm ${year}; số liệu các năm trước chỉ theo được khi có tệp năm đã khóa sổ chứa mã đó.`);
      else message.success(v.kind === 'none' ? `Đã bỏ mã cũ của ${unit.name}.` : `Đã lưu mã cũ của ${unit.name}.`);
      onClose();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open title={`Mã cũ của ${unit.name} (${unit.code})`} okText="Lưu" cancelText="Đóng" confirmLoading={busy} onOk={() => form.submit()} onCancel={onClose} width={620}>
      <Typography.Paragraph type="secondary">
        Báo cáo nhiều năm đọc số liệu các năm trước từ tệp năm đã khóa sổ theo mã đơn vị. Đơn vị đổi tên (mã mới) ghi mã cũ; đơn vị sáp
        nhập ghi các đơn vị cũ — số liệu các năm trước của chúng được cộng lại cho đơn vị này.
      </Typography.Paragraph>
      <Form<LinkForm>
        form={form}
        layout="vertical"
        onFinish={(v) => void save(v)}
        initialValues={{
          kind: link?.kind ?? 'none',
          code: link?.kind === 'rename' ? link.earlier[0]?.code : '',
          name: link?.kind === 'rename' ? link.earlier[0]?.name : '',
          codes: link?.kind === 'merge' ? link.earlier.map((e) => e.code) : [],
        }}
      >
        <Form.Item name="kind" label="Đơn vị này">
          <Radio.Group
            options={[
              { value: 'none', label: 'Không đổi' },
              { value: 'rename', label: 'Tên/mã cũ (đổi tên)' },
              { value: 'merge', label: 'Sáp nhập từ' },
            ]}
          />
        </Form.Item>
        {kind === 'rename' && (
          <Space align="start" wrap>
            <Form.Item name="code" label="Mã cũ" rules={[{ required: true, message: 'Nhập mã cũ' }]}>
              <Input aria-label="Mã cũ" style={{ width: 160 }} />
            </Form.Item>
            <Form.Item name="name" label="Tên cũ (để trống: lấy từ tệp năm trước)">
              <Input aria-label="Tên cũ" style={{ width: 320 }} />
            </Form.Item>
          </Space>
        )}
        {kind === 'merge' && (
          <Form.Item name="codes" label="Mã các đơn vị cũ" rules={[{ type: 'array', min: 2, message: 'Sáp nhập cần ít nhất hai đơn vị cũ' }]}>
            <Select aria-label="Sáp nhập từ" mode="tags" options={options} placeholder="Chọn hoặc gõ mã đơn vị cũ" tokenSeparators={[',', ' ']} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
