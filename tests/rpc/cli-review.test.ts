/**
 * `tonghop report …` on a real workspace, the way a user types it: the same rules and messages as the app, the
 * year locked after approval (a write refused with the lock's message), issue with a Vietnamese date, versions,
 * diff and the signed scan.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { closeCore, createCore } from '../../electron/core';
import { loadDemo } from '../../electron/core/services/demo';
import { cli } from '../support/cli';
import { tempDir } from '../support/web-host';

let dir = '';
const ws = () => ['--workspace', dir, '--year', '2024'];
const ok = (args: string[]) => {
  const r = cli(args);
  expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(0);
  return r.stdout;
};
const as = (name: string, role: string) => ok(['report', 'identity', '--workspace', dir, '--name', name, '--role', role]);

beforeAll(() => {
  dir = tempDir();
  const ctx = createCore({ host: 'cli', workspaceDir: dir, actor: 'kiểm thử' });
  loadDemo(ctx);
  closeCore(ctx);
}, 60_000);
afterAll(() => undefined);

describe('tonghop report (review)', () => {
  it('takes the report from draft to issued with the rules of the app', () => {
    const none = cli(['report', 'submit', ...ws()]);
    expect(none.code).not.toBe(0);
    expect(none.stderr).toContain('chưa chọn tên và vai trò');
    expect(as('Nguyễn Thị Soạn', 'chuyen-vien')).toContain('Máy này: Nguyễn Thị Soạn (Chuyên viên).');
    expect(ok(['report', 'submit', ...ws(), '--note', 'Trình lần đầu'])).toMatch(/Đã trình lãnh đạo dự thảo lần 1:\n.*Bao-cao-2024-du-thao-1\.docx \(SHA-256 [0-9a-f]{64}\)/);
    as('Trần Văn Duyệt', 'lanh-dao');
    const noNote = cli(['report', 'return', ...ws()]);
    expect(noNote.stderr).toContain('Trả lại cần ghi rõ nội dung cần sửa. Chưa lưu gì.');
    ok(['report', 'return', ...ws(), '--note', 'Bổ sung số liệu năm 2023']);
    as('Nguyễn Thị Soạn', 'chuyen-vien');
    ok(['report', 'submit', ...ws()]);
    expect(ok(['report', 'diff', ...ws(), '--from', '1', '--to', '2'])).toContain('So sánh phiên bản 1 và 2:\nLời văn không thay đổi.\nSố liệu không thay đổi.');
    as('Trần Văn Duyệt', 'lanh-dao');
    expect(ok(['report', 'approve', ...ws(), '--override', 'Đã xem kỹ'])).toContain('Đã duyệt dự thảo lần 2. Năm 2024 đã khóa: dữ liệu chỉ xem.');
    const edit = cli(['settings', 'set', 'placeName', 'Nơi khác', ...ws()]);
    expect(edit.code).not.toBe(0);
    expect(edit.stderr).toMatch(/Năm 2024 đã được lãnh đạo duyệt \(Trần Văn Duyệt \(Lãnh đạo\) lúc .*\) nên dữ liệu năm chỉ xem, không sửa được; chưa lưu gì\. Muốn sửa/);
    // Reading commands still work on the locked year.
    ok(['figures', ...ws()]);
    as('Lê Thị Văn Thư', 'van-thu');
    expect(ok(['report', 'issue', ...ws(), '--number', '5', '--date', '08/05/2024'])).toContain('Đã phát hành báo cáo số 05/BC-UBND, ngày 08 tháng 5 năm 2024:');
    expect(existsSync(join(dir, 'tonghop-2024', 'bao-cao', 'Bao-cao-2024.docx'))).toBe(true);
    const scan = join(dir, 'scan.png');
    writeFileSync(scan, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]));
    expect(ok(['report', 'attach-signed', scan, ...ws()])).toContain('Đã đính kèm bản ký: tonghop-2024/ban-ky/Ban-ky-2024-so-5.png');
    const status = ok(['report', 'status', ...ws()]);
    expect(status).toContain('Báo cáo năm 2024: Đã phát hành (dự thảo lần 2).');
    expect(status).toContain('Đã phát hành: số 05/BC-UBND, ngày 08 tháng 5 năm 2024.');
    expect(status).toMatch(/Trả lại \(lần 1\)\tTrần Văn Duyệt \(Lãnh đạo\)\tBổ sung số liệu năm 2023/);
    expect(status).toMatch(/Duyệt \(lần 2\)\tTrần Văn Duyệt \(Lãnh đạo\)/);
    const versions = ok(['report', 'versions', ...ws()]);
    expect(versions).toMatch(/Dự thảo lần 1[\s\S]*Dự thảo lần 2[\s\S]*Bản phát hành/);
    const again = cli(['report', 'unlock', ...ws(), '--reason', 'Sửa']);
    expect(again.stderr).toContain('không mở khóa được');
  }, 240_000);
});
