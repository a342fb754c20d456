/** `tonghop import`: checks (and unless --dry-run, imports) unit returns given as files or folders. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { importFilesParallel, type Choice } from '../core/services/imports';
import { unitsOf } from '../core/services/units';
import { backupYear } from '../core/services/archive-backup';
import { ensureImportSpace } from '../core/faults/space';
import type { CoreContext } from '../core';
import { inboxSkipReason } from '../../shared/domain/import-batch';
import type { FileCheck, ImportProblem } from '../../shared/rpc/imports';
import { fail, type ParsedArgs } from './args';

/** Every file under the given paths (folders walked, subfolders too), sorted by name within a folder. */
export function expandPaths(paths: string[]): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    let st;
    try {
      st = statSync(p);
    } catch {
      fail(`Không tìm thấy tệp hoặc thư mục “${p}”.`);
    }
    if (st.isDirectory())
      readdirSync(p)
        .sort((a, b) => a.localeCompare(b, 'vi'))
        .forEach((name) => walk(join(p, name)));
    else out.push(p);
  };
  paths.forEach((p) => walk(resolve(p)));
  return out;
}

function where(p: ImportProblem): string {
  return p.sheet ? `${p.sheet}${p.cell ? `!${p.cell}` : ''}: ` : '';
}

const STATUS: Record<FileCheck['status'], string> = {
  ready: 'hợp lệ',
  unchanged: 'không có gì mới',
  older: 'bản cũ hơn — bỏ qua',
  'needs-decision': 'cần xác nhận',
  'needs-mapping': 'cần xác nhận cách ghép',
  refused: 'bị từ chối',
  skipped: 'không đọc',
};

const HINT: Record<string, string> = {
  older: 'thêm --choose TỆP để vẫn nhập bản này',
  choose: 'thêm --choose TỆP cho đúng một bản',
  erase: 'thêm --allow-erase nếu đơn vị thật sự muốn xóa các số này',
  empty: 'thêm --allow-empty nếu đơn vị xác nhận không có gì để báo cáo',
  unit: 'thêm --map TỆP=MÃ_ĐƠN_VỊ để cho biết đây là báo cáo của đơn vị nào',
};

/** Which of the given paths a --map/--choose argument names: the full path, or the file name alone. */
function matchFile(files: string[], name: string, what: string): number {
  const full = resolve(name);
  const hits = files.map((f, i) => (f === full || basename(f) === name ? i : -1)).filter((i) => i >= 0);
  if (!hits.length) fail(`${what}: không có tệp “${name}” trong các tệp được nhập.`);
  if (hits.length > 1) fail(`${what}: có ${hits.length} tệp tên “${name}”; hãy ghi đường dẫn đầy đủ.`);
  return hits[0];
}

/** The clerk's explicit answers from the command line, by file index. */
function choicesOf(ctx: CoreContext, year: number, files: string[], args: ParsedArgs): Map<number, Choice> {
  const out = new Map<number, Choice>();
  const of = (i: number) => out.get(i) ?? (out.set(i, { accept: [] }), out.get(i)!);
  const units = unitsOf(ctx, year);
  for (const m of args.all.map ?? []) {
    const eq = m.lastIndexOf('=');
    if (eq <= 0) fail(`--map cần dạng TỆP=MÃ_ĐƠN_VỊ (ví dụ --map "Bao cao xa.xlsx=X05"), không phải “${m}”.`);
    const code = m.slice(eq + 1).trim();
    const unit = units.find((u) => u.code.toLowerCase() === code.toLowerCase());
    if (!unit) fail(`--map: không có đơn vị mã “${code}” trong năm ${year}. Xem danh sách: npm run cli -- units list --year ${year}.`);
    const c = of(matchFile(files, m.slice(0, eq), '--map'));
    c.unitId = unit.id;
    c.accept.push('unit');
  }
  for (const name of args.all.choose ?? []) of(matchFile(files, name, '--choose')).accept.push('older', 'choose');
  files.forEach((_, i) => {
    if (args.flags.has('allow-erase')) of(i).accept.push('erase');
    if (args.flags.has('allow-empty')) of(i).accept.push('empty');
    if (args.flags.has('accept-mapping')) of(i).acceptMapping = true;
  });
  return out;
}

/** Runs the import and returns the text to print and how many files were not imported (or, dry run, would not be). */
export async function runImport(ctx: CoreContext, year: number, paths: string[], args: ParsedArgs): Promise<{ text: string; json: unknown; refused: number }> {
  const dryRun = args.flags.has('dry-run');
  const files = expandPaths(paths);
  if (!files.length) fail('Không có tệp nào trong các đường dẫn đã cho.');
  const choices = choicesOf(ctx, year, files, args);
  // Room for the files and the backup is checked before a file is read or anything written.
  if (!dryRun) ensureImportSpace(ctx, year, files.reduce((n, f) => n + statSync(f).size, 0), { withBackup: true });
  // A real import changes figures: the year is backed up first (automatic backups keep the newest few).
  if (!dryRun) backupYear(ctx, year, { kind: 'auto', reason: `trước khi nhập ${files.length} tệp báo cáo đơn vị` });
  // Read on several threads (a province sends hundreds of returns); evaluated and stored on this one.
  const results = await importFilesParallel(
    ctx,
    year,
    files.map((f) => {
      const st = statSync(f);
      const skip = inboxSkipReason(basename(f), st.size);
      return { name: basename(f), bytes: skip ? new Uint8Array(0) : new Uint8Array(readFileSync(f)), modifiedAt: st.mtime.toISOString(), skip: skip ?? undefined };
    }),
    { dryRun, choices },
  );
  const lines: string[] = [];
  let refused = 0;
  results.forEach(({ check, result }, i) => {
    // Skipping an older return or a non-spreadsheet file is the designed outcome, not a failure.
    const passedOver = check.status === 'skipped' || check.status === 'older';
    const ok = passedOver || check.status === 'unchanged' || (check.status === 'ready' && (!result || result.status === 'imported'));
    if (!ok) refused++;
    const unit = check.unit ? ` → ${check.unit.name}` : '';
    const head = !result
      ? STATUS[check.status].toUpperCase()
      : result.status === 'imported'
        ? 'ĐÃ NHẬP'
        : result.status === 'unchanged'
          ? 'KHÔNG ĐỔI'
          : check.status === 'refused' || check.status === 'ready'
            ? 'TỪ CHỐI'
            : STATUS[check.status].toUpperCase();
    lines.push(`${ok ? (passedOver ? '–' : '✓') : '✗'} ${files[i]}${unit}: ${head}`);
    if (result && check.status === 'ready') lines.push(`    ${result.message}`);
    else if (check.status === 'ready')
      lines.push(
        `    ${check.counts.figures} số liệu, ${check.counts.listRows} dòng danh sách, ${check.counts.notes} mục thuyết minh; sẽ thay đổi ${check.diff.length} số liệu${check.listChanges.length ? `, ${check.listChanges.length} danh sách` : ''}${check.noteChanges.length ? `, ${check.noteChanges.length} mục thuyết minh` : ''}`,
      );
    for (const d of check.decisions) lines.push(`    ? ${d.message} (${HINT[d.kind]})`);
    if (check.status === 'needs-mapping')
      lines.push(
        '    Tệp theo bố cục riêng của đơn vị: xem cách ghép đề xuất bằng --dry-run --json, rồi nhập với --accept-mapping (và --map TỆP=MÃ_ĐƠN_VỊ nếu chưa đoán được đơn vị); hoặc xác nhận trong ứng dụng, mục “Nhập Excel”.',
      );
    for (const p of check.problems) lines.push(`    - ${p.severity === 'error' ? 'Lỗi' : 'Lưu ý'}: ${where(p)}${p.message}`);
  });
  const skipped = results.filter((r) => r.check.status === 'skipped').length;
  const older = results.filter((r) => r.check.status === 'older').length;
  const read = results.length - skipped - older;
  const skippedText = `${older ? `; ${older} bản cũ hơn được bỏ qua` : ''}${skipped ? `; ${skipped} tệp không phải báo cáo nên không đọc` : ''}`;
  lines.push(
    '',
    dryRun
      ? `Kiểm tra thử (chưa lưu gì): ${read - refused}/${read} tệp sẽ nhập hoặc không đổi, ${refused} tệp bị từ chối, bỏ qua hoặc cần xác nhận${skippedText}.`
      : `Đã xử lý ${results.length} tệp: ${read - refused} tệp nhập xong hoặc không đổi, ${refused} tệp không nhập (không lưu gì từ các tệp này)${skippedText}.`,
  );
  return { text: lines.join('\n'), json: results, refused };
}
