/**
 * `tonghop check`: the consistency checks from the command line, on a year's report (--workspace DIR --year Y)
 * or on a document alone (--file FILE.docx|FILE.txt). Exit code 1 when there is at least one error finding,
 * 0 otherwise, 2 when the input cannot be read.
 */
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { ParsedArgs } from './args';
import { closeCore, createCore, type CoreContext } from '../core';
import { checkOutside, checkYear, outsideDocument } from '../core/services/checks';
import type { CheckReportDto, FindingDto } from '../../shared/rpc/checks';

export const CHECK_HELP = `  check --workspace DIR --year 2024 [--json]  Kiểm tra báo cáo của năm: số liệu, phép tính trong câu văn, viện dẫn văn bản,
                                              thể thức theo Nghị định 30/2020, đề cương và phụ lục
  check --file TỆP.docx|TỆP.txt [--json]      Kiểm tra một văn bản từ bên ngoài (các phép kiểm tra không cần số liệu)
                                              Mã thoát 1 nếu có lỗi, 0 nếu không có lỗi, 2 nếu không đọc được đầu vào`;

const LABEL: Record<FindingDto['severity'], string> = { error: 'Lỗi', warning: 'Cảnh báo', info: 'Lưu ý' };

function place(f: FindingDto): string {
  const l = f.location;
  if (l.kind === 'text') return l.sectionTitle ? `${l.sectionTitle.length > 70 ? `${l.sectionTitle.slice(0, 70)}…` : l.sectionTitle}` : l.sectionId;
  if (l.kind === 'data') return ['Số liệu', l.code, l.year ? `năm ${l.year}` : ''].filter(Boolean).join(', ');
  if (l.kind === 'appendix') return l.label;
  return 'Toàn văn bản';
}

/** The findings as text, grouped by severity, with a summary line. */
export function describeFindings(r: CheckReportDto, what: string): string {
  const lines: string[] = [];
  for (const sev of ['error', 'warning', 'info'] as const) {
    const list = r.findings.filter((f) => f.severity === sev && !f.dismissed);
    if (!list.length) continue;
    lines.push(`${LABEL[sev].toUpperCase()} (${list.length})`);
    for (const f of list) {
      lines.push(`- [${place(f)}] ${f.message}`);
      if (f.excerpt) lines.push(`    «${f.excerpt}»${f.expected ? ` → ${f.expected}` : ''}`);
    }
    lines.push('');
  }
  const dismissed = r.findings.filter((f) => f.dismissed).length;
  const { error, warning, info } = r.counts;
  lines.push(
    error + warning + info === 0
      ? `${what}: không phát hiện vấn đề nào${dismissed ? ` (${dismissed} mục đã được bỏ qua có lý do)` : ''}.`
      : `${what}: ${error} lỗi, ${warning} cảnh báo, ${info} lưu ý${dismissed ? `; ${dismissed} mục đã được bỏ qua có lý do` : ''}.`,
  );
  return lines.join('\n');
}

function json(r: CheckReportDto): string {
  const findings = r.findings.filter((f) => !f.dismissed).map(({ code, severity, message, excerpt, location, expected }) => ({ code, severity, message, excerpt, location, ...(expected !== undefined ? { expected } : {}) }));
  return JSON.stringify({ findings }, null, 2);
}

/** Runs the command and returns the exit code (messages go to stdout/stderr). */
export async function runCheckCommand(args: ParsedArgs): Promise<number> {
  const file = args.options.file;
  const asJson = args.flags.has('json');
  const unreadable = (message: string) => {
    console.error(`Lỗi: ${message}`);
    return 2;
  };
  let report: CheckReportDto;
  let what: string;
  if (file) {
    const path = resolve(file);
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(path));
    } catch (e) {
      return unreadable(`Không đọc được tệp “${path}”: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'không có tệp này' : (e as Error).message}.`);
    }
    const ctx = createCore({ host: 'cli', workspaceDir: null, actor: args.options.user });
    try {
      report = checkOutside(ctx, outsideDocument(basename(path), bytes));
    } catch (e) {
      return unreadable((e as Error).message);
    } finally {
      closeCore(ctx);
    }
    what = `Văn bản ${basename(path)}`;
  } else {
    const dir = args.options.workspace;
    const year = args.options.year;
    if (!dir || !year) return unreadable('Cần --file TỆP, hoặc --workspace THƯ_MỤC cùng --year NĂM.');
    if (!/^\d{4}$/.test(year)) return unreadable(`Năm "${year}" không hợp lệ: cần 4 chữ số, ví dụ 2024.`);
    let ctx;
    try {
      ctx = createCore({ host: 'cli', workspaceDir: resolve(dir), actor: args.options.user });
      report = checkYear(ctx, Number(year));
    } catch (e) {
      return unreadable((e as Error).message);
    } finally {
      if (ctx) closeCore(ctx);
    }
    what = `Báo cáo năm ${year}`;
  }
  console.log(asJson ? json(report) : describeFindings(report, what));
  return report.counts.error > 0 ? 1 : 0;
}

/** After `report`: a report written with errors is never silent. Null when the checks find no error. */
export function reportCheckNote(ctx: CoreContext, year: number): string | null {
  const r = checkYear(ctx, year);
  const errors = r.findings.filter((f) => f.severity === 'error' && !f.dismissed);
  if (!errors.length) return null;
  return [
    `Lưu ý: báo cáo vừa lập còn ${errors.length} lỗi kiểm tra:`,
    ...errors.slice(0, 5).map((f) => `  - ${f.message}`),
    ...(errors.length > 5 ? [`  … và ${errors.length - 5} lỗi khác.`] : []),
    `Xem đủ: npm run cli -- check --workspace THƯ_MỤC --year ${year}`,
  ].join('\n');
}
