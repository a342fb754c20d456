/**
 * Builders shared by the tests: indicators, templates, units and figures with sensible defaults, and an application
 * core on a fresh temporary workspace. A test states only what matters to it.
 */
import { rmSync } from 'node:fs';
import { closeCore, createCore, type CoreContext } from '../../electron/core';
import type { FigureDto, UnitDto } from '../../shared/domain/records';
import { Template, type TemplateInput } from '../../shared/domain/template';
import { tempDir } from './web-host';

export type IndicatorInput = TemplateInput['indicators'][number];
export type RuleInput = NonNullable<TemplateInput['rules']>[number];

/** A count of the office in section "ket-qua", labelled after its code unless `extra` says otherwise. */
export function indicatorInput(code: string, extra: Partial<IndicatorInput> = {}): IndicatorInput {
  return { code, label: code.toLowerCase().replaceAll('_', ' '), unit: '', kind: 'count', section: 'ket-qua', reporters: ['office'], ...extra };
}

/** A valid template over the period 2021 - 2023 with one section "ket-qua" and the given indicators and rules. */
export function templateOf(parts: { indicators: IndicatorInput[]; rules?: RuleInput[]; id?: string } & Partial<TemplateInput>): Template {
  return Template.parse({
    formatVersion: 1,
    id: parts.id ?? 'mau-thu',
    version: 1,
    name: 'Mẫu thử',
    regime: { reportName: 'Sơ kết', reportType: 'so-ket', period: { fromYear: 2021, toYear: 2023 }, recipient: 'Sở Nội vụ' },
    title: { subject: 'Thử' },
    outline: [{ id: 'ket-qua', number: 'II.', heading: 'KẾT QUẢ' }],
    ...parts,
  });
}

export function unitOf(id: number, kind: UnitDto['kind'], active = true): UnitDto {
  return { id, code: `u${id}`, name: `Đơn vị ${id}`, kind, order: id, active, sample: true };
}

export function figureOf(unitId: number, code: string, year: number, value: string | number): FigureDto {
  return { unitId, code, year, value: String(value) };
}

/** An application core on a fresh temporary workspace; `close` closes it and removes the folder. */
export function tempCore(host: CoreContext['host'] = 'cli', actor = 'kiểm thử'): { ctx: CoreContext; dir: string; close(): void } {
  const dir = tempDir();
  const core = {
    ctx: createCore({ host, workspaceDir: dir, actor }),
    dir,
    close() {
      closeCore(core.ctx);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return core;
}
