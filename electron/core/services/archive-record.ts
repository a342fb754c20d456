/**
 * The Biên bản khóa sổ: one page saying which year was sealed, by whom and when, the issued report's number, what
 * it holds (template, period, units, figures, original files) and its fingerprint, so that anyone can later check the year file against it.
 * Written to the year's `luu-tru/` folder as .docx (under a temporary name, renamed when complete).
 */
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { formatDateTime, formatHeaderDate } from '../../../shared/format/date';
import { formatDocumentNumber } from '../../../shared/format/number';
import { MOTTO, NATIONAL_TITLE } from '../../../shared/report/model';
import { requireWorkspace, type CoreContext } from '../context';
import { issuedNumberAndDate } from '../db/repos/review';
import { readSettings } from '../db/repos/settings';
import { readYearTemplate } from '../db/repos/year-template';
import { writeFileAtomic } from '../faults/atomic';
import { yearFileName } from '../workspace/workspace';

/** The sidecar of a sealed year, beside its file: tonghop-2024.niem-phong.json. */
export const sidecarName = (year: number) => yearFileName(year).replace(/\.sqlite$/, '.niem-phong.json');

interface SealFacts {
  fingerprint: string;
  sealedAt: string;
  sealedBy: string;
  counts: { units: number; figures: number; files: number };
}

export async function writeSealRecord(ctx: CoreContext, year: number, seal: SealFacts): Promise<string> {
  const { AlignmentType, Document, Packer, Paragraph, TextRun } = await import('docx');
  const ws = requireWorkspace(ctx);
  const db = ws.db(year);
  const settings = readSettings(db);
  const yt = readYearTemplate(db);
  const issued = issuedNumberAndDate(db);
  const font = 'Times New Roman';
  const p = (text: string, o: { bold?: boolean; italic?: boolean; size?: number; center?: boolean; after?: number; right?: boolean } = {}) =>
    new Paragraph({
      alignment: o.center || o.right ? AlignmentType.CENTER : AlignmentType.JUSTIFIED,
      // The signature block sits in the right half of the text width, centred there (Nghị định 30/2020).
      indent: o.right ? { left: 4677 } : undefined,
      spacing: { after: o.after ?? 120 },
      children: [new TextRun({ text, bold: o.bold, italics: o.italic, size: (o.size ?? 14) * 2, font })],
    });
  const issuer = settings.issuerLines.filter((l) => l.trim()).join(' ');
  const period = yt ? (yt.regime.period.fromYear === yt.regime.period.toYear ? `năm ${yt.regime.period.fromYear}` : `giai đoạn ${yt.regime.period.fromYear} - ${yt.regime.period.toYear}`) : '—';
  const n = (x: number) => x.toLocaleString('vi-VN');
  const doc = new Document({
    styles: { default: { document: { run: { font, size: 28 } } } },
    sections: [
      {
        properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1134, bottom: 1134, left: 1701, right: 851 } } },
        children: [
          p(NATIONAL_TITLE, { bold: true, size: 13, center: true, after: 0 }),
          p(MOTTO, { bold: true, size: 14, center: true, after: 360 }),
          p(`BIÊN BẢN KHÓA SỔ DỮ LIỆU NĂM ${year}`, { bold: true, center: true, after: 60 }),
          p(`(${yt?.template.name ?? 'chưa chọn mẫu báo cáo'}, ${period})`, { italic: true, center: true, after: 360 }),
          p(`Vào lúc ${formatDateTime(seal.sealedAt)}, ${seal.sealedBy} đã khóa sổ dữ liệu năm ${year}${issuer ? ` của ${issuer}` : ''} trong ứng dụng Tổng hợp báo cáo.`),
          p(`Dữ liệu được khóa sổ gồm: ${n(seal.counts.units)} đơn vị, ${n(seal.counts.figures)} số liệu, ${n(seal.counts.files)} tệp báo cáo gốc do đơn vị gửi.`),
          p(`Tệp dữ liệu: ${requireWorkspace(ctx).yearFile(year).split(/[\\/]/).pop()}; biên bản niêm phong đi kèm: ${sidecarName(year)}.`),
          p(issued ? `Báo cáo của năm đã phát hành: số ${formatDocumentNumber(issued.number, settings.documentSymbol)}, ${formatHeaderDate(issued.date)}.` : 'Báo cáo của năm chưa phát hành khi khóa sổ.'),
          p('Dấu vân tay (SHA-256) của dữ liệu năm khi khóa sổ:', { after: 60 }),
          p(seal.fingerprint, { bold: true, size: 12, after: 240 }),
          p(
            'Sau khi khóa sổ, dữ liệu năm chỉ xem, không sửa được. Mỗi lần mở và khi chọn “Kiểm tra toàn vẹn”, ứng dụng tính lại dấu vân tay; nếu khác với dấu vân tay trên đây thì dữ liệu đã bị thay đổi sau khi khóa sổ.',
          ),
          p('NGƯỜI KHÓA SỔ', { bold: true, right: true, after: 60 }),
          p('(Ký, ghi rõ họ tên)', { italic: true, right: true, after: 960 }),
          p(seal.sealedBy, { bold: true, right: true }),
        ],
      },
    ],
  });
  const folder = join(ws.yearFolder(year), 'luu-tru');
  mkdirSync(folder, { recursive: true });
  const path = join(folder, `Bien-ban-khoa-so-${year}.docx`);
  writeFileAtomic(path, await Packer.toBuffer(doc));
  return path;
}
