/**
 * Generates ct08-quang-ngai.json, the demo year for the "ct08-so-ket" template: the jurisdiction of the seed
 * report (UBND thành phố Quảng Ngãi, sơ kết 03 năm Chỉ thị 08-CT/TU, 2021 - 2023).
 *
 * Only the city-wide totals come from the seed report. How they are split over units and years is invented,
 * deterministically (fixed PRNG seed), so that every unit's own figures satisfy every rule of the template.
 * Run: node resources/demo/generate.mjs   (the JSON output is committed; this script documents how it was made)
 */
import { writeFileSync } from 'node:fs';

const YEARS = [2021, 2022, 2023];
const WHOLE_PERIOD = 0;

/** Small deterministic PRNG (mulberry32). */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = prng(20240417);
const between = (lo, hi) => lo + (hi - lo) * rand();
const pick = (arr) => arr[Math.floor(rand() * arr.length)];

/** Splits a non-negative integer total into parts proportional to weights (largest remainder, ties by index). */
function apportion(total, weights) {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k++, left--) parts[order[k % order.length][1]]++;
  return parts;
}

// ---------------------------------------------------------------------------------------------------------------
// Units
// ---------------------------------------------------------------------------------------------------------------
const units = [
  { code: 'VP', name: 'Văn phòng HĐND và UBND thành phố', kind: 'office', sample: false },
  { code: 'PNV', name: 'Phòng Nội vụ', kind: 'co-quan-chuyen-mon', sample: false },
  { code: 'PTP', name: 'Phòng Tư pháp', kind: 'co-quan-chuyen-mon', sample: false },
  { code: 'PTCKH', name: 'Phòng Tài chính - Kế hoạch', kind: 'co-quan-chuyen-mon', sample: false },
  { code: 'PTNMT', name: 'Phòng Tài nguyên và Môi trường', kind: 'co-quan-chuyen-mon', sample: false },
  { code: 'PQLDT', name: 'Phòng Quản lý đô thị', kind: 'co-quan-chuyen-mon', sample: false },
  { code: 'PKT', name: 'Phòng Kinh tế', kind: 'co-quan-chuyen-mon', sample: false },
  { code: 'PLDTBXH', name: 'Phòng Lao động - Thương binh và Xã hội', kind: 'co-quan-chuyen-mon', sample: false },
  { code: 'PVHTT', name: 'Phòng Văn hóa và Thông tin', kind: 'co-quan-chuyen-mon', sample: false },
  { code: 'PGDDT', name: 'Phòng Giáo dục và Đào tạo', kind: 'co-quan-chuyen-mon', sample: false },
  { code: 'PYT', name: 'Phòng Y tế', kind: 'co-quan-chuyen-mon', sample: false },
  { code: 'TTRA', name: 'Thanh tra thành phố', kind: 'co-quan-chuyen-mon', sample: false },
  // The real twelfth agency is the Văn phòng itself, which is the compiling office here; this one is invented.
  { code: 'PDT', name: 'Phòng Dân tộc', kind: 'co-quan-chuyen-mon', sample: true },
  { code: 'BQLDA', name: 'Ban Quản lý dự án đầu tư xây dựng thành phố', kind: 'don-vi-su-nghiep', sample: true },
  { code: 'TTVHTT', name: 'Trung tâm Văn hóa - Thể thao và Truyền thanh thành phố', kind: 'don-vi-su-nghiep', sample: true },
  { code: 'TTPTQD', name: 'Trung tâm Phát triển quỹ đất thành phố', kind: 'don-vi-su-nghiep', sample: true },
  { code: 'BQLCTCC', name: 'Ban Quản lý công trình công cộng thành phố', kind: 'don-vi-su-nghiep', sample: true },
  { code: 'TTDVNN', name: 'Trung tâm Dịch vụ nông nghiệp thành phố', kind: 'don-vi-su-nghiep', sample: true },
];
const WARDS = [
  ['P-LHP', 'Lê Hồng Phong'], ['P-TP', 'Trần Phú'], ['P-NN', 'Nguyễn Nghiêm'], ['P-TQT', 'Trương Quang Trọng'],
  ['P-CL', 'Chánh Lộ'], ['P-NC', 'Nghĩa Chánh'], ['P-NL', 'Nghĩa Lộ'], ['P-QP', 'Quảng Phú'], ['P-THD', 'Trần Hưng Đạo'],
];
const COMMUNES = [
  ['X-TAT', 'Tịnh Ấn Tây'], ['X-TAD', 'Tịnh Ấn Đông'], ['X-TL', 'Tịnh Long'], ['X-TA', 'Tịnh An'], ['X-TC', 'Tịnh Châu'],
  ['X-TT', 'Tịnh Thiện'], ['X-TK', 'Tịnh Khê'], ['X-TH', 'Tịnh Hòa'], ['X-TKY', 'Tịnh Kỳ'], ['X-NDO', 'Nghĩa Dõng'],
  ['X-NDU', 'Nghĩa Dũng'], ['X-NH', 'Nghĩa Hà'], ['X-NP', 'Nghĩa Phú'], ['X-NA', 'Nghĩa An'],
];
for (const [code, name] of WARDS) units.push({ code, name: `Phường ${name}`, kind: 'phuong', sample: false });
for (const [code, name] of COMMUNES) units.push({ code, name: `Xã ${name}`, kind: 'xa', sample: false });
const ofKind = (kind) => units.filter((u) => u.kind === kind).map((u) => u.code);
const wards = ofKind('phuong');
const communes = ofKind('xa');

// ---------------------------------------------------------------------------------------------------------------
// Figures
// ---------------------------------------------------------------------------------------------------------------
const figures = new Map();
function set(unit, code, year, value) {
  const key = `${unit}|${code}|${year}`;
  if (figures.has(key)) throw new Error(`duplicate figure ${key}`);
  figures.set(key, { unit, code, year, value: String(value) });
}
const add = (total, parts) => parts.reduce((a, b) => a + b, total);

// Profile of the city (section I), entered once by the office.
const profile = {
  LOAI_DO_THI: 'đô thị loại II',
  SO_CO_QUAN_CHUYEN_MON: 12,
  SO_DVSN_TRUC_THUOC: 5,
  SO_DVSN_GIAO_DUC: 68,
  SO_DVHC: 23,
  SO_PHUONG: 9,
  SO_XA: 14,
  SO_THON: 68,
  SO_TO_DAN_PHO: 71,
  DIEN_TICH: '16015.34',
  DAN_SO: 263440,
};
for (const [code, v] of Object.entries(profile)) set('VP', code, WHOLE_PERIOD, v);

// Documents issued (list van-ban-trien-khai holds the same 10 rows, by year of issue).
const documents = [
  ['112/KH-UBND', '2021-07-15', 'Kế hoạch triển khai thực hiện Chỉ thị số 08-CT/TU ngày 25/5/2021 của Ban Thường vụ Tỉnh ủy về nâng cao hiệu quả công tác dân vận của cơ quan Nhà nước các cấp trên địa bàn thành phố'],
  ['2315/UBND-NV', '2021-08-20', 'Về việc tăng cường công tác dân vận chính quyền gắn với thực hiện dân chủ ở cơ sở'],
  ['176/KH-UBND', '2021-11-10', 'Kế hoạch thực hiện phong trào thi đua “Dân vận khéo” giai đoạn 2021 - 2025 trên địa bàn thành phố'],
  ['18/KH-UBND', '2022-01-25', 'Kế hoạch công tác dân vận chính quyền năm 2022'],
  ['1120/UBND-NV', '2022-04-12', 'Về việc xây dựng, nhân rộng mô hình, điển hình “Dân vận khéo” năm 2022'],
  ['3870/UBND-NV', '2022-10-05', 'Về việc đẩy mạnh thực hiện dân chủ ở cơ sở trong công tác bồi thường, giải phóng mặt bằng'],
  ['198/KH-UBND', '2022-11-25', 'Kế hoạch triển khai Quyết định số 1211/QĐ-UBND ngày 02/11/2022 của UBND tỉnh về đánh giá, phân loại công tác dân vận của cơ quan hành chính Nhà nước'],
  ['25/KH-UBND', '2023-02-15', 'Kế hoạch công tác dân vận chính quyền năm 2023'],
  ['132/KH-UBND', '2023-07-18', 'Kế hoạch triển khai thi hành Luật Thực hiện dân chủ ở cơ sở trên địa bàn thành phố'],
  ['2986/UBND-NV', '2023-09-12', 'Về việc sơ kết, đánh giá kết quả phong trào thi đua “Dân vận khéo” năm 2023'],
];
for (const y of YEARS) set('VP', 'SO_VAN_BAN_TRIEN_KHAI', y, documents.filter(([, d]) => d.startsWith(String(y))).length);

// 2.1: the staff assignment decision.
set('VP', 'QD_PHAN_CONG_CAN_BO', WHOLE_PERIOD, '2962/QĐ-UBND');
set('VP', 'QD_PHAN_CONG_CAN_BO_NGAY', WHOLE_PERIOD, '2022-06-14');

// 2.2: citizen reception by the Chủ tịch (Ban Tiếp công dân belongs to the office). Seed: 37 kỳ, 127 lượt, 01 kỳ
// đột xuất with 01 đoàn of about 29 people.
const reception = {
  TCD_KY_DINH_KY: [12, 12, 13],
  TCD_LUOT_NGUOI: [38, 45, 44],
  TCD_KY_DOT_XUAT: [0, 0, 1],
  TCD_DOAN_DONG_NGUOI: [0, 0, 1],
  TCD_SO_NGUOI_DOAN: [0, 0, 29],
};
for (const [code, byYear] of Object.entries(reception)) YEARS.forEach((y, i) => set('VP', code, y, byYear[i]));
set('VP', 'TCD_DOAN_DONG_NGUOI_GHI_CHU', WHOLE_PERIOD, 'các tiểu thương buôn bán, kinh doanh tại Chợ đêm Sông Trà, phường Lê Hồng Phong, thành phố Quảng Ngãi');

// 2.2: petitions received by the office and by Thanh tra thành phố. The leaves are split, the totals derived, so
// each unit-year satisfies: total = eligible + ineligible; eligible = transferred + urged + returned + accepted.
const petitionCells = [];
for (const unit of ['VP', 'TTRA'])
  YEARS.forEach((y, i) => petitionCells.push({ unit, y, w: (unit === 'VP' ? 0.82 : 0.18) * [0.31, 0.34, 0.35][i] }));
const leaves = { DON_CHUYEN: 1270, DON_DON_DOC: 66, DON_TRA_LAI_HUONG_DAN: 179, DON_THU_LY: 1417, DON_KHONG_DU_DIEU_KIEN: 916 };
const split = {};
for (const [code, total] of Object.entries(leaves)) split[code] = apportion(total, petitionCells.map((c) => c.w * between(0.85, 1.15)));
petitionCells.forEach((c, k) => {
  const eligible = add(0, ['DON_CHUYEN', 'DON_DON_DOC', 'DON_TRA_LAI_HUONG_DAN', 'DON_THU_LY'].map((code) => split[code][k]));
  set(c.unit, 'DON_TONG_SO', c.y, eligible + split.DON_KHONG_DU_DIEU_KIEN[k]);
  set(c.unit, 'DON_DU_DIEU_KIEN', c.y, eligible);
  set(c.unit, 'DON_KHONG_DU_DIEU_KIEN', c.y, split.DON_KHONG_DU_DIEU_KIEN[k]);
  for (const code of ['DON_CHUYEN', 'DON_DON_DOC', 'DON_TRA_LAI_HUONG_DAN', 'DON_THU_LY']) set(c.unit, code, c.y, split[code][k]);
});

// 2.2: complaints, denunciations and mass cases under the Chủ tịch's competence, handled by Thanh tra.
// Seed: 162/163 complaints, 70/70 denunciations, 04/07 mass, complicated, prolonged cases.
const tt = {
  KN_TONG_SO: [58, 55, 50],
  KN_DA_GIAI_QUYET: [58, 55, 49],
  TC_TONG_SO: [25, 24, 21],
  TC_DA_GIAI_QUYET: [25, 24, 21],
  VU_VIEC_DONG_NGUOI_TONG_SO: [3, 2, 2],
  VU_VIEC_DONG_NGUOI_DA_GIAI_QUYET: [1, 1, 2],
};
for (const [code, byYear] of Object.entries(tt)) YEARS.forEach((y, i) => set('TTRA', code, y, byYear[i]));

// 2.2: dialogue plans (list ke-hoach-doi-thoai); the third plan is dated 2024, so the count is whole-period.
set('VP', 'SO_KE_HOACH_DOI_THOAI', WHOLE_PERIOD, 3);

// 2.2: grassroots mediation by wards and communes. Seed: 755 received, 630 successful.
const mediationCells = [];
for (const unit of [...wards, ...communes])
  YEARS.forEach((y) => mediationCells.push({ unit, y, w: (communes.includes(unit) ? 1.2 : 0.9) * between(0.6, 1.4) }));
const received = apportion(755, mediationCells.map((c) => c.w));
const successful = received.map((r) => Math.floor((r * 630) / 755));
{
  let left = 630 - successful.reduce((a, b) => a + b, 0);
  const order = received.map((r, i) => [(r * 630) / 755 - successful[i], i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k++) {
    const i = order[k % order.length][1];
    if (successful[i] < received[i]) {
      successful[i]++;
      left--;
    }
  }
}
mediationCells.forEach((c, k) => {
  set(c.unit, 'HOA_GIAI_TIEP_NHAN', c.y, received[k]);
  set(c.unit, 'HOA_GIAI_THANH_CONG', c.y, successful[k]);
});

// 2.3 c): administrative procedures proposed by agencies in the yearly review. Seed per year: cut time 02/02/02,
// simplified 01/01/01, proposed adjustment 0/0/03.
const tthc = [
  ['PTNMT', 2021, 1, 0, 0], ['PTP', 2021, 1, 0, 0], ['PLDTBXH', 2021, 0, 1, 0],
  ['PQLDT', 2022, 1, 0, 0], ['PKT', 2022, 1, 0, 0], ['PTP', 2022, 0, 1, 0],
  ['PTNMT', 2023, 1, 0, 2], ['PVHTT', 2023, 1, 0, 0], ['PGDDT', 2023, 0, 1, 0], ['PQLDT', 2023, 0, 0, 1],
];
for (const unit of [...new Set(tthc.map((r) => r[0]))])
  for (const y of YEARS) {
    const rows = tthc.filter((r) => r[0] === unit && r[1] === y);
    const [cut, simp, adj] = [2, 3, 4].map((i) => rows.reduce((a, r) => a + r[i], 0));
    set(unit, 'TTHC_CAT_GIAM_THOI_GIAN', y, cut);
    set(unit, 'TTHC_DON_GIAN_HOA', y, simp);
    set(unit, 'TTHC_DE_XUAT_DIEU_CHINH', y, adj);
    set(unit, 'TTHC_KIEN_NGHI_TONG_SO', y, cut + simp + adj);
  }
for (const y of YEARS) set('VP', 'SO_BAO_CAO_RA_SOAT_TTHC', y, 1);

// 2.3 d): the two instructions on one-stop-shop equipment.
set('VP', 'CV_CSVC_MOT_CUA', 2022, '4939/UBND-NC');
set('VP', 'CV_CSVC_MOT_CUA_NGAY', 2022, '2022-12-29');
set('VP', 'CV_CSVC_MOT_CUA', 2023, '1087/UBND-NC');
set('VP', 'CV_CSVC_MOT_CUA_NGAY', 2023, '2023-04-04');

// 2.4: "Dân vận khéo" models. Seed matrix (type × field): mới 1/11/4/2, nhân rộng 0/5/6/2, duy trì 2/7/5/2.
const TYPES = [['MOI', 'Đăng ký mới'], ['NHAN_RONG', 'Nhân rộng'], ['DUY_TRI', 'Duy trì']];
const FIELDS = [['KT', 'Kinh tế'], ['VHXH', 'Văn hóa - xã hội'], ['QPAN', 'Quốc phòng - an ninh'], ['HTCT', 'Xây dựng hệ thống chính trị']];
const MATRIX = { MOI: [1, 11, 4, 2], NHAN_RONG: [0, 5, 6, 2], DUY_TRI: [2, 7, 5, 2] };
const NAMES = {
  KT: ['Vận động Nhân dân hiến đất mở rộng đường giao thông nông thôn', 'Tổ hợp tác trồng rau an toàn', 'Hỗ trợ hộ nghèo phát triển sinh kế bền vững', 'Liên kết tiêu thụ sản phẩm nông nghiệp'],
  VHXH: ['Tuyến đường hoa, cây xanh, sạch đẹp', 'Ngày Chủ nhật xanh', 'Thư viện sách cộng đồng', 'Bữa cơm nghĩa tình', 'Mái ấm cho hộ nghèo', 'Phân loại rác thải tại nguồn', 'Nâng bước em đến trường', 'Tiếp sức người bệnh', 'Câu lạc bộ dưỡng sinh người cao tuổi', 'Con đường bích họa', 'Phụ nữ tự quản bảo vệ môi trường', 'Khu dân cư không rác thải nhựa', 'Tủ sách pháp luật khu dân cư', 'Hỗ trợ trẻ em có hoàn cảnh khó khăn', 'Câu lạc bộ văn nghệ quần chúng'],
  QPAN: ['Camera an ninh khu dân cư', 'Tổ tự quản về an ninh, trật tự', 'Khu dân cư không có tội phạm và tệ nạn xã hội', 'Thắp sáng đường quê', 'Tổ liên gia an toàn phòng cháy, chữa cháy', 'Ngõ hẻm an toàn', 'Dòng họ không có người vi phạm pháp luật', 'Tổ an ninh trật tự bến bãi'],
  HTCT: ['Bộ phận Một cửa thân thiện, vì Nhân dân phục vụ', 'Tiếp công dân thân thiện, trách nhiệm', 'Chi bộ gắn với khu dân cư', 'Cán bộ, đảng viên gần dân, sát dân', 'Hỗ trợ người dân thực hiện dịch vụ công trực tuyến', 'Đối thoại với Nhân dân định kỳ tại khu dân cư'],
};
const POOLS = {
  KT: [...communes, 'PKT', 'TTDVNN'],
  VHXH: [...wards, ...communes, 'PVHTT', 'PGDDT', 'PYT', 'PLDTBXH', 'TTVHTT'],
  QPAN: [...wards, ...communes],
  HTCT: ['PNV', 'TTRA', 'PTP', ...wards],
};
// A few fixed placements so that every kind of unit appears: the office runs the one-stop shop, the culture
// centre runs an amateur arts club, a public service unit supports farmers.
const FIXED = [
  { type: 'MOI', field: 'HTCT', unit: 'VP', name: NAMES.HTCT[0], year: 2022 },
  { type: 'MOI', field: 'VHXH', unit: 'TTVHTT', name: 'Câu lạc bộ văn nghệ quần chúng', year: 2021 },
  { type: 'DUY_TRI', field: 'KT', unit: 'TTDVNN', name: 'Liên kết tiêu thụ sản phẩm nông nghiệp', year: 2023 },
];
const models = [];
const nameCursor = { KT: 0, VHXH: 0, QPAN: 0, HTCT: 1 };
for (const [type, typeLabel] of TYPES)
  FIELDS.forEach(([field, fieldLabel], fi) => {
    const fixed = FIXED.filter((f) => f.type === type && f.field === field);
    for (let i = 0; i < MATRIX[type][fi]; i++) {
      let m = fixed[i];
      if (!m) {
        let unit, name;
        do {
          unit = pick(POOLS[field]);
          name = NAMES[field][nameCursor[field] % NAMES[field].length];
        } while (models.some((x) => x.unit === unit && x.name === name));
        nameCursor[field]++;
        m = { type, field, unit, name, year: pick(YEARS) };
      }
      models.push({ ...m, typeLabel, fieldLabel });
    }
  });
const unitYears = [...new Set(models.map((m) => `${m.unit}|${m.year}`))];
for (const key of unitYears) {
  const [unit, y] = key.split('|');
  const year = Number(y);
  const mine = models.filter((m) => m.unit === unit && m.year === year);
  const count = (pred) => mine.filter(pred).length;
  for (const [type] of TYPES) for (const [field] of FIELDS) set(unit, `DVK_${type}_${field}`, year, count((m) => m.type === type && m.field === field));
  for (const [type] of TYPES) set(unit, `DVK_${type}`, year, count((m) => m.type === type));
  for (const [field] of FIELDS) set(unit, `DVK_${field}`, year, count((m) => m.field === field));
  set(unit, 'DVK_TONG_SO', year, mine.length);
}

// 2.5: one training course, organised by Phòng Nội vụ.
YEARS.forEach((y) => set('PNV', 'TAP_HUAN_SO_LOP', y, y === 2022 ? 1 : 0));

// 2.6 c): the two work teams named in the seed.
set('P-NN', 'SO_TO_CONG_TAC_GPMB', WHOLE_PERIOD, 1);
set('P-TQT', 'SO_TO_CONG_TAC_GPMB', WHOLE_PERIOD, 1);

// ---------------------------------------------------------------------------------------------------------------
// Lists
// ---------------------------------------------------------------------------------------------------------------
const lists = {
  'van-ban-trien-khai': documents.map(([soKyHieu, ngay, trichYeu]) => ({
    unit: 'VP',
    values: { soKyHieu, ngay, coQuanBanHanh: 'UBND thành phố', trichYeu },
  })),
  'ke-hoach-doi-thoai': [
    ['2022', '181/KH-UBND', '2022-10-27'],
    ['2023', '21/KH-UBND', '2023-02-09'],
    ['2024', '46/KH-UBND', '2024-02-28'],
  ].map(([nam, soKyHieu, ngay]) => ({
    unit: 'VP',
    values: { nam, soKyHieu, ngay, trichYeu: `Tổ chức đối thoại giữa Chủ tịch UBND thành phố với Nhân dân trên địa bàn thành phố Quảng Ngãi năm ${nam}` },
  })),
  'bao-cao-ra-soat-tthc': [
    ['2021', '552/BC-UBND', '2021-11-05', 'Kết quả rà soát, đánh giá thủ tục hành chính năm 2021'],
    ['2022', '320/BC-UBND', '2022-08-16', 'Kết quả rà soát, đánh giá thủ tục hành chính năm 2022'],
    ['2023', '340/BC-UBND', '2023-08-15', 'Kết quả rà soát, đánh giá thủ tục hành chính năm 2023 trên địa bàn thành phố Quảng Ngãi'],
  ].map(([nam, soKyHieu, ngay, trichYeu]) => ({ unit: 'VP', values: { nam, soKyHieu, ngay, trichYeu } })),
  'mo-hinh-dan-van-kheo': models
    .map((m) => ({ unit: m.unit, values: { ten: m.name, linhVuc: m.fieldLabel, loai: m.typeLabel, donVi: m.unit, nam: String(m.year) } }))
    .sort((a, b) => units.findIndex((u) => u.code === a.unit) - units.findIndex((u) => u.code === b.unit) || a.values.nam.localeCompare(b.values.nam)),
  'to-cong-tac': [
    {
      unit: 'P-NN',
      values: {
        donVi: 'P-NN',
        ten: 'Tổ vận động, giải quyết các vướng mắc trong công tác bồi thường, giải phóng mặt bằng',
        duAn: 'Mở rộng nút giao thông ngã 5 cũ, thành phố Quảng Ngãi',
      },
    },
    {
      unit: 'P-TQT',
      values: {
        donVi: 'P-TQT',
        ten: 'Tổ công tác tuyên truyền vận động thực hiện nhiệm vụ giải phóng mặt bằng',
        duAn: 'Khu hành chính tập trung thành phố Quảng Ngãi trên địa bàn phường Trương Quang Trọng',
      },
    },
  ],
};

// ---------------------------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------------------------
const order = new Map(units.map((u, i) => [u.code, i]));
const demo = {
  templateId: 'ct08-so-ket',
  year: 2024,
  period: { fromYear: 2021, toYear: 2023 },
  settings: {
    issuerLines: ['ỦY BAN NHÂN DÂN', 'THÀNH PHỐ QUẢNG NGÃI'],
    superiorBody: '',
    placeName: 'Quảng Ngãi',
    documentSymbol: 'BC-UBND',
    signer: { authority: 'TM. ỦY BAN NHÂN DÂN', title: 'CHỦ TỊCH', fullName: 'Trà Thanh Danh' },
    recipients: ['Sở Nội vụ Quảng Ngãi', 'BTV Thành ủy', 'CT, PCT UBND thành phố', 'Ban Dân vận Thành ủy', 'Phòng Nội vụ TP', 'VPUB: C, PCVP, CV(NC)'],
    draftingUnit: 'NV(CV,Chi)',
    padCounts: true,
  },
  units,
  figures: [...figures.values()].sort((a, b) => order.get(a.unit) - order.get(b.unit) || a.year - b.year),
  lists,
};

/** JSON with small objects kept on one line, so that a figure or a list row reads as one line. */
function flat(value) {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(flat).join(', ')}]`;
  return `{ ${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${flat(v)}`).join(', ')} }`;
}
function stringify(value, indent = '') {
  const line = flat(value);
  if (line.length <= 150 || value === null || typeof value !== 'object') return line;
  const next = indent + '  ';
  if (Array.isArray(value)) return `[\n${value.map((v) => next + stringify(v, next)).join(',\n')}\n${indent}]`;
  return `{\n${Object.entries(value).map(([k, v]) => `${next}${JSON.stringify(k)}: ${stringify(v, next)}`).join(',\n')}\n${indent}}`;
}
writeFileSync(new URL('./ct08-quang-ngai.json', import.meta.url), stringify(demo).normalize('NFC') + '\n');
console.log(`${units.length} units, ${demo.figures.length} figures, ${models.length} models`);
