/** "Số liệu của cơ quan": the office's own figures, one card per outline section. */
import { Alert, Card, Empty } from 'antd';
import { WHOLE_PERIOD } from '../../../../../shared/domain/records';
import type { Indicator } from '../../../../../shared/domain/template';
import { isNumericKind } from '../../../../../shared/domain/indicator-kinds';
import type { FigureChange } from '../../../../../shared/rpc/figures';
import { displayFigure, figureKey } from '../../../lib/figures';
import { unitFigure, type SectionInfo, type YearModel } from '../year-model';
import { FigureInput } from './FigureInput';
import './office.css';

interface Props {
  model: YearModel;
  save(changes: FigureChange[]): Promise<number>;
}

function officeProblems(model: YearModel, officeId: number): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of model.rules)
    if (r.status === 'failed' && r.scope === 'unit' && r.unitId === officeId)
      for (const code of r.codes) {
        const k = `${code}|${r.year}`;
        out.set(k, [...(out.get(k) ?? []), r.message]);
      }
  return out;
}

function SectionCard(props: { model: YearModel; info: SectionInfo; inds: Indicator[]; officeId: number; problems: Map<string, string[]>; save: Props['save'] }) {
  const { model, info, inds, officeId, problems, save } = props;
  const years = inds.some((i) => i.byYear) ? model.years : [];
  const span = years.length + 1;
  const raw = (code: string, year: number) => model.figureMap.get(figureKey(officeId, code, year)) ?? null;
  const computed = (ind: Indicator, year: number) => unitFigure(model, officeId, ind, year);
  const input = (ind: Indicator, year: number) => (
    <FigureInput
      ind={ind}
      value={raw(ind.code, year)}
      label={year === WHOLE_PERIOD ? ind.label : `${ind.label} năm ${year}`}
      problems={problems.get(`${ind.code}|${year}`)}
      onSave={async (value) => void (await save([{ unitId: officeId, code: ind.code, year, value }]))}
    />
  );
  const numeric = (ind: Indicator) => isNumericKind(ind.kind);
  return (
    <Card title={info.title} size="small" style={{ marginBottom: 16 }} styles={{ header: { whiteSpace: 'normal' } }}>
      <table className="office-form">
        <thead>
          <tr>
            <th style={{ textAlign: 'left' }}>Chỉ tiêu</th>
            <th>Đơn vị tính</th>
            {years.map((y) => (
              <th key={y}>Năm {y}</th>
            ))}
            <th>{years.length ? `Cả kỳ ${model.period.fromYear} - ${model.period.toYear}` : 'Số liệu'}</th>
          </tr>
        </thead>
        <tbody>
          {inds.map((ind) => (
            <tr key={ind.code}>
              <td className="label">
                {ind.label}
                {ind.kind === 'ratio' && <div className="code">Tính tự động</div>}
              </td>
              {ind.kind !== 'text' && <td className="unit">{ind.unit}</td>}
              {ind.kind === 'text' ? (
                <td colSpan={span + 1}>{input(ind, WHOLE_PERIOD)}</td>
              ) : ind.kind === 'ratio' ? (
                [...years, WHOLE_PERIOD].map((y) => (
                  <td key={y} className="computed">
                    {displayFigure(ind, computed(ind, y))}
                  </td>
                ))
              ) : ind.byYear ? (
                <>
                  {years.map((y) => (
                    <td key={y} className="value">
                      {input(ind, y)}
                    </td>
                  ))}
                  <td className="computed">{numeric(ind) ? displayFigure(ind, computed(ind, WHOLE_PERIOD)) : ''}</td>
                </>
              ) : numeric(ind) ? (
                <>
                  {years.length > 0 && <td colSpan={years.length} />}
                  <td className="value">{input(ind, WHOLE_PERIOD)}</td>
                </>
              ) : (
                <td colSpan={span}>{input(ind, WHOLE_PERIOD)}</td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}

export function OfficeTab({ model, save }: Props) {
  const office = model.office;
  if (!office)
    return <Alert type="warning" showIcon title="Chưa có cơ quan tổng hợp" description="Hãy thêm một đơn vị loại “Cơ quan tổng hợp” ở mục Đơn vị để nhập số liệu của cơ quan." />;
  const problems = officeProblems(model, office.id);
  const cards = model.sections
    .map((info) => ({ info, inds: model.template.indicators.filter((i) => i.section === info.section.id && i.reporters.includes('office')) }))
    .filter((x) => x.inds.length > 0);
  if (cards.length === 0) return <Empty description="Mẫu báo cáo không có chỉ tiêu nào do cơ quan tổng hợp nhập." />;
  return (
    <div style={{ maxWidth: 1200 }}>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title={`Số liệu của ${office.name}. Gõ số theo kiểu Việt Nam (1.270; 16.015,34), ngày theo dạng ngày/tháng/năm; số liệu được lưu khi rời ô hoặc bấm Enter.`}
      />
      {cards.map(({ info, inds }) => (
        <SectionCard key={info.section.id} model={model} info={info} inds={inds} officeId={office.id} problems={problems} save={save} />
      ))}
    </div>
  );
}
