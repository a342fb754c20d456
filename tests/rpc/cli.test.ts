import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { cli } from '../support/cli';
import { tempDir } from '../support/web-host';

const ws = tempDir('tonghop-cli-');
afterAll(() => rmSync(ws, { recursive: true, force: true }));

describe('the tonghop command', () => {
  it('creates and lists a year', () => {
    const c = cli(['year', 'create', '--workspace', ws, '--year', '2024']);
    expect(c.code).toBe(0);
    expect(c.stdout).toContain('Đã tạo năm 2024');
    const l = cli(['year', 'list', '--workspace', ws, '--json']);
    expect(l.code).toBe(0);
    expect(JSON.parse(l.stdout).map((y: { year: number }) => y.year)).toEqual([2024]);
  });

  it('sets and shows settings, lists one item per line', () => {
    expect(cli(['settings', 'set', 'signer.fullName', 'Trà Thanh Danh', '--workspace', ws, '--year', '2024']).code).toBe(0);
    expect(cli(['settings', 'set', 'recipients', 'Sở Nội vụ Quảng Ngãi\\nBTV Thành ủy', '--workspace', ws, '--year', '2024']).code).toBe(0);
    const s = cli(['settings', 'show', '--workspace', ws, '--year', '2024', '--json']);
    expect(s.code).toBe(0);
    const v = JSON.parse(s.stdout);
    expect(v.signer.fullName).toBe('Trà Thanh Danh');
    expect(v.recipients).toEqual(['Sở Nội vụ Quảng Ngãi', 'BTV Thành ủy']);
  });

  it('exits non-zero with a Vietnamese message on an unknown setting', () => {
    const r = cli(['settings', 'set', 'mauSac', 'đỏ', '--workspace', ws, '--year', '2024']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('Không có mục cài đặt “mauSac”');
  });

  it('exits non-zero when the year exists, is malformed or is missing', () => {
    const dup = cli(['year', 'create', '--workspace', ws, '--year', '2024']);
    expect(dup.code).not.toBe(0);
    expect(dup.stderr).toContain('Năm 2024 đã có');
    const bad = cli(['year', 'create', '--workspace', ws, '--year', '24']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('không hợp lệ');
    const missing = cli(['settings', 'show', '--workspace', ws, '--year', '2031']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('Chưa có dữ liệu năm 2031');
  });

  it('exits non-zero on an unknown command', () => {
    const r = cli(['xoa-het', '--workspace', ws]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('Không có lệnh "xoa-het"');
  });
});
