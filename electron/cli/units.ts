/**
 * `tonghop units …` and `tonghop template …`: the unit list and the template of a year from the command line,
 * through the same contracts as the app, so that a whole year can be set up and tested by script.
 */
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { rpc } from '../../shared/rpc';
import { UNIT_KIND_LABELS } from '../../shared/domain/template';
import { unitKindFromText } from '../core/services/units';
import type { CoreContext } from '../core';
import type { Contract, InputOf, OutputOf } from '../../shared/rpc/contract';
import { fail, type ParsedArgs } from './args';

export const UNITS_HELP = `  units list --workspace DIR --year 2024      Liệt kê đơn vị (mã, tên, loại, đang/ngừng báo cáo)
  units add MÃ "TÊN" LOẠI --workspace DIR --year 2024
                                              Thêm đơn vị (LOẠI: phường, xã, cơ quan chuyên môn, đơn vị sự nghiệp, khác)
  units import TỆP.xlsx --workspace DIR --year 2024
                                              Nạp danh sách đơn vị từ Excel (cột Mã, Tên, Loại; lưu tất cả hoặc không lưu gì)
  units deactivate MÃ --workspace DIR --year 2024
                                              Ngừng nhận báo cáo của đơn vị (số liệu đã có được giữ)
  units link MÃ --rename MÃ_CŨ [--name "TÊN CŨ"] --workspace DIR --year 2024
  units link MÃ --merge MÃ_CŨ_1,MÃ_CŨ_2 --workspace DIR --year 2024
  units link MÃ --none --workspace DIR --year 2024
                                              Mã cũ của đơn vị (đổi tên: một mã; sáp nhập: các mã được cộng lại) để số
                                              liệu các năm trước đọc từ tệp năm đã khóa sổ theo được đơn vị
  units links --workspace DIR --year 2024     Liệt kê mã cũ của các đơn vị
  template list --workspace DIR               Các mẫu báo cáo có sẵn (mã, tên, kỳ mặc định)
  template choose MÃ_MẪU --workspace DIR --year 2024 [--from 2021 --to 2023]
                                              Chọn mẫu báo cáo và kỳ báo cáo của năm (số liệu đã có được giữ)`;

type Call = <C extends Contract>(ctx: CoreContext, c: C, input: InputOf<C>) => Promise<OutputOf<C>>;
type Out = (value: unknown, text: string) => void;

function yearArg(raw: string | undefined, name: string): number {
  if (!raw || !/^\d{4}$/.test(raw)) fail(`${name} “${raw ?? ''}” không hợp lệ: cần 4 chữ số, ví dụ 2024.`);
  return Number(raw);
}

/** Runs `units …` or `template …`; returns false when the command is neither. */
export async function runUnitsOrTemplate(ctx: CoreContext, args: ParsedArgs, year: () => number, call: Call, out: Out): Promise<boolean> {
  const [cmd, sub, ...rest] = args.positional;
  const unitByCode = async (y: number, code: string | undefined) => {
    if (!code) fail('Thiếu MÃ đơn vị.');
    const units = await call(ctx, rpc.units.list, { year: y });
    const u = units.find((x) => x.code.toLowerCase() === code.toLowerCase());
    if (!u) fail(`Không có đơn vị mã “${code}” trong năm ${y}.`);
    return u;
  };
  switch (`${cmd} ${sub ?? ''}`.trim()) {
    case 'units list': {
      const units = await call(ctx, rpc.units.list, { year: year() });
      const active = units.filter((u) => u.active).length;
      out(units, [
        ...units.map((u) => `${u.code}\t${u.name}\t${UNIT_KIND_LABELS[u.kind]}${u.active ? '' : '\tngừng báo cáo'}`),
        `${units.length} đơn vị, ${active} đang báo cáo.`,
      ].join('\n'));
      return true;
    }
    case 'units add': {
      const [code, name, kindText] = rest;
      if (!code || !name || !kindText) fail('Cần MÃ, TÊN và LOẠI, ví dụ: units add X07 "Xã Tịnh Kỳ" xã.');
      const kind = unitKindFromText(kindText);
      if (!kind) fail(`Loại đơn vị “${kindText}” không rõ; dùng một trong: ${Object.values(UNIT_KIND_LABELS).join(', ')}.`);
      const u = await call(ctx, rpc.units.add, { year: year(), code, name, kind });
      out(u, `Đã thêm đơn vị ${u.code} — ${u.name} (${UNIT_KIND_LABELS[u.kind]}).`);
      return true;
    }
    case 'units import': {
      const file = rest[0];
      if (!file) fail('Cần TỆP.xlsx có các cột Mã, Tên, Loại.');
      let bytes: Buffer;
      try {
        bytes = readFileSync(resolve(file));
      } catch {
        fail(`Không đọc được tệp “${file}”.`);
      }
      const r = await call(ctx, rpc.units.importExcel, { year: year(), fileName: basename(file), base64: bytes.toString('base64') });
      out(r, `Đã nạp danh sách đơn vị từ “${basename(file)}”: thêm ${r.added}, cập nhật ${r.updated}; năm có ${r.units.length} đơn vị.`);
      return true;
    }
    case 'units deactivate': {
      const y = year();
      const u = await unitByCode(y, rest[0]);
      const saved = await call(ctx, rpc.units.update, { year: y, id: u.id, active: false });
      out(saved, `Đã ngừng nhận báo cáo của ${saved.name} (${saved.code}); số liệu đã có được giữ.`);
      return true;
    }
    case 'units link': {
      const y = year();
      const u = await unitByCode(y, rest[0]);
      const { rename, merge } = args.options;
      if ([rename, merge, args.flags.has('none') ? 'x' : undefined].filter(Boolean).length !== 1)
        fail('Cần đúng một trong: --rename MÃ_CŨ, --merge MÃ_1,MÃ_2 hoặc --none.');
      const earlier = rename
        ? [{ code: rename, name: args.options.name }]
        : merge
          ? merge.split(',').map((c) => ({ code: c.trim() })).filter((e) => e.code)
          : [];
      const r = await call(ctx, rpc.units.setLink, { year: y, unitId: u.id, kind: rename ? 'rename' : merge ? 'merge' : 'none', earlier });
      const said = r.link
        ? `${u.name} (${u.code}) ${r.link.kind === 'merge' ? 'sáp nhập từ' : 'có mã cũ'} ${r.link.earlier.map((e) => (e.name ? `${e.code} (${e.name})` : e.code)).join(', ')}.`
        : `Đã bỏ mã cũ của ${u.name} (${u.code}).`;
      const warn = r.notFound.length ? `\nChưa thấy mã ${r.notFound.join(', ')} trong tệp năm nào trước năm ${y}.` : '';
      out(r, `${said}${warn}`);
      return true;
    }
    case 'units links': {
      const y = year();
      const [links, units] = await Promise.all([call(ctx, rpc.units.links, { year: y }), call(ctx, rpc.units.list, { year: y })]);
      const byId = new Map(units.map((u) => [u.id, u]));
      out(
        links,
        links.length
          ? links.map((l) => `${byId.get(l.unitId)?.code ?? l.unitId}\t${l.kind === 'merge' ? 'sáp nhập từ' : 'mã cũ'}\t${l.earlier.map((e) => e.code).join(', ')}`).join('\n')
          : `Năm ${y} chưa có đơn vị nào ghi mã cũ.`,
      );
      return true;
    }
    case 'template list': {
      const list = await call(ctx, rpc.templates.builtin, {});
      out(list, list.map((t) => `${t.id}\t${t.name} (phiên bản ${t.version}, kỳ mặc định ${t.period.fromYear} - ${t.period.toYear}, ${t.indicatorCount} chỉ tiêu)`).join('\n'));
      return true;
    }
    case 'template choose': {
      const id = rest[0];
      if (!id) fail('Cần MÃ_MẪU; xem: npm run cli -- template list --workspace DIR.');
      const list = await call(ctx, rpc.templates.builtin, {});
      const t = list.find((x) => x.id === id);
      if (!t) fail(`Không có mẫu báo cáo mã “${id}”. Các mẫu có sẵn: ${list.map((x) => x.id).join(', ')}.`);
      const period = {
        fromYear: args.options.from ? yearArg(args.options.from, '--from') : t.period.fromYear,
        toYear: args.options.to ? yearArg(args.options.to, '--to') : t.period.toYear,
      };
      const y = year();
      const r = await call(ctx, rpc.templates.choose, { year: y, templateId: id, period });
      out(r, `Năm ${y} dùng mẫu “${r.template.name}”, kỳ ${r.regime.period.fromYear} - ${r.regime.period.toYear}.`);
      return true;
    }
    default:
      return false;
  }
}
