/**
 * Consistency checks of a year's report (live in the UI, before generation, from the CLI) and of an outside
 * document (.docx, .txt or pasted text); safe automatic fixes written into the narrative with history; dismissals
 * with a reason.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyFix, countFindings, fromReportDocument, fromPlainText, fromText, runChecks, type CheckDocument, type Finding, type NationalDocument } from '../../../shared/checks';
import { sectionIds, type NarrativeBlock, type Section, type Template } from '../../../shared/domain/template';
import { AppError } from '../../../shared/rpc/envelope';
import type { CheckReportDto, FindingDto } from '../../../shared/rpc/checks';
import type { CoreContext } from '../context';
import { inTransaction } from '../db/client';
import { activeDismissals, addCheckEvent, listCheckEvents } from '../db/repos/check-events';
import { importCounts } from '../db/repos/imports';
import { figuresOfCode } from '../db/repos/figures';
import { writeNarrative } from '../db/repos/narratives';
import { readDocxText } from '../docx/read-text';
import { reportModelOf } from './report';
import { yearValues } from './figures';
import { ensureYear } from './years';
import { requireWorkspace } from '../context';
import { stampOf } from './earlier-years';
import { sidecarName } from './archive-record';

let national: { dir: string; list: NationalDocument[] } | null = null;

/** The national documents list of resources/checks (read once). */
export function nationalDocuments(ctx: CoreContext): NationalDocument[] {
  const dir = join(ctx.resourcesDir, 'checks');
  if (national?.dir === dir) return national.list;
  const raw = JSON.parse(readFileSync(join(dir, 'van-ban-quoc-gia.json'), 'utf8')) as { documents: NationalDocument[] };
  national = { dir, list: raw.documents };
  return national.list;
}

function report(findings: Finding[], ms: number, dismissed: Map<string, { reason: string | null; at: string; by: string }> = new Map()): CheckReportDto {
  const out: FindingDto[] = findings.map((f) => {
    const d = dismissed.get(f.id);
    return d ? { ...f, dismissed: { reason: d.reason ?? '', at: d.at, by: d.by } } : f;
  });
  return { findings: out, counts: countFindings(findings.filter((f) => !dismissed.has(f.id))), ms: Math.round(ms * 10) / 10 };
}

/**
 * The last result per year file, with what it was computed from: every commit to the year (from this app, its jobs
 * or another process) moves the read connection's `data_version`, and the other year files (earlier years read for
 * the multi-year figures) are known by size and time. The menu badge asks on every move between areas: at 400 units
 * a check takes a quarter of a second and the host answers one call at a time, so the page's own data waited behind it.
 */
const lastCheck = new Map<string, { key: string; report: CheckReportDto }>();

/** What a year's check depends on, or null while a write is under way (its uncommitted rows must not be kept). */
function checkKey(ctx: CoreContext, year: number): string | null {
  const ws = requireWorkspace(ctx);
  const reader = ws.readDb(year).$client;
  if (reader.inTransaction || ws.db(year).$client.inTransaction) return null;
  const others = ws
    .listYears()
    .filter((y) => y !== year)
    .map((y) => `${y}=${stampOf([ws.yearFile(y), `${ws.yearFile(y)}-wal`, join(ws.dir, sidecarName(y))])}`);
  return [reader.pragma('data_version', { simple: true }), stampOf([ws.yearFile(year)]), ...others, ctx.resourcesDir].join('|');
}

/** Every finding on a year's report, with the dismissed ones marked. */
export function checkYear(ctx: CoreContext, year: number): CheckReportDto {
  const file = requireWorkspace(ctx).yearFile(year);
  const key = checkKey(ctx, year);
  const hit = lastCheck.get(file);
  if (key !== null && hit?.key === key) return hit.report;
  const fresh = checkYearUncached(ctx, year);
  // Read again after the check: a commit while it ran (another process) leaves the key changed, and nothing kept.
  if (key !== null && checkKey(ctx, year) === key) lastCheck.set(file, { key, report: fresh });
  return fresh;
}

/** checkYear computed afresh, whatever was kept (the bench). */
export function checkYearUncached(ctx: CoreContext, year: number): CheckReportDto {
  const data = yearValues(ctx, year);
  const model = reportModelOf(ctx, year, data);
  const t0 = performance.now();
  const findings = runChecks({
    document: fromReportDocument(model),
    data:
      data.template && data.regime
        ? {
            template: data.template,
            regime: data.regime,
            settings: data.settings,
            units: data.units,
            figures: data.figures,
            narratives: data.narratives,
            // A unit whose return was accepted has answered, even when it had nothing to report.
            unitsWithData: [...importCounts(ensureYear(ctx, year)).keys()],
            year,
            earlier: data.earlier,
          }
        : undefined,
    nationalDocuments: nationalDocuments(ctx),
    padCounts: data.settings.padCounts,
  });
  const ms = performance.now() - t0;
  withCells(ctx, year, findings);
  const dismissed = activeDismissals(ensureYear(ctx, year));
  return report(findings, ms, new Map([...dismissed].map(([id, e]) => [id, { reason: e.reason, at: e.at, by: e.by }])));
}

/**
 * A unit's figure named by a data finding came from a return: say which file and which cell ("Số liệu!F15"), so
 * the clerk can ask the unit about exactly that cell.
 */
function withCells(ctx: CoreContext, year: number, findings: Finding[]): void {
  const db = ensureYear(ctx, year);
  const byCode = new Map<string, ReturnType<typeof figuresOfCode>>();
  for (const f of findings) {
    const l = f.location;
    if (l.kind !== 'data' || l.unitId === undefined || !l.code) continue;
    if (!byCode.has(l.code)) byCode.set(l.code, figuresOfCode(db, l.code));
    const stored = byCode.get(l.code)!.find((x) => x.unitId === l.unitId && (l.year === undefined || l.year === 0 || x.year === l.year));
    if (stored?.source.kind !== 'import') continue;
    l.cell = `${stored.source.sheet}!${stored.source.cell}`;
    f.message += ` (tệp ${stored.source.file}, ô ${l.cell})`;
  }
}

/** The document of an outside file: .docx through the safe reader, .txt as UTF-8. Throws AppError('Validation'). */
export function outsideDocument(name: string, bytes: Uint8Array): CheckDocument {
  if (/\.docx$/i.test(name)) {
    try {
      return fromPlainText(readDocxText(bytes, name), name);
    } catch (e) {
      throw new AppError('Validation', (e as Error).message);
    }
  }
  if (/\.(txt|text|md)$/i.test(name)) {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new AppError('Validation', `Tệp “${name}” không phải văn bản mã UTF-8. Hãy lưu lại dưới dạng “Văn bản thuần (UTF-8)” hoặc dán nội dung vào ô kiểm tra.`);
    }
    return fromText(text.replace(/^\uFEFF/, ''), name);
  }
  if (/\.doc$/i.test(name)) throw new AppError('Validation', `Tệp “${name}” là định dạng Word 97-2003 (.doc); hãy mở bằng Word, lưu lại dưới dạng .docx rồi kiểm tra.`);
  throw new AppError('Validation', `Chỉ kiểm tra được văn bản Word (.docx) hoặc văn bản thuần (.txt); tệp “${name}” không thuộc các loại này.`);
}

/** Every check that works without data, on an outside document. */
export function checkOutside(ctx: CoreContext, document: CheckDocument): CheckReportDto {
  const t0 = performance.now();
  const findings = runChecks({ document, nationalDocuments: nationalDocuments(ctx) });
  return report(findings, performance.now() - t0);
}

function defaultBlocks(t: Template, sectionId: string): NarrativeBlock[] {
  if (sectionId === 'opening') return t.opening;
  if (sectionId === 'closing') return t.closing;
  let found: NarrativeBlock[] = [];
  const walk = (ss: Section[]) => ss.forEach((s) => (s.id === sectionId ? (found = s.narrative) : walk(s.children)));
  walk(t.outline);
  return found;
}

/**
 * Applies a finding's safe fix to the stored narrative of its section (the template's text when the section was
 * never edited), and records the paragraph before and after. The finding is looked up again, so a stale id is
 * refused rather than applied to text that has changed.
 */
export function applyFindingFix(ctx: CoreContext, year: number, findingId: string) {
  const f = checkYear(ctx, year).findings.find((x) => x.id === findingId);
  if (!f) throw new AppError('NotFound', 'Không còn lỗi này trong báo cáo (có thể đã được sửa). Hãy kiểm tra lại.');
  if (!f.fix || f.location.kind !== 'text') throw new AppError('Precondition', 'Lỗi này không sửa tự động được; hãy sửa trực tiếp trong phần lời văn.');
  const loc = f.location;
  if (loc.paragraph < 0) throw new AppError('Precondition', 'Đề mục lấy từ đề cương của mẫu báo cáo nên không sửa tự động ở đây; hãy báo cho người quản lý mẫu báo cáo.');
  const data = yearValues(ctx, year);
  if (!data.template) throw new AppError('Precondition', `Năm ${year} chưa chọn mẫu báo cáo.`);
  const known = loc.sectionId === 'opening' || loc.sectionId === 'closing' || sectionIds(data.template.outline).has(loc.sectionId);
  if (!known) throw new AppError('NotFound', `Mẫu báo cáo không có mục “${loc.sectionId}”.`);
  const blocks = (data.narratives[loc.sectionId] ?? defaultBlocks(data.template, loc.sectionId)).map((b) => ({ ...b }));
  // The report prints only non-empty paragraphs: the finding's index counts those.
  const printed = blocks.map((b, i) => ({ b, i })).filter(({ b }) => b.text.trim() !== '');
  const target = printed[loc.paragraph];
  const next = target ? applyFix(target.b.text, f.fix) : null;
  if (!target || next === null)
    throw new AppError('Precondition', `Không sửa tự động được vì đoạn văn có chứa số liệu tự động ở đúng chỗ cần sửa; hãy sửa “${f.excerpt}” thành “${f.expected ?? f.fix.after}” trong phần lời văn.`);
  const before = target.b.text;
  blocks[target.i] = { ...target.b, text: next };
  const db = ensureYear(ctx, year);
  const at = ctx.now();
  inTransaction(db, () => {
    writeNarrative(db, loc.sectionId, blocks, ctx.actor, at, { kind: 'fix', check: f.code });
    addCheckEvent(db, { kind: 'fix', findingId, checkCode: f.code, sectionId: loc.sectionId, message: f.message, before, after: next, reason: null, at, by: ctx.actor });
  });
  return { sectionId: loc.sectionId, before, after: next };
}

/** Dismisses a finding with a reason (kept and shown), or restores it. */
export function dismissFinding(ctx: CoreContext, year: number, findingId: string, reason: string | null) {
  const f = checkYear(ctx, year).findings.find((x) => x.id === findingId);
  if (!f) throw new AppError('NotFound', 'Không còn lỗi này trong báo cáo. Hãy kiểm tra lại.');
  if (reason !== null && reason.trim().length < 3) throw new AppError('Validation', 'Hãy ghi lý do bỏ qua (ít nhất 3 ký tự), để người duyệt biết vì sao.');
  const db = ensureYear(ctx, year);
  const at = ctx.now();
  inTransaction(db, () =>
    addCheckEvent(db, {
      kind: reason === null ? 'restore' : 'dismiss',
      findingId,
      checkCode: f.code,
      sectionId: f.location.kind === 'text' ? f.location.sectionId : null,
      message: f.message,
      before: null,
      after: null,
      reason: reason?.trim() ?? null,
      at,
      by: ctx.actor,
    }),
  );
  return checkYear(ctx, year);
}

/** History of fixes and dismissals, newest first. */
export function checkHistory(ctx: CoreContext, year: number) {
  return listCheckEvents(ensureYear(ctx, year)).reverse();
}
