/**
 * `tonghop report status|identity|submit|return|approve|unlock|issue|versions|diff|pdf|attach-signed`: the review
 * of the year's report from the command line, through the same contracts, rules and messages as the app.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { rpc } from '../../shared/rpc';
import { formatDateTime, formatHeaderDate, parseVietnameseDate } from '../../shared/format/date';
import { ACTION_LABEL, ROLE_LABEL, ROLES, STATE_LABEL, type Role } from '../../shared/review/workflow';
import type { ReviewStatusDto } from '../../shared/rpc/review';
import type { CoreContext } from '../core';
import type { Contract, InputOf, OutputOf } from '../../shared/rpc/contract';
import { fail, type ParsedArgs } from './args';

export const REVIEW_HELP = `  report identity --workspace DIR [--name "Họ tên" --role chuyen-vien|lanh-dao|van-thu]
                                              Xem hoặc chọn tên và vai trò của người dùng máy này (ghi vào mọi thao tác)
  report status --workspace DIR --year 2024   Trạng thái báo cáo (Đang soạn, Trình lãnh đạo, Trả lại, Đã duyệt, Đã phát hành) và lịch sử
  report submit --workspace DIR --year 2024 [--note "…"]
                                              Trình lãnh đạo: lưu phiên bản n và tệp Bao-cao-2024-du-thao-n.docx (không ghi đè)
  report return --workspace DIR --year 2024 --note "…"      Lãnh đạo trả lại (bắt buộc ghi nội dung cần sửa)
  report approve --workspace DIR --year 2024 [--note "…"] [--override "lý do"]
                                              Lãnh đạo duyệt; năm bị khóa (chỉ xem). Còn lỗi kiểm tra thì cần --override
  report unlock --workspace DIR --year 2024 --reason "…"     Mở khóa để sửa (bắt buộc ghi lý do), trở về Đang soạn
  report issue --workspace DIR --year 2024 --number 215 --date 08/05/2024
                                              Văn thư phát hành: ghi số, ngày; tạo Bao-cao-2024.docx và phụ lục chính thức
  report versions --workspace DIR --year 2024  Các phiên bản đã trình, tệp và mã SHA-256
  report diff --workspace DIR --year 2024 --from 1 --to 2   So sánh hai phiên bản: lời văn từng từ và số liệu cũ → mới
  report pdf --workspace DIR --year 2024 [--file Bao-cao-2024.docx]
                                              Chuyển sang PDF bằng LibreOffice (mặc định: bản mới nhất)
  report attach-signed TỆP --workspace DIR --year 2024
                                              Văn thư đính kèm bản quét đã ký (PDF, PNG, JPEG; tối đa 20 MB)`;

type Call = <C extends Contract>(ctx: CoreContext, c: C, input: InputOf<C>) => Promise<OutputOf<C>>;
type Out = (value: unknown, text: string) => void;

const SUBS = new Set(['identity', 'status', 'submit', 'return', 'approve', 'unlock', 'issue', 'versions', 'diff', 'pdf', 'attach-signed']);

function statusText(s: ReviewStatusDto): string {
  const lines = [`Báo cáo năm ${s.year}: ${STATE_LABEL[s.state]}${s.version ? ` (dự thảo lần ${s.version})` : ''}.`];
  if (s.issued) lines.push(`Đã phát hành: số ${s.issued.documentNumber}, ${formatHeaderDate(s.issued.date)}.`);
  if (s.lock) lines.push(`Năm đang khóa: ${s.lock.unlock}`);
  if (s.scans.length) lines.push(`Bản ký đã đính kèm: ${s.scans.map((x) => `tonghop-${s.year}/ban-ky/${x.storedName}`).join(', ')}.`);
  const open = s.comments.filter((c) => !c.resolvedAt);
  if (open.length) lines.push(`Còn ${open.length} góp ý chưa xử lý:`, ...open.map((c) => `  - ${c.excerpt.slice(0, 60)}: ${c.text} (${c.byName})`));
  if (s.transitions.length) lines.push('Lịch sử:');
  for (const t of s.transitions)
    lines.push(`  ${formatDateTime(t.at)}\t${ACTION_LABEL[t.action]}${t.version ? ` (lần ${t.version})` : ''}\t${t.byName} (${ROLE_LABEL[t.byRole]})${t.note ? `\t${t.note}` : ''}${t.detail?.override ? `\tvẫn duyệt khi còn ${t.detail.openErrors} lỗi: ${t.detail.override}` : ''}`);
  return lines.join('\n');
}

function int(args: ParsedArgs, key: string, example: string): number {
  const v = args.options[key];
  if (!v || !/^\d+$/.test(v)) fail(`Thiếu hoặc sai --${key} (ví dụ --${key} ${example}).`);
  return Number(v);
}

/** Runs a review command; returns false when the words are not one. */
export async function runReview(ctx: CoreContext, args: ParsedArgs, year: () => number, call: Call, out: Out): Promise<boolean> {
  const [cmd, sub, ...rest] = args.positional;
  if (cmd !== 'report' || !sub || !SUBS.has(sub)) return false;
  const o = args.options;
  switch (sub) {
    case 'identity': {
      if (o.name || o.role) {
        if (!o.name || !o.role || !(ROLES as readonly string[]).includes(o.role)) fail(`Cần cả --name "Họ tên" và --role (${ROLES.join(', ')}).`);
        const me = await call(ctx, rpc.review.setIdentity, { name: o.name, role: o.role as Role });
        out(me, `Máy này: ${me.name} (${ROLE_LABEL[me.role]}).`);
      } else {
        const me = await call(ctx, rpc.review.identity, {});
        out(me, me ? `Máy này: ${me.name} (${ROLE_LABEL[me.role]}).` : 'Máy này chưa chọn tên và vai trò (report identity --name "Họ tên" --role chuyen-vien).');
      }
      return true;
    }
    case 'status': {
      const s = await call(ctx, rpc.review.status, { year: year() });
      out(s, statusText(s));
      return true;
    }
    case 'submit': {
      const s = await call(ctx, rpc.review.submit, { year: year(), note: o.note });
      const v = s.versions.at(-1)!;
      out(s, [`Đã trình lãnh đạo dự thảo lần ${v.number}:`, ...v.files.map((f) => `  tonghop-${s.year}/bao-cao/${f.name} (SHA-256 ${f.sha256})`)].join('\n'));
      return true;
    }
    case 'return': {
      const s = await call(ctx, rpc.review.return, { year: year(), note: o.note ?? '' });
      out(s, `Đã trả lại dự thảo lần ${s.version}: ${o.note}`);
      return true;
    }
    case 'approve': {
      const s = await call(ctx, rpc.review.approve, { year: year(), note: o.note, override: o.override });
      out(s, `Đã duyệt dự thảo lần ${s.version}. Năm ${s.year} đã khóa: dữ liệu chỉ xem.`);
      return true;
    }
    case 'unlock': {
      const s = await call(ctx, rpc.review.unlock, { year: year(), reason: o.reason ?? '' });
      out(s, `Đã mở khóa năm ${s.year} để sửa; báo cáo trở về Đang soạn.`);
      return true;
    }
    case 'issue': {
      const date = o.date ? parseVietnameseDate(o.date) : null;
      if (!date) fail('Thiếu hoặc sai --date (ví dụ --date 08/05/2024).');
      const s = await call(ctx, rpc.review.issue, { year: year(), number: int(args, 'number', '215'), date });
      const v = s.versions.at(-1)!;
      out(s, [`Đã phát hành báo cáo số ${s.issued!.documentNumber}, ${formatHeaderDate(date)}:`, ...v.files.map((f) => `  tonghop-${s.year}/bao-cao/${f.name} (SHA-256 ${f.sha256})`)].join('\n'));
      return true;
    }
    case 'versions': {
      const s = await call(ctx, rpc.review.status, { year: year() });
      out(
        s.versions,
        s.versions.length
          ? s.versions
              .map((v) => [`${v.kind === 'final' ? 'Bản phát hành' : `Dự thảo lần ${v.number}`}\t${formatDateTime(v.createdAt)}\t${v.createdBy}`, ...v.files.map((f) => `  ${f.name}\t${f.size.toLocaleString('vi-VN')} byte\t${f.sha256}`)].join('\n'))
              .join('\n')
          : `Báo cáo năm ${s.year} chưa trình lần nào.`,
      );
      return true;
    }
    case 'diff': {
      const d = await call(ctx, rpc.review.diff, { year: year(), from: int(args, 'from', '1'), to: int(args, 'to', '2') });
      const text = d.sections
        .filter((s) => s.changed)
        .map((s) => `${s.title}\n  ${s.parts.map((p) => (p.op === 'added' ? `[+${p.text}+]` : p.op === 'removed' ? `[-${p.text}-]` : p.text)).join('').replace(/\n/g, '\n  ')}`);
      const figures = d.figures.map((f) => `  ${f.label}: ${f.from ?? '(không có)'} → ${f.to ?? '(không có)'}`);
      out(
        d,
        [
          `So sánh phiên bản ${d.from} và ${d.to}:`,
          ...(text.length ? text : ['Lời văn không thay đổi.']),
          ...(figures.length ? ['Số liệu thay đổi:', ...figures] : ['Số liệu không thay đổi.']),
        ].join('\n'),
      );
      return true;
    }
    case 'pdf': {
      const s = await call(ctx, rpc.review.status, { year: year() });
      const name = o.file ?? s.versions.at(-1)?.files[0]?.name;
      if (!name) fail(`Báo cáo năm ${s.year} chưa có phiên bản nào; hãy trình lãnh đạo trước, hoặc chỉ rõ --file.`);
      const f = await call(ctx, rpc.review.pdf, { year: s.year, name });
      out(f, `Đã tạo tonghop-${s.year}/bao-cao/${f.name} (${f.size.toLocaleString('vi-VN')} byte).`);
      return true;
    }
    case 'attach-signed': {
      const file = rest[0];
      if (!file) fail('Cần đường dẫn tệp bản quét đã ký (PDF, PNG hoặc JPEG).');
      const path = resolve(file);
      if (statSync(path, { throwIfNoEntry: false })?.isFile() !== true) fail(`Không có tệp ${file}.`);
      const scan = await call(ctx, rpc.review.attachSigned, { year: year(), name: basename(path), base64: readFileSync(path).toString('base64') });
      out(scan, `Đã đính kèm bản ký: tonghop-${year()}/ban-ky/${scan.storedName} (SHA-256 ${scan.sha256}).`);
      return true;
    }
  }
  return false;
}
