/**
 * Picks an indicator (period or one year), its change on the year before ("{{change CODE}}", "{{prev CODE}}") or a
 * context field, showing its current value, to insert "{{…}}".
 */
import { useMemo, type ReactNode } from 'react';
import { Select } from 'antd';
import { CONTEXT_FIELDS, resolveText, runsToText, type Placeholder } from '../../../../../shared/domain/placeholders';
import { isNumericKind } from '../../../../../shared/domain/indicator-kinds';
import { matches } from '../../../lib/text';
import type { YearModel } from '../year-model';

interface Option {
  value: string;
  label: ReactNode;
  search: string;
}

function valueOf(model: YearModel, p: Placeholder): string {
  const r = model.resolver(p);
  return 'text' in r ? r.text : 'chưa có số liệu';
}

/** One choice: its name, its current value and the token it inserts. */
function option(token: string, name: string, value: string): Option {
  return {
    value: token,
    search: `${token} ${name}`,
    label: (
      <span title={`${token}: ${name}`}>
        {name}: <b>{value}</b> <span style={{ color: '#8a94a3' }}>{token}</span>
      </span>
    ),
  };
}

export function PlaceholderPicker({ model, onPick }: { model: YearModel; onPick(token: string): void }) {
  const options = useMemo(() => {
    const indicators: Option[] = [];
    for (const ind of model.template.indicators) {
      const slots = [undefined, ...(ind.byYear ? model.years : [])];
      for (const year of slots) {
        const token = `{{${ind.code}${year ? `@${year}` : ''}}}`;
        const value = valueOf(model, { name: ind.code, target: 'indicator', flags: [], ...(year ? { year } : {}) });
        indicators.push(option(token, `${ind.label}${year ? ` năm ${year}` : ind.byYear ? ' (cả kỳ)' : ''}`, value));
      }
    }
    // Year on year: the change in words ("tăng 5,6% so với năm 2023") and the year before's value, for numbers.
    const yearOnYear: Option[] = [];
    for (const ind of model.template.indicators.filter((i) => isNumericKind(i.kind)))
      for (const [target, what] of [
        ['change', 'tăng/giảm so với năm trước'],
        ['prev', 'năm trước'],
      ] as const) {
        const token = `{{${target} ${ind.code}}}`;
        yearOnYear.push(option(token, `${ind.label} — ${what}`, valueOf(model, { name: ind.code, target, flags: [] })));
      }
    const fields: Option[] = Object.entries(CONTEXT_FIELDS).map(([name, desc]) => {
      const token = `{{${name}}}`;
      const value = runsToText(resolveText(token, model.resolver));
      return {
        value: token,
        search: `${token} ${desc}`,
        label: (
          <span>
            {desc[0].toUpperCase() + desc.slice(1)}: <b>{value}</b> <span style={{ color: '#8a94a3' }}>{token}</span>
          </span>
        ),
      };
    });
    return [
      { label: 'Chỉ tiêu (giá trị hiện tại)', title: 'chi-tieu', options: indicators },
      { label: 'So với năm trước', title: 'so-voi-nam-truoc', options: yearOnYear },
      { label: 'Thông tin chung', title: 'thong-tin', options: fields },
    ];
  }, [model]);

  return (
    <Select<string | null, Option>
      aria-label="Chèn số liệu"
      style={{ width: '100%' }}
      value={null}
      placeholder="Chèn số liệu vào chỗ con trỏ: gõ tên hoặc mã chỉ tiêu để tìm…"
      options={options as never}
      showSearch={{ filterOption: (q, o) => !!o && 'search' in o && matches(q, o.search) }}
      onSelect={(token) => token && onPick(token)}
      listHeight={360}
    />
  );
}
