/**
 * The wording a clerk reads: every Vietnamese string of the renderer and of the core's messages is scanned for the
 * slips that crept in before — a double full stop ("mục 2.."), a repeated phrase ("của năm của năm"), straight
 * double quotes mixed with the curly ones (“…”), a space before a full stop or a comma.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '../..');
// The command line is left out: its help shows shell syntax, where straight quotes belong.
const DIRS = ['renderer/src', 'electron/core/services', 'electron/core/import', 'electron/core/forms', 'shared/domain', 'shared/checks', 'shared/format', 'shared/report'];
const VIETNAMESE = /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|tsx)$/.test(n) ? [p] : [];
  });
}

/** Comments blanked (line numbers kept): they quote examples with straight quotes, and nobody reads them in the app. */
const withoutComments = (source: string) =>
  source.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"`\\])\/\/[^\n]*/g, '$1');

/** A regular expression's source held in a string: not words anyone reads. */
const REGEX_SOURCE = /\(\?:|\\\\[sdbw]/;

/** String literals and JSX text of a source file that hold Vietnamese words, with their line numbers. */
function strings(raw: string): { line: number; text: string }[] {
  const source = withoutComments(raw);
  const out: { line: number; text: string }[] = [];
  const re = /'((?:[^'\\\n]|\\.)*)'|`((?:[^`\\]|\\.)*)`|"((?:[^"\\\n]|\\.)*)"|>([^<>{}\n]*[^\s<>{}][^<>{}\n]*)</g;
  for (let m = re.exec(source); m; m = re.exec(source)) {
    const text = m[1] ?? m[2] ?? m[3] ?? m[4] ?? '';
    if (VIETNAMESE.test(text) && !REGEX_SOURCE.test(text)) out.push({ line: source.slice(0, m.index).split('\n').length, text });
  }
  return out;
}

const SLIPS: [string, RegExp][] = [
  ['hai dấu chấm liền nhau', /(^|[^.])\.\.(?![./])/],
  ['cụm từ lặp lại', /(^|\s)(của năm|của|và|đã|chưa|không)\s+\2(\s|$)/i],
  ['dấu ngoặc kép thẳng trong lời tiếng Việt', /"[^"]*[a-zà-ỹ][^"]*"/i],
  ['khoảng trắng trước dấu chấm hoặc dấu phẩy', /[a-zà-ỹ0-9)”] [.,](?![\da-z])/i],
  // "TM., KT." are abbreviations, not a slip.
  ['hai dấu câu liền nhau', /[,;:][.,;:]|(?<![A-ZĐ])\.[,;:](?!\d)|[!?]\./],
  // "./." is the end mark of a document (Nghị định 30/2020).
  ['dấu chấm trong ngoặc và sau ngoặc', /(?<!\/)[.!?][)”]\./],
  ['ngoặc kép lồng nhau cùng kiểu', /“[^”]*“/],
  // Not in a template literal's code part (`${n === 1 ? 'một năm' : …}`), where quotes delimit strings.
  ['dấu nháy đơn thẳng quanh lời tiếng Việt', /^(?!.*(\$\{| \? ))(.*[\s(])?'[^'\s][^']*[à-ỹ][^']*'(?=[\s.,;:)]|$)/i],
];

describe('the wording a clerk reads', () => {
  it('has no double full stop, repeated phrase, straight quote or space before punctuation', () => {
    const found: string[] = [];
    for (const dir of DIRS)
      for (const file of files(join(ROOT, dir)))
        for (const s of strings(readFileSync(file, 'utf8')))
          for (const [what, re] of SLIPS) if (re.test(s.text.replace(/\$\{[^}]*\}/g, 'X'))) found.push(`${relative(ROOT, file)}:${s.line} ${what}: ${s.text.slice(0, 120)}`);
    expect(found).toEqual([]);
  });

  it('would catch each slip (control)', () => {
    const src = [
      "'Đã lưu lời văn mục 2..'",
      "'dữ liệu của năm của năm 2026'",
      `'Tệp "mẫu" đã lưu'`,
      "'Đã nhập xong .'",
      "'Đã lưu,.'",
      "'Tệp bị từ chối (chưa lưu gì.).'",
      "'Mô hình “Dân vận khéo “cấp xã”'",
      "`Hãy chọn 'Cả kỳ 2021 - 2023'`",
    ].join('\n');
    const texts = strings(src).map((s) => s.text);
    expect(texts.map((t) => SLIPS.filter(([, re]) => re.test(t)).map(([w]) => w))).toEqual([
      ['hai dấu chấm liền nhau'],
      ['cụm từ lặp lại'],
      ['dấu ngoặc kép thẳng trong lời tiếng Việt'],
      ['khoảng trắng trước dấu chấm hoặc dấu phẩy'],
      ['hai dấu câu liền nhau'],
      ['dấu chấm trong ngoặc và sau ngoặc'],
      ['ngoặc kép lồng nhau cùng kiểu'],
      ['dấu nháy đơn thẳng quanh lời tiếng Việt'],
    ]);
  });
});
