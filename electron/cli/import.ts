/** `tonghop import`: checks (and unless --dry-run, imports) unit returns given as files or folders. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { importFiles } from '../core/services/imports';
import type { CoreContext } from '../core';
import type { FileCheck, ImportProblem } from '../../shared/rpc/imports';
import { fail } from './args';

const EXCEL = /\.(xlsx|xlsm|xls)$/i;

/** Expands folders (one level of subfolders and more) into their Excel files, sorted by name; skips lock files "~$…". */
export function expandPaths(paths: string[]): string[] {
  const out: string[] = [];
  const walk = (p: string, explicit: boolean) => {
    let st;
    try {
      st = statSync(p);
    } catch {
      fail(`Không tìm thấy tệp hoặc thư mục “${p}”.`);
    }
    if (st.isDirectory())
      readdirSync(p)
        .sort((a, b) => a.localeCompare(b, 'vi'))
        .forEach((name) => walk(join(p, name), false));
    else if (explicit || (EXCEL.test(p) && !basename(p).startsWith('~$'))) out.push(p);
  };
  paths.forEach((p) => walk(resolve(p), true));
  return out;
}

function where(p: ImportProblem): string {
  return p.sheet ? `${p.sheet}${p.cell ? `!${p.cell}` : ''}: ` : '';
}

const STATUS: Record<FileCheck['status'], string> = {
  ready: 'hợp lệ',
  unchanged: 'không có gì mới',
  'needs-mapping': 'cần xác nhận cách ghép',
  refused: 'bị từ chối',
};

/** Runs the import and returns the text to print and whether any file was refused. */
export function runImport(ctx: CoreContext, year: number, paths: string[], dryRun: boolean): { text: string; json: unknown; refused: number } {
  const files = expandPaths(paths);
  if (!files.length) fail('Không có tệp Excel nào trong các đường dẫn đã cho.');
  const results = importFiles(
    ctx,
    year,
    files.map((f) => ({ name: basename(f), bytes: new Uint8Array(readFileSync(f)) })),
    { dryRun },
  );
  const lines: string[] = [];
  let refused = 0;
  results.forEach(({ check, result }, i) => {
    const bad = result ? result.status === 'refused' : check.status === 'refused' || check.status === 'needs-mapping';
    if (bad) refused++;
    const unit = check.unit ? ` → ${check.unit.name}` : '';
    const head = result ? `${result.status === 'imported' ? 'ĐÃ NHẬP' : result.status === 'unchanged' ? 'KHÔNG ĐỔI' : 'TỪ CHỐI'}` : STATUS[check.status].toUpperCase();
    lines.push(`${bad ? '✗' : '✓'} ${files[i]}${unit}: ${head}`);
    if (result) lines.push(`    ${result.message}`);
    else if (check.status === 'ready')
      lines.push(`    ${check.counts.figures} số liệu, ${check.counts.listRows} dòng danh sách, ${check.counts.notes} mục thuyết minh; ${check.diff.length} ô sẽ thay đổi`);
    if (check.status === 'needs-mapping')
      lines.push('    Tệp theo bố cục riêng của đơn vị: hãy mở ứng dụng, mục “Nhập Excel”, để xác nhận đơn vị và cách ghép dòng (lần sau sẽ tự ghép).');
    for (const p of check.problems) lines.push(`    - ${p.severity === 'error' ? 'Lỗi' : 'Lưu ý'}: ${where(p)}${p.message}`);
  });
  const ok = results.length - refused;
  lines.push(
    '',
    dryRun
      ? `Kiểm tra thử (chưa lưu gì): ${ok}/${results.length} tệp nhập được, ${refused} tệp bị từ chối hoặc cần xác nhận.`
      : `Đã xử lý ${results.length} tệp: ${ok} tệp nhập xong hoặc không đổi, ${refused} tệp bị từ chối (không lưu gì từ các tệp này).`,
  );
  return { text: lines.join('\n'), json: results, refused };
}
