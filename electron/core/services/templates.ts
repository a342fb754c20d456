/** Report templates: the built-in ones, one checked from a file, and the choice of template and period for a year. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Regime, Template, sectionIds, type NarrativeBlock } from '../../../shared/domain/template';
import { validateTemplatePlaceholders } from '../../../shared/domain/placeholders';
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
  return { id: t.id, name: t.name, version: t.version, description: t.description, period: t.regime.period, indicatorCount: t.indicators.length };
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

export function chooseTemplate(
  ctx: CoreContext,
  year: number,
  choice: { templateId?: string; template?: Template; period: { fromYear: number; toYear: number } },
): { template: Template; regime: Regime } {
  const template = choice.template ?? builtinTemplates(ctx).find((t) => t.id === choice.templateId);
  if (!template) throw new AppError('NotFound', `Không có mẫu báo cáo "${choice.templateId ?? ''}".`);
  if (choice.period.toYear < choice.period.fromYear)
    throw new AppError('Validation', 'Kỳ báo cáo: năm kết thúc phải từ năm bắt đầu trở đi.');
  if (choice.period.toYear - choice.period.fromYear > 9) throw new AppError('Validation', 'Kỳ báo cáo dài tối đa 10 năm.');
  const db = ensureYear(ctx, year);
  const regime = Regime.parse({ ...template.regime, period: choice.period });
  inTransaction(db, () => writeYearTemplate(db, template, regime, ctx.actor, ctx.now()));
  return { template, regime };
}

export function saveNarrative(ctx: CoreContext, year: number, sectionId: string, blocks: NarrativeBlock[]) {
  const db = ensureYear(ctx, year);
  const yt = readYearTemplate(db);
  if (!yt) throw new AppError('Precondition', `Năm ${year} chưa chọn mẫu báo cáo.`);
  if (!sectionIds(yt.template.outline).has(sectionId)) throw new AppError('NotFound', `Mẫu báo cáo không có mục "${sectionId}".`);
  inTransaction(db, () => writeNarrative(db, sectionId, blocks, ctx.actor, ctx.now()));
  return { sectionId, blocks };
}
