/**
 * A bar chart of one indicator's office total by year, drawn as SVG (no chart library): bars with their value as
 * the report writes it, a "—" where a year has no value, and a value axis in Vietnamese number format.
 */
import { formatNumber } from '../../../../shared/format/number';
import type { CompareTableDto } from '../../../../shared/rpc/compare';

const W = 720;
const H = 220;
const PAD = { left: 64, right: 16, top: 24, bottom: 40 };

/** 1, 2 or 5 × 10^n: an axis step that gives about `count` ticks up to `max`. */
export function niceStep(max: number, count = 4): number {
  if (max <= 0) return 1;
  const raw = max / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const m = raw / pow;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * pow;
}

export function CompareChart({ table }: { table: CompareTableDto }) {
  const { columns, total, indicator } = table;
  const values = total.values.map((v) => (v === null || Number.isNaN(Number(v)) ? null : Number(v)));
  const max = Math.max(0, ...values.filter((v): v is number => v !== null));
  const step = niceStep(max);
  const top = indicator.kind === 'ratio' ? Math.max(100, Math.ceil(max / step) * step) : Math.max(step, Math.ceil(max / step) * step);
  const ticks = Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, columns.length);
  const barW = Math.min(64, slot * 0.6);
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  const tick = (v: number) => (indicator.kind === 'ratio' ? `${formatNumber(String(v))}%` : formatNumber(String(v)));
  return (
    <svg
      role="img"
      aria-label={`Biểu đồ ${indicator.label} qua các năm`}
      viewBox={`0 0 ${W} ${H}`}
      style={{ width: '100%', maxWidth: W, height: 'auto', display: 'block' }}
      data-testid="compare-chart"
    >
      {ticks.map((t) => (
        <g key={t}>
          <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} stroke={t === 0 ? '#8c8c8c' : '#e5e7eb'} />
          <text x={PAD.left - 8} y={y(t) + 4} textAnchor="end" fontSize={12} fill="#595959">
            {tick(t)}
          </text>
        </g>
      ))}
      {columns.map((c, i) => {
        const cx = PAD.left + slot * i + slot / 2;
        const v = values[i];
        return (
          <g key={c.label}>
            {v !== null ? (
              <>
                <rect x={cx - barW / 2} y={y(Math.max(0, v))} width={barW} height={Math.max(0, y(0) - y(Math.max(0, v)))} fill={c.sealed ? '#1f5fa8' : '#6a9fd8'}>
                  <title>{`Năm ${c.label}: ${total.shown[i]}`}</title>
                </rect>
                <text x={cx} y={y(Math.max(0, v)) - 6} textAnchor="middle" fontSize={12} fontWeight={600} fill="#262626">
                  {total.shown[i]}
                </text>
              </>
            ) : (
              <text x={cx} y={y(0) - 6} textAnchor="middle" fontSize={13} fill="#8c8c8c">
                —
              </text>
            )}
            <text x={cx} y={H - PAD.bottom + 18} textAnchor="middle" fontSize={12} fill="#262626">
              {c.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
