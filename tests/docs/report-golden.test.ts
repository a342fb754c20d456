/**
 * The demo year's outputs are pinned: the XML of the report and of the appendices .docx, and the cells of the
 * appendices .xlsx, compared with golden files made from the writers before they were rewritten for speed
 * (issue 16). A faster writer must produce the same document, not a similar one. `TONGHOP_UPDATE_GOLDEN=1`
 * rewrites the golden files (only when the output is meant to change; review the diff).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeCore, createCore, type CoreContext } from '../../electron/core';
import { loadDemo } from '../../electron/core/services/demo';
import { generateReport, type GeneratedFile } from '../../electron/core/services/report';

const GOLDEN = resolve(__dirname, '../fixtures/golden');
const UPDATE = process.env.TONGHOP_UPDATE_GOLDEN === '1';

let tmp: string;
let ctx: CoreContext;
let files: GeneratedFile[];

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'tonghop-golden-'));
  ctx = createCore({ host: 'cli', workspaceDir: join(tmp, 'ws'), actor: 'kiểm thử', now: () => '2024-05-01T00:00:00.000Z' });
  loadDemo(ctx);
  files = await generateReport(ctx, 2024, join(tmp, 'out'));
});

afterAll(() => {
  closeCore(ctx);
  rmSync(tmp, { recursive: true, force: true });
});

function parts(kind: GeneratedFile['kind']): Record<string, string> {
  const zip = unzipSync(readFileSync(files.find((f) => f.kind === kind)!.path));
  return Object.fromEntries(Object.entries(zip).map(([name, bytes]) => [name, strFromU8(bytes)]));
}

/** The text of every cell of a worksheet part: reference, type, style, value, formula, in order. */
function cells(sheetXml: string, shared: string[]): string {
  const out: string[] = [];
  for (const m of sheetXml.matchAll(/<c r="([A-Z]+\d+)"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const [, ref, attrs, inner = ''] = m;
    const t = /t="(\w+)"/.exec(attrs)?.[1] ?? 'n';
    const v = /<v>([\s\S]*?)<\/v>/.exec(inner)?.[1] ?? '';
    const f = /<f>([\s\S]*?)<\/f>/.exec(inner)?.[1];
    out.push(`${ref}\t${t}\t${/s="(\d+)"/.exec(attrs)?.[1] ?? ''}\t${t === 's' ? shared[Number(v)] : v}${f ? `\t=${f}` : ''}`);
  }
  return out.join('\n');
}

function compare(name: string, actual: string): void {
  const file = join(GOLDEN, name);
  if (UPDATE || !existsSync(file)) {
    if (!UPDATE) throw new Error(`Thiếu tệp mẫu ${file}; chạy với TONGHOP_UPDATE_GOLDEN=1 để tạo.`);
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(file, actual);
  }
  // Compared as one string: a mismatch shows the first differing part in the diff.
  expect(actual === readFileSync(file, 'utf8'), `${name} khác tệp mẫu`).toBe(true);
}

describe('demo year outputs against the golden files', () => {
  it('the report .docx: document.xml byte for byte', () => {
    compare('bao-cao-2024.document.xml', parts('report-docx')['word/document.xml']);
  });

  it('the appendices .docx: document.xml and its headers byte for byte', () => {
    const p = parts('appendices-docx');
    compare('phu-luc-2024.document.xml', p['word/document.xml']);
    const headers = Object.keys(p).filter((n) => /^word\/header\d+\.xml$/.test(n)).sort();
    compare('phu-luc-2024.headers.xml', headers.map((n) => `${n}\n${p[n]}`).join('\n'));
  });

  it('the appendices .xlsx: every cell of every sheet', () => {
    const p = parts('appendices-xlsx');
    const shared = [...(p['xl/sharedStrings.xml'] ?? '').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => m[1].replace(/<[^>]+>/g, ''));
    const sheets = Object.keys(p).filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n)).sort();
    compare('phu-luc-2024.xlsx-cells.txt', sheets.map((n) => `# ${n}\n${cells(p[n], shared)}`).join('\n'));
  });
});
