/**
 * Where the earlier years of a multi-year report come from (services/earlier-years): one finding per year saying
 * whether its figures were read from that year's sealed year file or entered in the report year; a sealed file
 * that no longer matches its fingerprint (not used); values entered in the report year that differ from the sealed
 * year's; earlier units no unit of the report year follows; and year-on-year placeholders with no previous year.
 * PURE.
 */
import { formatIndicatorValue } from '../domain/aggregate';
import { formatDateTime } from '../format/date';
import type { Check, CheckData, Finding } from './types';

type Raw = Omit<Finding, 'id'>;

const fp = (f: string | null) => (f ? `${f.slice(0, 12)}…` : '');
const doc = { kind: 'document' as const };

function value(data: CheckData, code: string, v: string | null): string {
  const ind = data.template.indicators.find((i) => i.code === code);
  if (v === null) return 'không có số liệu';
  return ind ? formatIndicatorValue(ind, v, { padCounts: false }) : v;
}

/** One finding per earlier year of the period: its sealed file (with fingerprint), or the values entered this year. */
export const earlierYearSource: Check = {
  name: 'earlier-year-source',
  needsData: true,
  run({ data }) {
    if (!data?.earlier || data.year === undefined) return [];
    const here = data.year;
    const labels = (codes: string[]) => codes.map((c) => data.template.indicators.find((i) => i.code === c)?.label ?? c).join('; ');
    return data.earlier.years.map((e): Raw => {
      const excerpt = `Năm ${e.year} · ${e.file}`;
      if (e.status === 'sealed') {
        const missing = e.missingIndicators.length
          ? ` Tệp đó không có ${e.missingIndicators.length} chỉ tiêu (${labels(e.missingIndicators)}): các chỉ tiêu này dùng số liệu nhập trong năm ${here}.`
          : '';
        const unmatched = e.unmatchedUnits.length
          ? ` ${e.unmatchedUnits.length} đơn vị không có trong tệp năm ${e.year} (${e.unmatchedUnits.map((u) => u.name).join(', ')}): dùng số liệu nhập trong năm ${here}.`
          : '';
        return {
          code: 'earlier-year-source',
          severity: 'info',
          message: `Số liệu năm ${e.year} lấy từ tệp năm ${e.year} đã khóa sổ (dấu vân tay ${fp(e.fingerprint)}${e.sealedAt ? `, khóa sổ lúc ${formatDateTime(e.sealedAt)}` : ''}).${missing}${unmatched}`,
          excerpt,
          location: doc,
        };
      }
      if (e.status === 'broken')
        return {
          code: 'earlier-year-source',
          severity: 'error',
          message: e.fingerprint
            ? `Tệp năm ${e.year} đã khóa sổ nhưng dữ liệu đã bị thay đổi sau khi khóa sổ (dấu vân tay ${fp(e.fingerprint)} không khớp) nên không được dùng: số liệu năm ${e.year} dùng số liệu nhập trong năm ${here}. ${e.problem ?? ''}`.trim()
            : `Tệp năm ${e.year} không dùng được nên số liệu năm ${e.year} dùng số liệu nhập trong năm ${here}. ${e.problem ?? ''}`.trim(),
          excerpt,
          location: doc,
        };
      return {
        code: 'earlier-year-source',
        severity: 'info',
        message: `Năm ${e.year} chưa có tệp năm đã khóa sổ${e.status === 'unsealed' ? ` (tệp ${e.file} có nhưng chưa khóa sổ)` : ''}: dùng số liệu nhập trong năm ${here}.`,
        excerpt,
        location: doc,
      };
    });
  },
};

/** A value entered in the report year for a cell a sealed year governs, that differs from the sealed value. */
export const earlierYearConflict: Check = {
  name: 'earlier-year-conflict',
  needsData: true,
  run({ data }) {
    if (!data?.earlier || data.year === undefined) return [];
    const units = new Map(data.units.map((u) => [u.id, u]));
    return data.earlier.years.flatMap((e) =>
      e.conflicts.map((c): Raw => {
        const ind = data.template.indicators.find((i) => i.code === c.code);
        const unit = units.get(c.unitId);
        return {
          code: 'earlier-year-conflict',
          severity: 'warning',
          message:
            `${unit?.name ?? c.unitId} – ${ind?.label ?? c.code} năm ${c.year}: tệp năm ${c.year} đã khóa sổ ghi ${value(data, c.code, c.sealed)}, ` +
            `số nhập trong năm ${data.year} là ${value(data, c.code, c.entered)}; báo cáo dùng số của tệp đã khóa sổ. Hãy xóa số nhập trong năm ${data.year} hoặc mở niêm phong năm ${c.year} để sửa.`,
          excerpt: `${unit?.name ?? ''} · ${ind?.label ?? c.code} · ${c.year}`,
          location: { kind: 'data', code: c.code, unitId: c.unitId, unitName: unit?.name, year: c.year, sectionId: ind?.section },
          expected: value(data, c.code, c.sealed),
        };
      }),
    );
  },
};

/** Units of a sealed year, with figures, that no unit of the report year follows (same code or earlier code). */
export const earlierYearUnclaimed: Check = {
  name: 'earlier-year-unclaimed',
  needsData: true,
  run({ data }) {
    if (!data?.earlier || data.year === undefined) return [];
    return data.earlier.years
      .filter((e) => e.unclaimedUnits.length > 0)
      .map((e): Raw => ({
        code: 'earlier-year-unclaimed',
        severity: 'warning',
        message:
          `Tệp năm ${e.year} có số liệu của ${e.unclaimedUnits.map((u) => `${u.name} (mã ${u.code})`).join(', ')} nhưng không đơn vị nào của năm ${data.year} ` +
          `mang mã này hoặc ghi mã này là mã cũ: số liệu đó không được tính vào năm ${e.year}. Ở trang Đơn vị, ghi “Tên/mã cũ” hoặc “Sáp nhập từ” cho đơn vị kế thừa.`,
        excerpt: `Năm ${e.year} · ${e.unclaimedUnits.map((u) => u.code).join(', ')}`,
        location: doc,
      }));
  },
};

/** A unit merged from earlier codes some of which a sealed year does not have: its value for that year is partial. */
export const earlierYearPartial: Check = {
  name: 'earlier-year-partial',
  needsData: true,
  run({ data }) {
    if (!data?.earlier || data.year === undefined) return [];
    return data.earlier.years.flatMap((e) =>
      e.partialUnits.map((u): Raw => ({
        code: 'earlier-year-partial',
        severity: 'warning',
        message:
          `${u.name} (${u.code}) ghi mã cũ ${u.missing.join(', ')} nhưng tệp năm ${e.year} đã khóa sổ không có đơn vị mang mã này: số liệu năm ${e.year} ` +
          `của ${u.name} chỉ gồm phần của các đơn vị cũ có trong tệp. Kiểm tra lại mã cũ ở trang Đơn vị.`,
        excerpt: `Năm ${e.year} · ${u.code} · ${u.missing.join(', ')}`,
        location: { kind: 'data', unitId: u.unitId, unitName: u.name, year: e.year },
      })),
    );
  },
};

/** Year-on-year placeholders ({{prev}}, {{change}}) when the previous year has no usable sealed file. */
export const previousYearSource: Check = {
  name: 'previous-year-source',
  needsData: true,
  run({ data, document }) {
    const prev = data?.earlier?.previous;
    if (!data || !prev) return [];
    const texts = [...Object.values(data.narratives).flat().map((b) => b.text), ...document.paragraphs.map((p) => p.text)];
    const templateTexts = JSON.stringify([data.template.opening, data.template.outline, data.template.closing]);
    if (!/\{\{\s*(prev|change)\s/.test(templateTexts) && !texts.some((t) => /\{\{\s*(prev|change)\s/.test(t))) return [];
    const excerpt = `Năm ${prev.year} · ${prev.file}`;
    if (prev.status === 'sealed')
      return [{ code: 'previous-year-source', severity: 'info', message: `So sánh với năm ${prev.year} dùng số liệu của tệp năm ${prev.year} đã khóa sổ (dấu vân tay ${fp(prev.fingerprint)}).`, excerpt, location: doc }];
    const why =
      prev.status === 'broken'
        ? `tệp năm ${prev.year} đã bị thay đổi sau khi khóa sổ nên không được dùng. ${prev.problem ?? ''}`.trim()
        : prev.status === 'unsealed'
          ? `tệp ${prev.file} chưa khóa sổ`
          : `thư mục làm việc không có tệp năm ${prev.year}`;
    return [
      {
        code: 'previous-year-source',
        severity: 'warning',
        message: `Chưa có số liệu năm ${prev.year} để so sánh (câu “so với năm ${prev.year}” hiện ghi “[chưa có số liệu …]”): ${why}.`,
        excerpt,
        location: doc,
      },
    ];
  },
};

export const YEAR_CHECKS: Check[] = [earlierYearSource, earlierYearConflict, earlierYearUnclaimed, earlierYearPartial, previousYearSource];
