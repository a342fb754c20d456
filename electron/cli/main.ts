/**
 * The `tonghop` command (`npm run cli -- <command>`). Every command goes through the same dispatcher as the UI,
 * so it validates and fails the same way. Exit code non-zero with a Vietnamese message on any error.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { closeCore, createCore, dispatch, type CoreContext } from '../core';
import { rpc } from '../../shared/rpc';
import type { Contract, InputOf, OutputOf } from '../../shared/rpc/contract';
import { applySetting, readSetting, SETTING_KEYS, type SettingKey } from '../../shared/domain/settings';
import { fail, parseArgs, type ParsedArgs } from './args';
import { loadDemo } from '../core/services/demo';
import { yearSummary } from '../core/services/summary';
import { generateReport, type GeneratedFile } from '../core/services/report';
import { generateForms } from '../core/services/forms';
import { runImport } from './import';
import { withAccess } from '../core/access';
import { CHECK_HELP, reportCheckNote, runCheckCommand } from './check';
import { runUnitsOrTemplate, UNITS_HELP } from './units';
import { ARCHIVE_HELP, runArchive } from './archive';
import { REVIEW_HELP, runReview } from './review';
import { outputNames } from '../../shared/review/workflow';
import { cliMessage } from './faults';

const HELP = `Tổng hợp báo cáo — dòng lệnh

Cách dùng: npm run cli -- <lệnh> [tùy chọn]   (hoặc: tonghop <lệnh> …)

  year create --workspace DIR --year 2024     Tạo dữ liệu năm mới (mang theo cài đặt và đơn vị của năm trước)
  year list --workspace DIR                   Liệt kê các năm trong thư mục làm việc
  settings show --workspace DIR --year 2024   Xem cài đặt của năm
  settings set KEY VALUE --workspace DIR --year 2024
                                              Đổi một mục cài đặt (danh sách: mỗi dòng một mục, dùng \\n)
  demo --workspace DIR                        Tạo năm 2024 (kỳ 2021 - 2023) từ dữ liệu mẫu của báo cáo sơ kết Chỉ thị 08
  figures --workspace DIR --year 2024 [--json]
                                              In mọi chỉ tiêu đã tổng hợp (giá trị và cách viết) và kết quả kiểm tra
  report --workspace DIR --year 2024 --out DIR2
                                              Lập bản làm việc của báo cáo (Bao-cao-2024-du-thao.docx, có dấu DỰ THẢO) và phụ lục vào thư mục DIR2
  forms --workspace DIR --year 2024 [--out DIR2]
                                              Tạo biểu mẫu Excel trống cho từng đơn vị và tệp nén chứa tất cả
                                              (mặc định vào tonghop-2024/bieu-mau trong thư mục làm việc)
  import --workspace DIR --year 2024 [--dry-run] TỆP_HOẶC_THƯ_MỤC…
                                              Nhập báo cáo Excel của các đơn vị (mỗi tệp lưu trọn vẹn hoặc không lưu gì);
                                              mọi tệp trong thư mục đều được liệt kê; mỗi đơn vị chỉ nhập bản mới nhất.
                                              --dry-run chỉ kiểm tra (--json in cả cách ghép đề xuất của tệp bố cục riêng).
                                              --choose TỆP: vẫn nhập bản cũ hơn hoặc chọn một trong các bản cùng lúc
                                              --map TỆP=MÃ_ĐƠN_VỊ: tệp này là báo cáo của đơn vị đó
                                              --accept-mapping: nhận cách ghép đề xuất cho tệp theo bố cục riêng
                                              --allow-erase: cho phép xóa số liệu đã có; --allow-empty: đơn vị không có gì để báo cáo
                                              Mã thoát 2 nếu có tệp bị từ chối hoặc cần xác nhận
${UNITS_HELP}
${ARCHIVE_HELP}
${REVIEW_HELP}
${CHECK_HELP}
  demo-report [--out DIR]                     Tạo dữ liệu mẫu trong thư mục tạm và lập báo cáo mẫu (mặc định vào ./out)

Tùy chọn chung: --user TÊN (người thực hiện, mặc định là tài khoản máy), --json (in kết quả dạng JSON)
Các mục cài đặt: ${Object.keys(SETTING_KEYS).join(', ')}`;

async function call<C extends Contract>(ctx: CoreContext, c: C, input: InputOf<C>): Promise<OutputOf<C>> {
  const env = await dispatch(ctx, c.channel, input, () => undefined);
  if (!env.ok) fail(env.error.message);
  return env.value as OutputOf<C>;
}

function need(args: ParsedArgs, key: string, what: string): string {
  const v = args.options[key];
  if (!v) fail(`Thiếu --${key} ${what}.`);
  return v;
}

function yearOf(args: ParsedArgs): number {
  const raw = need(args, 'year', 'NĂM (ví dụ --year 2024)');
  if (!/^\d{4}$/.test(raw)) fail(`Năm "${raw}" không hợp lệ: cần 4 chữ số, ví dụ 2024.`);
  return Number(raw);
}

function out(args: ParsedArgs, value: unknown, text: string): void {
  console.log(args.flags.has('json') ? JSON.stringify(value, null, 2) : text);
}

function describeFiles(files: GeneratedFile[], title: string): string {
  return [title, ...files.map((f) => `  ${f.path} (${f.size.toLocaleString('vi-VN')} byte)`)].join('\n');
}

export async function run(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  const [cmd, sub, ...rest] = args.positional;
  if (!cmd || args.flags.has('help') || cmd === 'help') {
    console.log(HELP);
    return;
  }
  if (cmd === 'demo-report') {
    const outDir = resolve(args.options.out ?? 'out');
    const workspaceDir = mkdtempSync(join(tmpdir(), 'tonghop-demo-'));
    const demoCtx = createCore({ host: 'cli', workspaceDir, actor: args.options.user });
    try {
      const y = loadDemo(demoCtx);
      const files = await generateReport(demoCtx, y.year, outDir);
      out(args, files, describeFiles(files, `Đã lập báo cáo mẫu năm ${y.year}:`));
    } finally {
      closeCore(demoCtx);
      rmSync(workspaceDir, { recursive: true, force: true });
    }
    return;
  }
  if (cmd === 'check') {
    process.exitCode = await runCheckCommand(args);
    return;
  }
  const ctx = createCore({ host: 'cli', workspaceDir: resolve(need(args, 'workspace', 'THƯ_MỤC')), actor: args.options.user });
  try {
    if (cmd === 'import') {
      // A dry run only reads: it goes through the gate as a reader, so it works on a locked year too.
      const r = await withAccess(args.flags.has('dry-run') ? 'read' : 'write', () =>
        runImport(ctx, yearOf(args), [sub, ...rest].filter((x): x is string => !!x), args),
      );
      out(args, r.json, r.text);
      if (r.refused) process.exitCode = 2;
      return;
    }
    switch (`${cmd} ${sub ?? ''}`.trim()) {
      case 'year create': {
        const y = await call(ctx, rpc.years.create, { year: yearOf(args) });
        out(args, y, `Đã tạo năm ${y.year} (${y.file}, ${y.unitCount} đơn vị).`);
        break;
      }
      case 'year list': {
        const years = await call(ctx, rpc.years.list, {});
        out(
          args,
          years,
          years.length === 0
            ? 'Thư mục làm việc chưa có năm nào.'
            : years
                .map((y) =>
                  y.problem
                    ? `${y.year}\t${y.file}\tKHÔNG MỞ ĐƯỢC: ${y.problem}`
                    : `${y.year}\t${y.file}\t${y.template ? y.template.name : 'chưa chọn mẫu báo cáo'}\t${y.unitCount} đơn vị${y.readOnly ? '\tchỉ đọc' : ''}${y.sealed ? '\tđã khóa sổ' : ''}`,
                )
                .join('\n'),
        );
        break;
      }
      case 'settings show': {
        const s = await call(ctx, rpc.settings.get, { year: yearOf(args) });
        out(
          args,
          s,
          (Object.keys(SETTING_KEYS) as SettingKey[])
            .map((k) => `${k} (${SETTING_KEYS[k]}):\n  ${readSetting(s, k).replace(/\n/g, '\n  ') || '(trống)'}`)
            .join('\n'),
        );
        break;
      }
      case 'settings set': {
        const [key, value] = rest;
        if (!key || value === undefined) fail('Cần KEY và VALUE, ví dụ: settings set placeName "Quảng Ngãi".');
        const year = yearOf(args);
        const current = await call(ctx, rpc.settings.get, { year });
        let next;
        try {
          next = applySetting(current, key, value);
        } catch (e) {
          fail((e as Error).message);
        }
        const saved = await call(ctx, rpc.settings.save, { year, settings: next });
        out(args, saved, `Đã lưu ${key} = ${readSetting(saved, key as SettingKey).replace(/\n/g, ' | ')}`);
        break;
      }
      case 'demo': {
        const y = loadDemo(ctx);
        out(args, y, `Đã tạo năm ${y.year} từ dữ liệu mẫu (${y.template?.name}, kỳ ${y.period?.fromYear} - ${y.period?.toYear}, ${y.unitCount} đơn vị).`);
        break;
      }
      case 'figures': {
        const s = withAccess('read', () => yearSummary(ctx, yearOf(args)));
        const failed = s.rules.filter((r) => r.status === 'failed');
        out(
          args,
          s,
          [
            ...s.indicators.map((i) => `${i.code}\t${i.text}\t${i.label}${i.unit ? ` (${i.unit})` : ''}`),
            '',
            failed.length ? `Có ${failed.length} kết quả kiểm tra không đạt:` : 'Mọi quy tắc kiểm tra đều đạt hoặc chưa đủ số liệu để kiểm tra.',
            ...failed.map((r) => `- ${r.severity === 'error' ? 'Lỗi' : 'Cảnh báo'}: ${r.message}`),
          ].join('\n'),
        );
        break;
      }
      case 'report': {
        const year = yearOf(args);
        // A working draft, marked DỰ THẢO: the final report is written only at issue (report issue).
        const files = await withAccess('read', () =>
          generateReport(ctx, year, resolve(need(args, 'out', 'THƯ_MỤC_KẾT_QUẢ')), { page: { draftMark: '' } }, outputNames(year, 'working')),
        );
        out(args, files, describeFiles(files, `Đã lập báo cáo năm ${year}:`));
        const note = reportCheckNote(ctx, year);
        if (note) console.error(note);
        break;
      }
      case 'forms': {
        const year = yearOf(args);
        const r = await withAccess('read', () => generateForms(ctx, year, args.options.out ? resolve(args.options.out) : undefined));
        const size = (n: number) => `${n.toLocaleString('vi-VN')} byte`;
        out(
          args,
          r,
          [
            `Đã tạo ${r.files.length} biểu mẫu năm ${year} vào thư mục ${r.folder}:`,
            ...r.files.map((f) => `  ${f.name} — ${f.unitName} (${size(f.size)})`),
            `Tệp nén chứa tất cả biểu mẫu: ${r.zip.name} (${size(r.zip.size)})`,
            ...(r.skipped.length ? ['Không tạo biểu mẫu cho:', ...r.skipped.map((s) => `  ${s.unitCode}: ${s.reason}`)] : []),
          ].join('\n'),
        );
        break;
      }
      default:
        if (await runUnitsOrTemplate(ctx, args, () => yearOf(args), call, (v, t) => out(args, v, t))) break;
        if (await runArchive(ctx, args, () => yearOf(args), call, (v, t) => out(args, v, t))) break;
        if (await runReview(ctx, args, () => yearOf(args), call, (v, t) => out(args, v, t))) break;
        fail(`Không có lệnh "${[cmd, sub].filter(Boolean).join(' ')}". Gõ "npm run cli -- help" để xem các lệnh.`);
    }
  } finally {
    closeCore(ctx);
  }
}

run(process.argv.slice(2)).catch((e: unknown) => fail(cliMessage(e)));
