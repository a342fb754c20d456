/**
 * The report's body and closing are written as XML text (electron/core/report/docx.ts `bodyXml`), no longer as the
 * docx package's paragraphs: for every kind of paragraph and run the model holds (headings, items, the closing kept
 * with the signature; bold, not bold, italic, a missing figure highlighted; markup characters, quotes, control
 * characters, tabs, empty text) the XML must be the very XML the package writes for the paragraphs the report used
 * to build, at the default page options and at others.
 */
import { AlignmentType, Document, LineRuleType, Packer, Paragraph, TextRun } from 'docx';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { bodyXml, type PageOptions } from '../../electron/core/report/docx';
import { cmToTwip } from '../../electron/core/report/metrics';
import type { BodyBlock, ParagraphBlock, TextRun as ModelRun } from '../../shared/report/model';

const RUNS: ModelRun[] = [
  { text: 'Ủy ban nhân dân xã Nghĩa Hành ' },
  { text: '3.848', figure: { code: 'DON_TONG_SO', year: 0 } },
  { text: ' đơn, ', bold: false },
  { text: 'đạt 76,2%', bold: true, italic: true },
  { text: 'nghiêng', italic: true },
  { text: 'thẳng', italic: false, bold: false },
  { text: '[chưa có số liệu: Số vụ việc]', missing: true },
  { text: '[chưa có số liệu: in đậm]', missing: true, bold: true },
  { text: 'Công văn "số 12" & <trích yếu> của \'UBND\'' },
  { text: 'điều\x01khiển\x1f\tcó tab\nvà xuống dòng ' },
  { text: '' },
  { text: '  cách đầu, cuối  😀' },
];

const BODY: BodyBlock[] = [
  { kind: 'heading', level: 1, sectionId: 'I', runs: [{ text: 'I. ', bold: true }, { text: 'KẾT QUẢ THỰC HIỆN', bold: true }] },
  { kind: 'paragraph', style: 'p', runs: RUNS },
  { kind: 'heading', level: 4, sectionId: 'a', runs: [{ text: 'a) ' }, { text: 'Tiếp công dân', missing: true }] },
  { kind: 'paragraph', style: 'dash', runs: [{ text: '- ' }, ...RUNS.slice(2, 6)] },
  { kind: 'paragraph', style: 'p', runs: [] },
];
const CLOSING: ParagraphBlock[] = [
  { kind: 'paragraph', style: 'p', runs: [{ text: 'Trên đây là báo cáo ' }, { text: '{{issuer.short}}', missing: true }] },
  { kind: 'paragraph', style: 'p', runs: [{ text: 'Kính báo cáo' }, { text: './.' }] },
];

/** The paragraphs as the report built them with the docx package, written by the package. */
async function packageXml(options: PageOptions): Promise<string> {
  const halfPt = (options.bodyPt ?? 14) * 2;
  const line = Math.round((options.lineSpacing ?? 1.15) * 240);
  const runs = (rs: ModelRun[]) => rs.map((r) => new TextRun({ text: r.text, size: halfPt, bold: r.bold, italics: r.italic, highlight: r.missing ? 'yellow' : undefined }));
  const paragraph = (block: BodyBlock, keep: boolean) =>
    new Paragraph({
      alignment: AlignmentType.JUSTIFIED,
      indent: { firstLine: cmToTwip(1.27) },
      spacing: { before: 120, after: 0, line, lineRule: LineRuleType.AUTO },
      widowControl: true,
      keepNext: keep,
      keepLines: keep,
      children: runs(block.runs),
    });
  const doc = new Document({ sections: [{ children: [...BODY.map((b) => paragraph(b, b.kind === 'heading')), ...CLOSING.map((b) => paragraph(b, true))] }] });
  const xml = strFromU8(unzipSync(await Packer.toBuffer(doc))['word/document.xml']);
  return xml.slice(xml.indexOf('<w:body>') + '<w:body>'.length, xml.indexOf('<w:sectPr'));
}

describe('bodyXml', () => {
  it.each<[string, PageOptions]>([
    ['the default page', {}],
    ['13 pt at 1,5 lines', { bodyPt: 13, lineSpacing: 1.5 }],
  ])('writes the XML the docx package writes for the same paragraphs: %s', async (_, options) => {
    const ours = bodyXml({ body: BODY, closing: CLOSING }, options);
    const theirs = await packageXml(options);
    expect(theirs).toContain('&quot;số 12&quot; &amp; &lt;trích yếu&gt;');
    expect(theirs).toContain('<w:highlight w:val="yellow"/>');
    expect(ours === theirs, `${ours}\n≠\n${theirs}`).toBe(true);
  });
});
