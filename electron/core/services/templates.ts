/** Report templates: the built-in ones, one checked from a file, and the choice of template and period for a year. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { narrativeSections, periodProblem, Regime, Template, regimeForYear, sectionIds, type NarrativeBlock } from '../../../shared/domain/template';
import { validatePlaceholders, validateTemplatePlaceholders } from '../../../shared/domain/placeholders';
import { isValidIsoDate } from '../../../shared/format/date';
import { AppError, describeIssues } from '../../../shared/rpc/envelope';
import type { TemplateSummaryDto } from '../../../shared/rpc/templates';
import type { CoreContext } from '../context';
import { inTransaction } from '../db/client';
import { readYearTemplate, writeYearTemplate } from '../db/repos/year-template';
import { writeNarrative } from '../db/repos/narratives';
import { ensureYear } from './years';

let cache: { dir: string; list: Template[] } | null = null;

export function builtinTemplates(ctx: CoreContext): Template[] {
  const dir = join(ctx.resourcesDir, 'templates');
  if (cache?.dir === dir) return cache.list;
  const list = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => parseTemplateText(readFileSync(join(dir, f), 'utf8'), f));
  cache = { dir, list };
  return list;
}

export function summarize(t: Template): TemplateSummaryDto {
  return { id: t.id, name: t.name, version: t.version, description: t.description, period: t.regime.period, regime: t.regime, indicatorCount: t.indicators.length };
}

/** Parses and validates a template file; every problem is named with its place in the file. */
export function parseTemplateText(text: string, fileName: string): Template {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new AppError('Validation', `Tệp mẫu ${fileName} không phải JSON hợp lệ: ${(e as Error).message}. Chưa có gì được lưu.`);
  }
  const r = Template.safeParse(json);
  if (!r.success) throw new AppError('Validation', `Tệp mẫu ${fileName} không hợp lệ, chưa có gì được lưu: ${describeIssues(r.error.issues)}`);
  const bad = validateTemplatePlaceholders(r.data);
  if (bad.length)
    throw new AppError('Validation', `Tệp mẫu ${fileName} có chỗ chèn số liệu không hợp lệ: ${bad.map((b) => `${b.where}: ${b.message}`).join('; ')}`);
  return r.data;
}

function checkPeriod(period: { fromYear: number; toYear: number }): void {
  const bad = periodProblem(period);
  if (bad) throw new AppError('Validation', bad);
}

/**
 * Chooses the template of a year. The year's regime (period, cut-off, deadlines, requesting document, sending
 * method) belongs to the year: choosing or changing a template keeps what the year already has, and a year without
 * one starts from the template's defaults moved to the year (an annual report for 2026 covers 2026 and is due in
 * 2026). `period`, when given, sets the period.
 */
export function chooseTemplate(
  ctx: CoreContext,
  year: number,
  choice: { templateId?: string; template?: Template; period?: { fromYear: number; toYear: number } },
): { template: Template; regime: Regime } {
  const template = choice.template ?? builtinTemplates(ctx).find((t) => t.id === choice.templateId);
  if (!template) throw new AppError('NotFound', `Không có mẫu báo cáo “${choice.templateId ?? ''}”.`);
  if (choice.period) checkPeriod(choice.period);
  const db = ensureYear(ctx, year);
  const current = readYearTemplate(db)?.regime;
  const base = regimeForYear(template, year);
  const kept = current
    ? {
        period: current.period,
        cutoff: current.cutoff,
        unitDeadline: current.unitDeadline,
        officeDeadline: current.officeDeadline,
        request: current.request,
        sendingMethod: current.sendingMethod ?? base.sendingMethod,
      }
    : {};
  const regime = Regime.parse({ ...base, ...kept, ...(choice.period ? { period: choice.period } : {}) });
  inTransaction(db, () => writeYearTemplate(db, template, regime, ctx.actor, ctx.now()));
  return { template, regime };
}

/** Sets the year's regime (the fields of Nghị định 09 the year decides); the template stays as chosen. */
export function setRegime(ctx: CoreContext, year: number, regime: Regime): Regime {
  checkPeriod(regime.period);
  const dates = [regime.cutoff, regime.unitDeadline, regime.officeDeadline].filter((d): d is string => Boolean(d));
  for (const d of dates) if (!isValidIsoDate(d)) throw new AppError('Validation', `Ngày ${d} không hợp lệ.`);
  if (regime.unitDeadline && regime.officeDeadline && regime.unitDeadline > regime.officeDeadline)
    throw new AppError('Validation', 'Hạn đơn vị gửi số liệu phải trước hạn gửi báo cáo lên cấp trên.');
  if (regime.request && !isValidIsoDate(regime.request.date)) throw new AppError('Validation', 'Ngày của văn bản đề nghị báo cáo không hợp lệ.');
  const db = ensureYear(ctx, year);
  const yt = readYearTemplate(db);
  if (!yt) throw new AppError('Precondition', `Năm ${year} chưa chọn mẫu báo cáo.`);
  const clean = Regime.parse(regime);
  inTransaction(db, () => writeYearTemplate(db, yt.template, clean, ctx.actor, ctx.now()));
  return clean;
}

export function saveNarrative(ctx: CoreContext, year: number, sectionId: string, blocks: NarrativeBlock[]) {
  const db = ensureYear(ctx, year);
  const yt = readYearTemplate(db);
  if (!yt) throw new AppError('Precondition', `Năm ${year} chưa chọn mẫu báo cáo.`);
  if (!sectionIds(narrativeSections(yt.template)).has(sectionId)) throw new AppError('NotFound', `Mẫu báo cáo không có mục “${sectionId}”.`);
  // An unknown placeholder would print "[chưa có số liệu: …]" in the report: refuse it here, where it is typed.
  const bad = blocks.flatMap((b, i) => validatePlaceholders(b.text, { ...yt.template, regime: yt.regime }).map((m) => `đoạn ${i + 1}: ${m}`));
  if (bad.length) throw new AppError('Validation', `Chưa lưu lời văn vì có chỗ chèn số liệu không hợp lệ — ${bad.join('; ')}.`);
  inTransaction(db, () => writeNarrative(db, sectionId, blocks, ctx.actor, ctx.now()));
  return { sectionId, blocks };
}
