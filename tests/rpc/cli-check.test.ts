/**
 * `tonghop check` as a user runs it: on the demo year (no error), after a clerk types a wrong ratio (exit 1 and the
 * finding in JSON), on the seed report's own text (its real slips, none of its correct figures), and on files it
 * cannot read (exit 2).
 */
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeCore, createCore } from '../../electron/core';
import { saveNarrative } from '../../electron/core/services/templates';
import { cli } from '../support/cli';
import { tempDir } from '../support/web-host';

const ws = tempDir('tonghop-cli-check-');
const files = tempDir('tonghop-cli-check-files-');
afterAll(() => {
  rmSync(ws, { recursive: true, force: true });
  rmSync(files, { recursive: true, force: true });
});

interface Json {
  findings: { code: string; severity: string; message: string; excerpt: string; location: { kind: string; sectionId?: string }; expected?: string }[];
}

describe('tonghop check on a year', () => {
  beforeAll(() => {
    expect(cli(['demo', '--workspace', ws]).code).toBe(0);
  });

  it('finds no error on the demo report and exits 0', () => {
    const r = cli(['check', '--workspace', ws, '--year', '2024', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Json;
    expect(j.findings.filter((f) => f.severity === 'error')).toEqual([]);
    for (const f of j.findings) expect(Object.keys(f).sort()).toEqual(expect.arrayContaining(['code', 'severity', 'message', 'excerpt', 'location']));
  });

  it('reports a ratio the clerk typed wrong, with the right value, and exits 1', () => {
    const ctx = createCore({ host: 'cli', workspaceDir: ws });
    try {
      saveNarrative(ctx, 2024, 'tiep-dan-don-thu', [
        { style: 'dash', text: 'Giải quyết khiếu nại, tố cáo: đã giải quyết xong 162/163 đơn khiếu nại (đạt 98,4%) và {{TC_DA_GIAI_QUYET}}/{{TC_TONG_SO}} đơn tố cáo.' },
      ]);
    } finally {
      closeCore(ctx);
    }
    const r = cli(['check', '--workspace', ws, '--year', '2024', '--json']);
    expect(r.code).toBe(1);
    const errors = (JSON.parse(r.stdout) as Json).findings.filter((f) => f.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'ratio-percent', expected: '99,4%', location: { kind: 'text', sectionId: 'tiep-dan-don-thu' } });
    const text = cli(['check', '--workspace', ws, '--year', '2024']);
    expect(text.stdout).toContain('Tỷ lệ 98,4% không khớp: 162/163 tính ra = 99,4%.');
    expect(text.stdout).toMatch(/Báo cáo năm 2024: 1 lỗi/);
  });

  it('says so when `report` writes a report that still has errors', () => {
    const r = cli(['report', '--workspace', ws, '--year', '2024', '--out', join(files, 'bao-cao')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Lưu ý: báo cáo vừa lập còn 1 lỗi kiểm tra:');
    expect(r.stderr).toContain('Tỷ lệ 98,4% không khớp');
  });

  it('exits 2 when the year does not exist', () => {
    const r = cli(['check', '--workspace', ws, '--year', '2019']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Lỗi: .*2019/);
  });
});

describe('tonghop check --file', () => {
  it('finds the seed report’s real slips and stays silent on its correct figures', () => {
    const seed = join(files, 'bao-cao-so-ket-ct08.txt');
    copyFileSync(join(__dirname, '../fixtures/bao-cao-so-ket-ct08.txt'), seed);
    const r = cli(['check', '--file', seed, '--json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout) as Json;
    const errors = j.findings.filter((f) => f.severity === 'error').map((f) => [f.code, f.expected]);
    expect(errors).toEqual([
      ['result-percent', '83,4%'],
      ['citation-national', '14/5/2013'],
      ['citation-form', '436/QĐ-UBND'],
    ]);
    const codes = new Set(j.findings.map((f) => f.code));
    for (const c of ['date-style', 'count-padding', 'point-letter', 'capitals', 'heading-instruction', 'spacing', 'sentence-start']) expect(codes).toContain(c);
    // The correct figures of the seed: 76,2% of 3.848, 99,4% and 100%, 57,1%, 23 = 09 + 14, the Dân vận khéo breakdowns.
    for (const ok of ['76,2%', '99,4%', '57,1%', '09 phường', '13 mô hình'])
      expect(j.findings.filter((f) => f.severity === 'error' && f.excerpt.includes(ok))).toEqual([]);
  });

  it('exits 2 for a missing file, a hostile .docx and a file of another kind', () => {
    expect(cli(['check', '--file', join(files, 'khong-co.docx')]).code).toBe(2);
    const hostile = join(files, 'doctype.docx');
    writeFileSync(hostile, zipSync({ 'word/document.xml': strToU8('<!DOCTYPE x [<!ENTITY a "a">]><w:document/>') }));
    const r = cli(['check', '--file', hostile]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('DOCTYPE');
    const pdf = join(files, 'bao-cao.pdf');
    writeFileSync(pdf, '%PDF-1.7');
    expect(cli(['check', '--file', pdf]).stderr).toContain('.docx');
  });
});
