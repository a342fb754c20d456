/** `tonghop year backup|backups|restore|seal|verify|unseal|archive`: the archive from the command line, same rules. */
import { rpc } from '../../shared/rpc';
import { formatDateTime } from '../../shared/format/date';
import type { SealStatusDto } from '../../shared/rpc/archive';
import { HistoryArea, HistoryFilter } from '../../shared/rpc/history';
import type { CoreContext } from '../core';
import type { Contract, InputOf, OutputOf } from '../../shared/rpc/contract';
import { resolve } from 'node:path';
import { writeFileAtomic } from '../core/faults/atomic';
import { fail, type ParsedArgs } from './args';

export const ARCHIVE_HELP = `  year backup --workspace DIR --year 2024 [--reason "…"]
                                              Sao lưu dữ liệu năm (bản chép nhất quán kèm tệp mô tả) vào tonghop-2024/sao-luu
  year backups --workspace DIR --year 2024    Liệt kê các bản sao lưu (thời điểm, số đơn vị, số liệu)
  year restore TÊN_BẢN_SAO_LƯU --workspace DIR --year 2024 [--dry-run]
                                              Khôi phục từ bản sao lưu (kiểm tra mã SHA-256, giữ tệp hiện tại thành bản sao lưu trước)
  year seal --workspace DIR --year 2024       Khóa sổ: ghi dấu vân tay, biên bản khóa sổ; năm chỉ xem
  year verify --workspace DIR --year 2024     Kiểm tra toàn vẹn năm đã khóa sổ (mã thoát 3 nếu dữ liệu đã bị thay đổi)
  year unseal --workspace DIR --year 2024 --reason "…"
                                              Mở niêm phong để sửa (ghi lý do; niêm phong cũ được giữ trong lịch sử)
  year archive --workspace DIR --year 2024    Đóng gói lưu trữ (.zip: tệp năm, báo cáo, tệp gốc đơn vị, biên bản, mã kiểm tra)
  year history --workspace DIR --year 2024 [--unit MÃ] [--by TÊN] [--from yyyy-mm-dd] [--to yyyy-mm-dd] [--area LOẠI] [--xlsx TỆP]
                                              Lịch sử thay đổi (ai, lúc nào, thay đổi gì, từ nguồn nào); --xlsx ghi ra Excel;
                                              LOẠI: figure, list, narrative (lời văn), setting (cài đặt), unit (đơn vị), state (trình duyệt), import, check, seal
  year compare --workspace DIR --indicator MÃ [--by-unit] [--xlsx TỆP]
                                              So sánh các năm: một chỉ tiêu qua mọi năm (tổng, từng đơn vị), tăng giảm so với năm trước
  year compare --workspace DIR --list         Các chỉ tiêu có thể so sánh (mã, tên, các năm có)`;

type Call = <C extends Contract>(ctx: CoreContext, c: C, input: InputOf<C>) => Promise<OutputOf<C>>;
type Out = (value: unknown, text: string) => void;

function sealText(s: SealStatusDto): string {
  if (!s.seal) return `Năm ${s.year} chưa khóa sổ.${s.problem ? ` ${s.problem}` : ''}`;
  const head = `Năm ${s.year} đã khóa sổ lúc ${formatDateTime(s.seal.sealedAt)} (${s.seal.sealedBy}); dấu vân tay ${s.seal.fingerprint}.`;
  return s.intact ? `${head}\nDữ liệu nguyên vẹn như khi khóa sổ.` : `${head}\n${s.problem}`;
}

/** Runs an archive command; returns false when the words are not one. */
export async function runArchive(ctx: CoreContext, args: ParsedArgs, year: () => number, call: Call, out: Out): Promise<boolean> {
  const [cmd, sub, ...rest] = args.positional;
  if (cmd !== 'year') return false;
  switch (sub) {
    case 'backup': {
      const b = await call(ctx, rpc.archive.backup, { year: year(), reason: args.options.reason });
      out(b, `Đã sao lưu năm ${year()}: ${b.folder}/${b.name} (${b.counts.units} đơn vị, ${b.counts.figures.toLocaleString('vi-VN')} số liệu, SHA-256 ${b.sha256}).`);
      return true;
    }
    case 'backups': {
      const s = await call(ctx, rpc.archive.status, { year: year() });
      out(
        s.backups,
        s.backups.length
          ? s.backups.map((b) => `${b.name}\t${formatDateTime(b.createdAt)}\t${b.kind === 'auto' ? 'tự động' : 'theo yêu cầu'}\t${b.counts.units} đơn vị\t${b.counts.figures} số liệu\t${b.reason}`).join('\n')
          : `Năm ${year()} chưa có bản sao lưu nào.`,
      );
      return true;
    }
    case 'restore': {
      const name = rest[0];
      if (!name) fail('Cần TÊN_BẢN_SAO_LƯU (xem: year backups).');
      const input = { year: year(), name };
      const r = args.flags.has('dry-run') ? await call(ctx, rpc.archive.restorePreview, input) : await call(ctx, rpc.archive.restore, input);
      const what = r.same ? 'không có gì khác với dữ liệu hiện tại' : r.changed.length ? `phần khác nhau: ${r.changed.join('; ')}` : 'dữ liệu hiện tại không mở được';
      out(
        r,
        args.flags.has('dry-run')
          ? `Kiểm tra thử (chưa thay đổi gì): khôi phục ${name} (${r.backup.counts.units} đơn vị, ${r.backup.counts.figures} số liệu) — ${what}.`
          : `Đã khôi phục năm ${year()} từ ${name} — ${what}. Tệp trước khi khôi phục được giữ trong thư mục sao lưu.`,
      );
      return true;
    }
    case 'seal': {
      const sealed = await call(ctx, rpc.archive.seal, { year: year() });
      // The Biên bản's PDF right after (LibreOffice); the seal stands whether or not it can be made.
      const s = await call(ctx, rpc.archive.recordPdf, { year: year() }).catch((e: Error) => ({ ...sealed, recordPdfNote: e.message }));
      const record = [s.record, s.recordPdf].filter(Boolean).join(', ');
      out(s, `Đã khóa sổ. ${sealText(s)}${record ? `\nBiên bản khóa sổ: ${record}` : ''}${s.recordPdfNote ? `\n${s.recordPdfNote}` : ''}`);
      return true;
    }
    case 'verify': {
      const s = await call(ctx, rpc.archive.verify, { year: year() });
      out(s, sealText(s));
      if (s.intact === false) process.exitCode = 3;
      return true;
    }
    case 'unseal': {
      const reason = args.options.reason;
      if (!reason) fail('Cần --reason "lý do mở niêm phong".');
      const s = await call(ctx, rpc.archive.unseal, { year: year(), reason });
      out(s, `Đã mở niêm phong năm ${year()}; dữ liệu sửa được. Niêm phong cũ được giữ trong lịch sử.`);
      return true;
    }
    case 'archive': {
      const p = await call(ctx, rpc.archive.package, { year: year() });
      out({ ...p, base64: undefined }, `Đã đóng gói lưu trữ năm ${year()}: ${p.path} (${p.files} tệp, ${p.size.toLocaleString('vi-VN')} byte).`);
      return true;
    }
    case 'history': {
      const units = await call(ctx, rpc.units.list, { year: year() });
      const unit = args.options.unit ? units.find((u) => u.code.toLowerCase() === args.options.unit!.toLowerCase()) : undefined;
      if (args.options.unit && !unit) fail(`Không có đơn vị mã “${args.options.unit}”.`);
      const area = args.options.area ? HistoryFilter.shape.area.unwrap().safeParse(args.options.area) : null;
      if (area && !area.success) fail(`Không có loại thay đổi “${args.options.area}” (${HistoryArea.options.join(', ')}).`);
      const filter = { unitId: unit?.id, by: args.options.by, from: args.options.from, to: args.options.to, area: area?.data };
      if (args.options.xlsx) {
        const x = await call(ctx, rpc.history.export, { year: year(), filter });
        writeFileAtomic(resolve(args.options.xlsx), Buffer.from(x.base64, 'base64'));
        out({ rows: x.rows, path: resolve(args.options.xlsx) }, `Đã ghi ${x.rows} thay đổi vào ${resolve(args.options.xlsx)}.`);
        return true;
      }
      const rows = await call(ctx, rpc.history.list, { year: year(), filter });
      out(rows, rows.length ? rows.map((r) => `${formatDateTime(r.at)}\t${r.by}\t${r.unit ?? ''}\t${r.what}\t${r.source}`).join('\n') : 'Không có thay đổi nào khớp điều kiện lọc.');
      return true;
    }
    case 'compare':
      await compare(ctx, args, call, out);
      return true;
    default:
      return false;
  }
}

/** `year compare`: the "So sánh các năm" table as text (years as columns, the change after each), or to .xlsx. */
async function compare(ctx: CoreContext, args: ParsedArgs, call: Call, out: Out): Promise<void> {
  if (args.flags.has('list')) {
    const { indicators, skipped } = await call(ctx, rpc.compare.indicators, {});
    out(indicators, [...indicators.map((i) => `${i.code}\t${i.label}\t${i.years.join(', ')}`), ...skipped.map((s) => `Bỏ qua ${s.file}: ${s.problem}`)].join('\n'));
    return;
  }
  const code = args.options.indicator;
  if (!code) fail('Cần --indicator MÃ_CHỈ_TIÊU (xem: year compare --list).');
  const input = { code, byUnit: args.flags.has('by-unit') };
  if (args.options.xlsx) {
    const x = await call(ctx, rpc.compare.export, input);
    writeFileAtomic(resolve(args.options.xlsx), Buffer.from(x.base64, 'base64'));
    out({ path: resolve(args.options.xlsx) }, `Đã ghi bảng so sánh vào ${resolve(args.options.xlsx)}.`);
    return;
  }
  const t = await call(ctx, rpc.compare.table, input);
  const cells = (r: { shown: string[]; changes: (string | null)[] }) => r.shown.map((v, i) => (r.changes[i] ? `${v} (${r.changes[i]})` : v));
  const lines = [
    `${t.indicator.label}${t.indicator.unit ? ` (${t.indicator.unit})` : ''} — ${t.indicator.code}`,
    ['Đơn vị', ...t.columns.map((c) => `Năm ${c.label}`)].join('\t'),
    ...[t.total, ...t.units].map((r) => [r.unitCode ? `${r.unitCode} ${r.name}` : r.name, ...cells(r)].join('\t') + (r.note ? `\t(${r.note})` : '')),
    ...t.notes,
    ...t.skipped.map((s) => `Bỏ qua ${s.file}: ${s.problem}`),
  ];
  out(t, lines.join('\n'));
}
