/**
 * The built-in report templates (resources/templates/*.json): they validate, reproduce the seed report's outline,
 * resolve every placeholder, and the schema refuses broken variants with Vietnamese messages.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateTemplatePlaceholders } from '../../shared/domain/placeholders';
import { Template, type Indicator, type Rule, type Section, type TemplateInput } from '../../shared/domain/template';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TEMPLATE_DIR = `${ROOT}resources/templates/`;
const SEED = `${ROOT}tests/fixtures/bao-cao-so-ket-ct08.txt`; // the seed report, copied from shared/seed

function readRaw(file: string): string {
  return readFileSync(`${TEMPLATE_DIR}${file}`, 'utf8');
}
function load(id: string): Template {
  return Template.parse(JSON.parse(readRaw(`${id}.json`)));
}
/** A fresh, unparsed copy of a built-in template to break on purpose. */
function rawCopy(id: string): TemplateInput {
  return JSON.parse(readRaw(`${id}.json`)) as TemplateInput;
}
function issuesOf(input: unknown): string[] {
  const r = Template.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => i.message);
}

function walk(sections: Section[], out: Section[] = []): Section[] {
  for (const s of sections) {
    out.push(s);
    walk(s.children, out);
  }
  return out;
}
function ruleCodes(r: Rule): string[] {
  return r.kind === 'sum' ? [r.total, ...r.parts] : [r.left, r.right];
}
/** Every text of a template that may hold placeholders, in document order. */
function texts(t: Template): string[] {
  return [
    t.title.subject,
    ...t.opening.map((b) => b.text),
    ...walk(t.outline).flatMap((s) => [s.heading, ...s.narrative.map((b) => b.text)]),
    ...t.closing.map((b) => b.text),
    ...t.appendices.map((a) => a.title),
  ];
}
interface Placeholder {
  raw: string;
  code?: string;
  year?: number;
  field?: string;
}
function placeholders(text: string): Placeholder[] {
  return [...text.matchAll(/\{\{([^{}]*)\}\}/g)].map((m) => {
    const inner = m[1] ?? '';
    const ind = /^([A-Z][A-Z0-9_]*)(?:@(\d{4}|\d))?(?:\|nopad)?$/.exec(inner);
    if (ind) return { raw: m[0], code: ind[1], year: ind[2] ? Number(ind[2]) : undefined };
    return { raw: m[0], field: inner };
  });
}

/** The 26 headings of the seed report, exactly as the requesting body wrote them ("a." for lettered points). */
const SEED_HEADINGS = [
  'I. ĐẶC ĐIỂM TÌNH HÌNH',
  'II. KẾT QUẢ 3 NĂM THỰC HIỆN CHỈ THỊ 08',
  '1. Công tác lãnh đạo, chỉ đạo, triển khai thực hiện',
  '2. Kết quả thực hiện',
  '2.1. Việc phân công cán bộ phụ trách công tác dân vận chính quyền',
  '2.2. Kết quả thực hiện công tác tiếp dân, đối thoại, xử lý đơn thư và giải quyết khiếu nại, tố cáo, các vụ khiếu kiện đông người, phức tạp, kéo dài',
  '2.3. Kết quả thực hiện kiểm soát thủ tục hành chính, công khai, minh bạch quy trình thực hiện thủ tục hành chính của cơ quan Nhà nước các cấp. Rà soát, sửa đổi, bổ sung, đơn giản hóa thủ tục hành chính. Việc đẩy mạnh, ứng dụng công nghệ thông tin các cơ sở dịch vụ công, trung tâm phục vụ hành chính công và bộ phận một cửa, một cửa liên thông tại địa phương. Việc thực hiện các quy định về đạo đức công vụ, văn hóa công sở, tác phong làm việc, quy tắc ứng xử của đội ngũ cán bộ, công chức, viên chức, người đứng đầu cơ quan, đơn vị trong giải quyết thủ tục hành chính.',
  'a. Công tác chỉ đạo, điều hành',
  'b. Về công khai thủ tục hành chính',
  'c. Rà soát, đơn giản hoá Thủ tục hành chính',
  'd. Về cơ sở vật chất, trang thiết bị của Bộ phận Một cửa các cấp',
  '2.4. Xây dựng, triển khai và nhân rộng các mô hình, điển hình “Dân vận khéo” trên các lĩnh vực: phát triển kinh tế; văn hóa xã hội; quốc phòng - an ninh; xây dựng hệ thống chính trị (nêu cụ thể số mô hình đã triển khai, nhân rộng).',
  '2.5. Tập huấn, bồi dưỡng nghiệp vụ công tác dân vận cho cán bộ, công chức, viên chức khối cơ quan Nhà nước.',
  '2.6. Kết quả xây dựng kế hoạch thực hiện công tác dân vận chính quyền và thực hiện dân chủ ở cơ sở. Việc cụ thể hóa phương châm “dân biết, dân bàn, dân làm, dân kiểm tra, dân giám sát, dân thụ hưởng”.',
  'a. Kết quả thực hiện dân chủ ở cơ sở theo phương châm “dân biết, dân bàn, dân làm, dân kiểm tra, dân giám sát, dân thụ hưởng” trong triển khai các dự án đầu tư, công tác bồi thường, tái định cư, giải phóng mặt bằng các dự án phát triển kinh tế - xã hội',
  'b. Việc lấy ý kiến của cộng đồng, phản biện khoa học, phản biện xã hội trong việc thực hiện các chương trình, dự án liên quan trực tiếp đến quyền và lợi ích hợp pháp, chính đáng của Nhân dân.',
  'c. Kết quả việc xây dựng, nhân rộng Mô hình Tổ công tác thực hiện công tác tuyên truyền, vận động, hỗ trợ giải phóng mặt bằng đối với một số dự án trọng điểm tại địa phương.',
  '2.7. Kết quả việc triển khai thực hiện Quyết định số 436/QĐ-UBND, ngày 11/6/2019 của Ủy ban nhân dân tỉnh về Quy định, tiêu chí, cách đánh giá, xếp loại công tác dân vận của cơ quan nhà nước trên địa bàn tỉnh (Nay là Quyết định số 1211/QĐ-UBND ngày 02/11/2022 của UBND tỉnh ban hành Quy định tiêu chí, thang điểm và phương pháp đánh giá, phân loại công tác dân vận của các cơ quan hành chính Nhà nước và đơn vị sự nghiệp công lập trên địa bàn tỉnh Quảng Ngãi).',
  '2.8. Vai trò của Mặt trận Tổ quốc và các tổ chức chính trị - xã hội trong việc giám sát, phản biện xã hội, góp ý xây dựng Đảng, xây dựng chính quyền. Xây dựng, nâng cao hiệu quả cơ chế phối hợp thực hiện công tác dân vận giữa Ban dân vận, Mặt trận Tổ quốc, các tổ chức chính trị - xã hội với cơ quan Nhà nước, lực lượng vũ trang cùng cấp. Việc đổi mới nội dung, phương thức hoạt động của Mặt trận Tổ quốc, các tổ chức chính trị - xã hội, các hội quần chúng.',
  'III. ĐÁNH GIÁ CHUNG',
  '1. Ưu điểm',
  '2. Hạn chế và nguyên nhân',
  '2.1. Hạn chế',
  '2.2. Nguyên nhân',
  '2.3. Một số kinh nghiệm',
  'IV. NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM THỜI GIAN TỚI',
];
/** Nghị định 30/2020 writes lettered points "a)"; the templates follow it. */
const nd30 = (heading: string) => heading.replace(/^([a-e])\. /u, '$1) ');
/**
 * Where the template deliberately departs from the seed's headings: the superior's instruction to the reporter
 * "(nêu cụ thể …)" removed, the seed's slips corrected (garbled phrase, "hoá"/"Thủ tục", "(Nay là", "Ban dân vận",
 * "436/QĐ-UBND, ngày", "về Quy định,"), "cơ quan nhà nước" written one way, no province name, no final period.
 */
const CORRECTED: Record<string, string> = {
  '2.3. Kết quả': '2.3. Kết quả thực hiện kiểm soát thủ tục hành chính, công khai, minh bạch quy trình thực hiện thủ tục hành chính của cơ quan nhà nước các cấp. Rà soát, sửa đổi, bổ sung, đơn giản hóa thủ tục hành chính. Việc đẩy mạnh ứng dụng công nghệ thông tin, cung cấp dịch vụ công trực tuyến, hoạt động của trung tâm phục vụ hành chính công và bộ phận một cửa, một cửa liên thông tại địa phương. Việc thực hiện các quy định về đạo đức công vụ, văn hóa công sở, tác phong làm việc, quy tắc ứng xử của đội ngũ cán bộ, công chức, viên chức, người đứng đầu cơ quan, đơn vị trong giải quyết thủ tục hành chính',
  'c) Rà soát': 'c) Rà soát, đơn giản hóa thủ tục hành chính',
  '2.4. Xây dựng': '2.4. Xây dựng, triển khai và nhân rộng các mô hình, điển hình “Dân vận khéo” trên các lĩnh vực: phát triển kinh tế; văn hóa - xã hội; quốc phòng - an ninh; xây dựng hệ thống chính trị',
  '2.5. Tập huấn': '2.5. Tập huấn, bồi dưỡng nghiệp vụ công tác dân vận cho cán bộ, công chức, viên chức khối cơ quan nhà nước',
  '2.6. Kết quả': '2.6. Kết quả xây dựng kế hoạch thực hiện công tác dân vận chính quyền và thực hiện dân chủ ở cơ sở. Việc cụ thể hóa phương châm “dân biết, dân bàn, dân làm, dân kiểm tra, dân giám sát, dân thụ hưởng”',
  'b) Việc lấy': 'b) Việc lấy ý kiến của cộng đồng, phản biện khoa học, phản biện xã hội trong việc thực hiện các chương trình, dự án liên quan trực tiếp đến quyền và lợi ích hợp pháp, chính đáng của Nhân dân',
  'c) Kết quả': 'c) Kết quả việc xây dựng, nhân rộng mô hình Tổ công tác thực hiện công tác tuyên truyền, vận động, hỗ trợ giải phóng mặt bằng đối với một số dự án trọng điểm tại địa phương',
  '2.7. Kết quả': '2.7. Kết quả việc triển khai thực hiện Quyết định số 436/QĐ-UBND ngày 11/6/2019 của Ủy ban nhân dân tỉnh quy định tiêu chí, cách đánh giá, xếp loại công tác dân vận của cơ quan nhà nước trên địa bàn tỉnh (nay là Quyết định số 1211/QĐ-UBND ngày 02/11/2022 của Ủy ban nhân dân tỉnh ban hành Quy định tiêu chí, thang điểm và phương pháp đánh giá, phân loại công tác dân vận của các cơ quan hành chính nhà nước và đơn vị sự nghiệp công lập trên địa bàn tỉnh)',
  '2.8. Vai trò': '2.8. Vai trò của Mặt trận Tổ quốc và các tổ chức chính trị - xã hội trong việc giám sát, phản biện xã hội, góp ý xây dựng Đảng, xây dựng chính quyền. Xây dựng, nâng cao hiệu quả cơ chế phối hợp thực hiện công tác dân vận giữa Ban Dân vận, Mặt trận Tổ quốc, các tổ chức chính trị - xã hội với cơ quan nhà nước, lực lượng vũ trang cùng cấp. Việc đổi mới nội dung, phương thức hoạt động của Mặt trận Tổ quốc, các tổ chức chính trị - xã hội, các hội quần chúng',
};
const corrected = (heading: string) => {
  const key = Object.keys(CORRECTED).find((k) => heading.startsWith(k));
  return key ? CORRECTED[key] : heading;
};
/** Names of places and bodies of the demo jurisdiction that only settings may bring into a report. */
const JURISDICTION = ['Quảng Ngãi', 'thành phố', 'Thành phố', 'Thành ủy', 'Trà Thanh Danh', 'Lê Hồng Phong', 'Nguyễn Nghiêm', 'Sông Trà'];

const TEMPLATE_FILES = readdirSync(TEMPLATE_DIR).filter((f) => f.endsWith('.json'));

describe('built-in templates', () => {
  it('ships the two templates, each named after its id and valid for the Template schema', () => {
    expect(TEMPLATE_FILES.sort()).toEqual(expect.arrayContaining(['ct08-so-ket.json', 'dan-van-hang-nam.json']));
    for (const file of TEMPLATE_FILES) {
      const t = Template.parse(JSON.parse(readRaw(file)));
      expect(`${t.id}.json`).toBe(file);
      expect(t.formatVersion).toBe(1);
      expect(t.version).toBeGreaterThanOrEqual(1);
    }
  });

  it('stores Vietnamese text in Unicode NFC', () => {
    for (const file of TEMPLATE_FILES) {
      const raw = readRaw(file);
      expect(raw === raw.normalize('NFC'), file).toBe(true);
    }
  });

  for (const file of TEMPLATE_FILES) {
    const id = file.replace(/\.json$/, '');
    describe(id, () => {
      const t = load(id);
      const byCode = new Map(t.indicators.map((i) => [i.code, i]));

      it('uses unique section ids', () => {
        const ids = walk(t.outline).map((s) => s.id);
        expect(new Set(ids).size).toBe(ids.length);
      });

      it('ties only declared indicators that are entered at the same rhythm (per year or once)', () => {
        for (const r of t.rules) {
          const inds = ruleCodes(r).map((c) => byCode.get(c));
          expect(inds.every(Boolean), r.id).toBe(true);
          const kinds = new Set(inds.map((i) => i?.kind));
          expect([...kinds].every((k) => k === 'count' || k === 'decimal'), r.id).toBe(true);
          expect(new Set(inds.map((i) => i?.byYear)).size, r.id).toBe(1);
        }
        expect(new Set(t.rules.map((r) => r.id)).size).toBe(t.rules.length);
      });

      it('resolves every placeholder to a declared indicator, list, appendix or context field, with years inside the period', () => {
        expect(validateTemplatePlaceholders(t)).toEqual([]);
        // Absolute years would tie the template to one period: only relative years (@1, @2 …) are used.
        expect(texts(t).filter((x) => /\{\{[A-Z][A-Z0-9_]*@\d{4}/.test(x))).toEqual([]);
      });

      it("names no place, body or person of a jurisdiction: the settings and the year's regime do", () => {
        const all = JSON.stringify(t);
        expect(JURISDICTION.filter((n) => all.includes(n))).toEqual([]);
        expect(all).not.toMatch(/Ủy ban nhân dân (thành phố|huyện|xã|phường)|UBND (thành phố|huyện)/);
      });

      it('writes "cơ quan nhà nước" in lower case and keeps no instruction of the requesting body in a heading', () => {
        const all = texts(t).join('\n');
        expect(all).not.toMatch(/cơ quan (hành chính )?Nhà nước|Ban dân vận|văn hóa xã hội|hoá/);
        expect(walk(t.outline).filter((s) => /\(nêu |\(ghi |cụ thể số/.test(s.heading)).map((s) => s.number)).toEqual([]);
      });

      it('computes each ratio from two declared counts and shows it in %', () => {
        const ratios = t.indicators.filter((i) => i.kind === 'ratio');
        expect(ratios.length).toBeGreaterThan(0);
        for (const r of ratios) {
          expect(r.unit).toBe('%');
          expect(byCode.get(r.ratio?.numerator ?? '')?.kind).toBe('count');
          expect(byCode.get(r.ratio?.denominator ?? '')?.kind).toBe('count');
        }
      });

      it('gives lists unique column keys, options for every choice column and a count indicator of kind count', () => {
        for (const l of t.lists) {
          const keys = l.columns.map((c) => c.key);
          expect(new Set(keys).size, l.id).toBe(keys.length);
          for (const c of l.columns.filter((x) => x.type === 'choice')) expect(c.options?.length, `${l.id}.${c.key}`).toBeGreaterThan(1);
          if (l.countIndicator) expect(byCode.get(l.countIndicator)?.kind, l.id).toBe('count');
        }
      });

      it('writes labels and rule messages in Vietnamese with diacritics', () => {
        const plain = /^[\x20-\x7e]*$/;
        for (const i of t.indicators) expect(plain.test(i.label), i.code).toBe(false);
        for (const r of t.rules) expect(plain.test(r.message), r.id).toBe(false);
      });
    });
  }
});

describe('ct08-so-ket', () => {
  const t = load('ct08-so-ket');
  const byCode = new Map<string, Indicator>(t.indicators.map((i) => [i.code, i]));
  const sections = walk(t.outline);

  it('reproduces every heading of the seed report in order, with "a)" for lettered points', () => {
    const actual = sections.map((s) => `${s.number} ${s.heading}`.replace('{{period.years}}', '3'));
    expect(actual).toEqual(SEED_HEADINGS.map(nd30).map(corrected));
  });

  it('writes the number of years of heading II as a placeholder', () => {
    const ii = t.outline.find((s) => s.number === 'II.');
    expect(ii?.heading).toBe('KẾT QUẢ {{period.years}} NĂM THỰC HIỆN CHỈ THỊ 08');
  });

  it('numbers lettered points "a)" as Nghị định 30 asks, never "a."', () => {
    const lettered = sections.filter((s) => /^[a-z]/.test(s.number));
    expect(lettered.map((s) => s.number)).toEqual(['a)', 'b)', 'c)', 'd)', 'a)', 'b)', 'c)']);
  });

  it.skipIf(!existsSync(SEED))('keeps the heading list of this test identical to the seed report', () => {
    const seed = readFileSync(SEED, 'utf8');
    const fromSeed = seed.split('\n').filter((l) => /^(I|II|III|IV)\. |^\d+\. |^\d+\.\d+\. |^[a-e]\. /u.test(l));
    expect(fromSeed).toEqual(SEED_HEADINGS);
  });

  it('carries the regime of the request 598/SNV-XDCQ for the years 2021 - 2023', () => {
    expect(t.regime).toMatchObject({
      reportType: 'so-ket',
      request: { number: '598/SNV-XDCQ', date: '2024-04-17', body: 'Sở Nội vụ' },
      period: { fromYear: 2021, toYear: 2023 },
      recipient: 'Sở Nội vụ',
    });
    expect(t.regime.request?.subject).toContain('Chỉ thị số 08-CT/TU ngày 25/5/2021');
    const { cutoff, unitDeadline, officeDeadline } = t.regime;
    expect(cutoff && unitDeadline && officeDeadline).toBeTruthy();
    expect((cutoff ?? '') < (unitDeadline ?? '')).toBe(true);
    expect((unitDeadline ?? '') < (officeDeadline ?? '')).toBe(true);
  });

  it('titles the report with the number of years as a placeholder', () => {
    expect(t.title.subject).toBe(
      'Kết quả sơ kết {{period.years}} năm thực hiện Chỉ thị số 08-CT/TU ngày 25/5/2021 của Ban Thường vụ Tỉnh ủy',
    );
  });

  it('opens by citing the request and closes with "./."', () => {
    const opening = t.opening.map((b) => b.text).join(' ');
    expect(opening).toMatch(/^\[\[\?Theo đề nghị của \{\{request\.body\}\} tại Công văn số \{\{request\.number\}\} ngày \{\{request\.date\}\}/);
    expect(opening).toMatch(/\{\{issuer\.name\}\} báo cáo như sau:$/);
    const closing = t.closing.map((b) => b.text).join(' ');
    expect(closing).toMatch(/^Trên đây là /);
    expect(closing).toMatch(/\.\/\.$/);
  });

  it('shows every declared indicator somewhere in the default text (the count of a list through its rows)', () => {
    const all = texts(t).join('\n');
    const listed = t.lists.filter((l) => all.includes(`{{rows ${l.id}`)).map((l) => l.countIndicator);
    const used = new Set([...texts(t).flatMap((x) => placeholders(x).map((p) => p.code)), ...listed]);
    expect(t.indicators.map((i) => i.code).filter((c) => !used.has(c))).toEqual([]);
  });

  it('never writes a figure of the seed literally: the text takes it from the data', () => {
    const all = texts(t).join('\n');
    const seedFigures = ['3.848', '2.932', '1.270', '1.417', '263.440', '16.015,34', '76,2%', '99,4%', '57,1%', '83,5%',
      '162/163', '70/70', '04/07', '37 kỳ', '127 lượt', '755 vụ', '630 vụ', '47 mô hình', '18 mô hình', '2962/QĐ-UBND',
      '552/BC-UBND', '320/BC-UBND', '340/BC-UBND', '4939/UBND-NC', '1087/UBND-NC', '181/KH-UBND', '12 cơ quan', '68 thôn'];
    expect(seedFigures.filter((f) => all.includes(f))).toEqual([]);
  });

  it('uses "-" and "+" items like the seed', () => {
    const styles = new Set(sections.flatMap((s) => s.narrative.map((b) => b.style)));
    expect(styles).toEqual(new Set(['p', 'dash', 'plus']));
  });

  it('enters activities per year and the profile of the city once', () => {
    for (const c of ['DON_TONG_SO', 'KN_TONG_SO', 'HOA_GIAI_TIEP_NHAN', 'TTHC_CAT_GIAM_THOI_GIAN', 'DVK_MOI_KT', 'TCD_KY_DINH_KY', 'TAP_HUAN_SO_LOP'])
      expect(byCode.get(c)?.byYear, c).toBe(true);
    for (const c of ['SO_CO_QUAN_CHUYEN_MON', 'SO_DVHC', 'SO_THON', 'DIEN_TICH', 'DAN_SO', 'LOAI_DO_THI']) {
      expect(byCode.get(c)?.byYear, c).toBe(false);
      expect(byCode.get(c)?.reporters, c).toEqual(['office']);
    }
  });

  it('keeps area to 2 decimals and never pads area or population', () => {
    expect(byCode.get('DIEN_TICH')).toMatchObject({ kind: 'decimal', unit: 'ha', decimals: 2, noPad: true });
    expect(byCode.get('DAN_SO')).toMatchObject({ kind: 'count', unit: 'người', noPad: true });
  });

  it('lets wards and communes report mediation, and every kind of unit report Dân vận khéo models', () => {
    expect(byCode.get('HOA_GIAI_TIEP_NHAN')?.reporters).toEqual(['phuong', 'xa']);
    expect(new Set(byCode.get('DVK_TONG_SO')?.reporters)).toEqual(new Set(['office', 'co-quan-chuyen-mon', 'don-vi-su-nghiep', 'phuong', 'xa', 'khac']));
    expect(byCode.get('DON_TONG_SO')?.reporters).toContain('co-quan-chuyen-mon');
  });

  const sumRule = (total: string) => t.rules.filter((r) => r.kind === 'sum' && r.total === total).map((r) => (r.kind === 'sum' ? [...r.parts].sort() : []));
  const hasLte = (left: string, right: string) => t.rules.some((r) => r.kind === 'lte' && r.left === left && r.right === right);

  it('ties petitions: received = eligible + ineligible, eligible = transferred + urged + returned + accepted', () => {
    expect(sumRule('DON_TONG_SO')).toContainEqual(['DON_DU_DIEU_KIEN', 'DON_KHONG_DU_DIEU_KIEN']);
    expect(sumRule('DON_DU_DIEU_KIEN')).toContainEqual(['DON_CHUYEN', 'DON_DON_DOC', 'DON_THU_LY', 'DON_TRA_LAI_HUONG_DAN']);
  });

  it('keeps resolved cases within the total for complaints, denunciations, mass cases and mediation', () => {
    expect(hasLte('KN_DA_GIAI_QUYET', 'KN_TONG_SO')).toBe(true);
    expect(hasLte('TC_DA_GIAI_QUYET', 'TC_TONG_SO')).toBe(true);
    expect(hasLte('VU_VIEC_DONG_NGUOI_DA_GIAI_QUYET', 'VU_VIEC_DONG_NGUOI_TONG_SO')).toBe(true);
    expect(hasLte('HOA_GIAI_THANH_CONG', 'HOA_GIAI_TIEP_NHAN')).toBe(true);
  });

  it('warns, without refusing, when fewer people than sessions were received', () => {
    const r = t.rules.find((x) => x.kind === 'lte' && x.left === 'TCD_KY_DINH_KY' && x.right === 'TCD_LUOT_NGUOI');
    expect(r?.severity).toBe('warning');
  });

  it('ties administrative units and administrative procedures to their parts', () => {
    expect(sumRule('SO_DVHC')).toContainEqual(['SO_PHUONG', 'SO_XA']);
    expect(sumRule('TTHC_KIEN_NGHI_TONG_SO')).toContainEqual(['TTHC_CAT_GIAM_THOI_GIAN', 'TTHC_DE_XUAT_DIEU_CHINH', 'TTHC_DON_GIAN_HOA']);
  });

  it('ties the Dân vận khéo matrix by rows, by columns and in the grand total', () => {
    const types = ['MOI', 'NHAN_RONG', 'DUY_TRI'];
    const fields = ['KT', 'VHXH', 'QPAN', 'HTCT'];
    for (const ty of types) expect(sumRule(`DVK_${ty}`), ty).toContainEqual(fields.map((f) => `DVK_${ty}_${f}`).sort());
    for (const f of fields) expect(sumRule(`DVK_${f}`), f).toContainEqual(types.map((ty) => `DVK_${ty}_${f}`).sort());
    expect(sumRule('DVK_TONG_SO')).toEqual(
      expect.arrayContaining([types.map((ty) => `DVK_${ty}`).sort(), fields.map((f) => `DVK_${f}`).sort()]),
    );
  });

  it('counts the rows of its lists with an indicator', () => {
    const counts = Object.fromEntries(t.lists.map((l) => [l.id, l.countIndicator]));
    expect(counts).toEqual({
      'van-ban-trien-khai': 'SO_VAN_BAN_TRIEN_KHAI',
      'ke-hoach-doi-thoai': 'SO_KE_HOACH_DOI_THOAI',
      'bao-cao-ra-soat-tthc': 'SO_BAO_CAO_RA_SOAT_TTHC',
      'mo-hinh-dan-van-kheo': 'DVK_TONG_SO',
      'to-cong-tac': 'SO_TO_CONG_TAC_GPMB',
    });
    const docs = t.lists.find((l) => l.id === 'van-ban-trien-khai');
    expect(docs?.columns.map((c) => [c.key, c.type])).toEqual([
      ['soKyHieu', 'docref'],
      ['ngay', 'date'],
      ['coQuanBanHanh', 'text'],
      ['trichYeu', 'text'],
      ['ghiChu', 'text'],
    ]);
  });

  it('attaches the documents list as Phụ lục I and the per-unit counts as a landscape Phụ lục II', () => {
    expect(t.appendices).toHaveLength(2);
    const [i, ii] = t.appendices;
    expect(i?.source).toEqual({ kind: 'list', list: 'van-ban-trien-khai' });
    expect(i?.landscape).toBe(false);
    expect(ii?.source.kind).toBe('indicators-by-unit');
    expect(ii?.landscape).toBe(true);
    if (ii?.source.kind === 'indicators-by-unit')
      for (const c of ii.source.indicators) expect(byCode.get(c)?.kind, c).toBe('count');
    const all = texts(t).join('\n');
    for (const a of t.appendices) expect(all, a.id).toContain(`{{appendix ${a.id}}}`);
  });
});

describe('dan-van-hang-nam', () => {
  const t = load('dan-van-hang-nam');
  const ct08 = load('ct08-so-ket');
  const ct08Codes = new Map(ct08.indicators.map((i) => [i.code, i]));

  it('is a one-year periodic report to Sở Nội vụ', () => {
    expect(t.regime.reportType).toBe('dinh-ky');
    expect(t.regime.period.fromYear).toBe(t.regime.period.toYear);
    expect(t.regime.recipient).toBe('Sở Nội vụ');
    expect(t.title.subject).toBe('Công tác dân vận chính quyền {{period.label}}');
    expect(texts(t).join('\n')).toContain('{{appendix phu-luc}}');
  });

  it('reuses the Chỉ thị 08 indicator codes with the same meaning, only placed in its own outline', () => {
    for (const i of t.indicators) {
      const twin = ct08Codes.get(i.code);
      expect(twin, i.code).toBeDefined();
      const { section: _a, ...mine } = i;
      const { section: _b, ...theirs } = twin as Indicator;
      expect(mine, i.code).toEqual(theirs);
    }
    for (const group of ['TCD_KY_DINH_KY', 'DON_TONG_SO', 'KN_TONG_SO', 'HOA_GIAI_TIEP_NHAN', 'TTHC_CAT_GIAM_THOI_GIAN', 'DVK_TONG_SO', 'TAP_HUAN_SO_LOP'])
      expect(t.indicators.some((i) => i.code === group), group).toBe(true);
  });

  it('has its own, shorter outline', () => {
    expect(walk(t.outline).length).toBeLessThan(walk(ct08.outline).length);
    expect(t.outline.map((s) => s.number)).toEqual(['I.', 'II.', 'III.', 'IV.']);
  });

  it('keeps the rules of ct08 whose indicators it declares', () => {
    const codes = new Set(t.indicators.map((i) => i.code));
    const expected = ct08.rules.filter((r) => ruleCodes(r).every((c) => codes.has(c))).map((r) => r.id);
    expect(t.rules.map((r) => r.id)).toEqual(expected);
  });
});

describe('Template schema on a broken template', () => {
  it('refuses a duplicate indicator code', () => {
    const t = rawCopy('ct08-so-ket');
    t.indicators.push({ ...t.indicators[0]! });
    expect(issuesOf(t)).toContain(`Mã chỉ tiêu ${t.indicators[0]!.code} bị trùng`);
  });

  it('refuses an indicator placed in a section the outline does not have', () => {
    const t = rawCopy('ct08-so-ket');
    t.indicators[0] = { ...t.indicators[0]!, section: 'muc-khong-co' };
    expect(issuesOf(t)).toContain(`Mục muc-khong-co của chỉ tiêu ${t.indicators[0]!.code} không có trong đề cương`);
  });

  it('refuses a rule that references an undeclared indicator', () => {
    const t = rawCopy('ct08-so-ket');
    t.rules = [...(t.rules ?? []), { id: 'quy-tac-loi', kind: 'lte', left: 'DON_TONG_SO', right: 'CHI_TIEU_KHONG_CO', message: 'Lỗi.' }];
    expect(issuesOf(t)).toContain('Chỉ tiêu CHI_TIEU_KHONG_CO chưa được khai báo');
  });

  it('refuses a ratio that does not say what it divides', () => {
    const t = rawCopy('ct08-so-ket');
    const i = t.indicators.findIndex((x) => x.kind === 'ratio');
    const { ratio: _dropped, ...rest } = t.indicators[i]!;
    t.indicators[i] = rest;
    expect(issuesOf(t)).toContain(`Chỉ tiêu tỷ lệ ${rest.code} phải khai báo tử số và mẫu số`);
  });

  it('refuses a ratio without a numerator', () => {
    const t = rawCopy('ct08-so-ket');
    const i = t.indicators.findIndex((x) => x.kind === 'ratio');
    t.indicators[i] = { ...t.indicators[i]!, ratio: { denominator: 'DON_TONG_SO' } as never };
    const r = Template.safeParse(t);
    expect(r.success).toBe(false);
    expect(r.error?.issues.some((x) => x.path.join('.') === `indicators.${i}.ratio.numerator`)).toBe(true);
  });

  it('refuses a ratio whose numerator is not declared', () => {
    const t = rawCopy('ct08-so-ket');
    const i = t.indicators.findIndex((x) => x.kind === 'ratio');
    t.indicators[i] = { ...t.indicators[i]!, ratio: { numerator: 'TU_SO_KHONG_CO', denominator: 'DON_TONG_SO' } };
    expect(issuesOf(t)).toContain('Chỉ tiêu TU_SO_KHONG_CO chưa được khai báo');
  });

  it('refuses a list count indicator and an appendix list that are not declared', () => {
    const t = rawCopy('ct08-so-ket');
    t.lists = (t.lists ?? []).map((l) => (l.id === 'to-cong-tac' ? { ...l, countIndicator: 'SO_TO_KHONG_CO' } : l));
    t.appendices = [...(t.appendices ?? []), { id: 'phu-luc-iii', title: 'PHỤ LỤC LỖI', source: { kind: 'list', list: 'danh-sach-khong-co' } }];
    const messages = issuesOf(t);
    expect(messages).toContain('Chỉ tiêu SO_TO_KHONG_CO chưa được khai báo');
    expect(messages).toContain('Phụ lục phu-luc-iii dùng danh sách danh-sach-khong-co chưa được khai báo');
  });

  it('accepts the unbroken copy, so the refusals above come from the breakage', () => {
    expect(issuesOf(rawCopy('ct08-so-ket'))).toEqual([]);
    expect(issuesOf(rawCopy('dan-van-hang-nam'))).toEqual([]);
  });
});
