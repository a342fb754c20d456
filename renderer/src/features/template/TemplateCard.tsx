/**
 * "Mẫu báo cáo": chooses the year's template (built-in, or a file checked by the app) and its period, shows the
 * choice, and lets the period be changed later. Figures already entered are kept by the app.
 */
import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Flex, InputNumber, Radio, Space, Typography } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import type { Period } from '../../../../shared/domain/records';
import { periodProblem, regimeForYear, type Template } from '../../../../shared/domain/template';
import { rpc } from '../../../../shared/rpc';
import type { TemplateSummaryDto } from '../../../../shared/rpc/templates';
import type { YearDto } from '../../../../shared/rpc/years';
import { call } from '../../lib/rpc';
import { errorText } from '../../lib/text';
import { useUnsaved } from '../../lib/unsaved';

interface Props {
  year: YearDto;
  onChosen(): void | Promise<void>;
}

const FILE = '__file__';

function PeriodInputs({ value, onChange }: { value: Period; onChange(p: Period): void }) {
  const num = (v: number | null) => (typeof v === 'number' ? v : 0);
  return (
    <Space>
      <span>Kỳ báo cáo từ năm</span>
      <InputNumber aria-label="Kỳ báo cáo từ năm" min={2000} max={2100} precision={0} controls={false} style={{ width: 90 }} value={value.fromYear} onChange={(v) => onChange({ ...value, fromYear: num(v) })} />
      <span>đến năm</span>
      <InputNumber aria-label="Kỳ báo cáo đến năm" min={2000} max={2100} precision={0} controls={false} style={{ width: 90 }} value={value.toYear} onChange={(v) => onChange({ ...value, toYear: num(v) })} />
    </Space>
  );
}

const checkPeriod = (p: Period): string | null => periodProblem(p);

export function TemplateCard({ year, onChosen }: Props) {
  const { message } = App.useApp();
  const [mode, setMode] = useState<'view' | 'choose' | 'period'>(year.template ? 'view' : 'choose');
  const [builtins, setBuiltins] = useState<TemplateSummaryDto[]>([]);
  const [fromFile, setFromFile] = useState<{ fileName: string; template: Template } | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [period, setPeriod] = useState<Period>(year.period ?? { fromYear: year.year, toYear: year.year });
  // The period belongs to the year: choosing a template keeps it unless the clerk changes it here.
  const [periodTouched, setPeriodTouched] = useState(false);
  const changePeriod = (p: Period) => (setPeriod(p), setPeriodTouched(true));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    call(rpc.templates.builtin, {})
      .then(setBuiltins)
      .catch((e) => setError(errorText(e)));
  }, []);

  function select(id: string) {
    setSelected(id);
    setError(null);
    if (year.period || periodTouched) return;
    const t = id === FILE ? fromFile?.template : builtins.find((b) => b.id === id);
    // A template's default period moved to this year, by the same rule the app applies when the year has none.
    if (t) setPeriod(regimeForYear(t, year.year).period);
  }

  async function loadFile(file: File) {
    setError(null);
    try {
      const template = await call(rpc.templates.check, { fileName: file.name, text: await file.text() });
      setFromFile({ fileName: file.name, template });
      setSelected(FILE);
      message.success(`Tệp mẫu ${file.name} hợp lệ.`);
    } catch (e) {
      setError(errorText(e));
    }
  }

  // A changed period not yet saved holds the page like any unsaved form.
  const periodChanged = mode === 'period' && periodTouched && (period.fromYear !== year.period?.fromYear || period.toYear !== year.period?.toYear);
  useUnsaved(periodChanged, { label: `kỳ báo cáo năm ${year.year}`, save: () => savePeriod(), discard: () => setMode('view') });

  async function choose(input: { templateId?: string; template?: Template }): Promise<boolean> {
    const bad = checkPeriod(period);
    if (bad) return (setError(bad), false);
    setBusy(true);
    try {
      const r = await call(rpc.templates.choose, { year: year.year, ...input, period: periodTouched || mode === 'period' ? period : undefined });
      message.success(`Đã chọn mẫu “${r.template.name}”, kỳ báo cáo ${r.regime.period.fromYear} - ${r.regime.period.toYear}.`);
      setMode('view');
      setError(null);
      await onChosen();
      return true;
    } catch (e) {
      setError(errorText(e));
      return false;
    } finally {
      setBusy(false);
    }
  }

  async function savePeriod(): Promise<boolean> {
    setBusy(true);
    try {
      // The year keeps its own copy of the template (perhaps from a file): send it back with the new period.
      const data = await call(rpc.figures.yearData, { year: year.year });
      if (!data.template) throw new Error('Năm này chưa chọn mẫu báo cáo.');
      return await choose({ template: data.template });
    } catch (e) {
      setError(errorText(e));
      return false;
    } finally {
      setBusy(false);
    }
  }

  const errorBox = error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} closable={{ onClose: () => setError(null) }} />;

  if (mode !== 'choose' && year.template)
    return (
      <Card title="Mẫu báo cáo" style={{ marginBottom: 24 }}>
        {errorBox}
        <Descriptions column={1} size="small" style={{ marginBottom: 12 }}>
          <Descriptions.Item label="Mẫu báo cáo">
            {year.template.name} (phiên bản {year.template.version})
          </Descriptions.Item>
          <Descriptions.Item label="Kỳ báo cáo">{year.period ? `${year.period.fromYear} - ${year.period.toYear}` : '—'}</Descriptions.Item>
        </Descriptions>
        {mode === 'period' ? (
          <Flex gap={12} wrap align="center">
            <PeriodInputs value={period} onChange={changePeriod} />
            <Button type="primary" loading={busy} onClick={savePeriod}>
              Lưu kỳ báo cáo
            </Button>
            <Button onClick={() => (setMode('view'), setError(null))}>Hủy</Button>
          </Flex>
        ) : (
          <Space>
            <Button onClick={() => (setPeriod(year.period ?? period), setMode('period'))}>Đổi kỳ báo cáo</Button>
            <Button onClick={() => (setSelected(null), setMode('choose'))}>Đổi mẫu báo cáo</Button>
          </Space>
        )}
      </Card>
    );

  const options = [
    ...builtins.map((b) => ({ id: b.id, name: b.name, description: b.description, period: b.period, count: b.indicatorCount, extra: 'mẫu có sẵn' })),
    ...(fromFile
      ? [{ id: FILE, name: fromFile.template.name, description: fromFile.template.description, period: fromFile.template.regime.period, count: fromFile.template.indicators.length, extra: `tệp ${fromFile.fileName}` }]
      : []),
  ];
  const chosen = selected === FILE ? { template: fromFile?.template } : { templateId: selected ?? undefined };
  return (
    <Card title="Mẫu báo cáo" style={{ marginBottom: 24 }}>
      <Typography.Paragraph type="secondary">
        Chọn mẫu báo cáo (đề cương, chỉ tiêu, quy tắc kiểm tra) cho năm {year.year} và kỳ báo cáo. Số liệu đã nhập được giữ nguyên khi đổi mẫu hoặc đổi kỳ.
      </Typography.Paragraph>
      {errorBox}
      <Radio.Group value={selected} onChange={(e) => select(e.target.value as string)} style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
        {options.map((o) => (
          <Radio key={o.id} value={o.id}>
            <div style={{ fontWeight: 600 }}>{o.name}</div>
            <div style={{ color: '#6b7280', fontSize: 13.5 }}>{o.description}</div>
            <div style={{ color: '#6b7280', fontSize: 13 }}>
              Kỳ mặc định {o.period.fromYear} - {o.period.toYear} · {o.count} chỉ tiêu · {o.extra}
            </div>
          </Radio>
        ))}
      </Radio.Group>
      <Flex gap={12} wrap align="center" style={{ marginTop: 16 }}>
        <Button icon={<UploadOutlined />} onClick={() => fileInput.current?.click()}>
          Tải tệp mẫu (.json)…
        </Button>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          aria-label="Tải tệp mẫu báo cáo"
          style={{ display: 'none' }}
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) void loadFile(f);
          }}
        />
        <Typography.Text type="secondary">Tệp mẫu do cơ quan cấp trên gửi; ứng dụng kiểm tra tệp trước khi dùng.</Typography.Text>
      </Flex>
      <Flex gap={12} wrap align="center" style={{ marginTop: 16 }}>
        <PeriodInputs value={period} onChange={changePeriod} />
        <Button type="primary" disabled={!selected} loading={busy} onClick={() => choose(chosen)}>
          Dùng mẫu này
        </Button>
        {year.template && <Button onClick={() => (setMode('view'), setError(null))}>Hủy</Button>}
      </Flex>
    </Card>
  );
}
