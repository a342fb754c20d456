/**
 * Forms made from one model per kind (electron/core/forms/clone.ts) are the forms `buildForm` writes for each unit,
 * part for part, including names that need escaping and names long enough to wrap the instructions row; the app's
 * own reader identifies the unit of each, and LibreOffice opens one and saves it back readable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import type { CoreContext } from '../../electron/core';
import { listUnits } from '../../electron/core/db/repos/units';
import { readYearTemplate } from '../../electron/core/db/repos/year-template';
import { readSettings } from '../../electron/core/db/repos/settings';
import { buildForms } from '../../electron/core/forms/clone';
import { buildForm, unitLineHeight } from '../../electron/core/forms/write';
import { loadDemo } from '../../electron/core/services/demo';
import { checkFiles } from '../../electron/core/services/imports';
import { addUnit } from '../../electron/core/services/units';
import { ensureYear } from '../../electron/core/services/years';
import { issuerNameInText } from '../../shared/report/model';
import type { UnitDto } from '../../shared/domain/records';
import { tempCore } from '../support/builders';
import { resave, soffice } from '../support/libreoffice';

let ctx: CoreContext;
let close: () => void;
let dir: string;
let units: UnitDto[];
let common: Parameters<typeof buildForms>[0];

beforeAll(() => {
  ({ ctx, dir, close } = tempCore('web'));
  loadDemo(ctx);
  addUnit(ctx, 2024, { code: 'XA-KT1', name: 'Xã "Thử" & <Nghiệm> \'Một\'', kind: 'xa' });
  addUnit(ctx, 2024, { code: 'XA-KT2', name: `Xã ${'Rất Dài Tên Gọi Của Một Đơn Vị Hành Chính '.repeat(4).trim()}`, kind: 'xa' });
  const db = ensureYear(ctx, 2024);
  const yt = readYearTemplate(db)!;
  const settings = readSettings(db);
  common = {
    template: yt.template,
    regime: yt.regime,
    period: yt.regime.period,
    year: 2024,
    issuerName: issuerNameInText(settings.issuerLines),
    padCounts: settings.padCounts,
    generatedAt: '2024-04-20T08:00:00.000Z',
  };
  const all = listUnits(db).filter((u) => u.active && u.kind !== 'office');
  // Two of each kind (the second one is filled from the first one's model), and the two odd names.
  const byKind = new Map<string, UnitDto[]>();
  for (const u of all) byKind.set(u.kind, [...(byKind.get(u.kind) ?? []), u]);
  units = [...[...byKind.values()].flatMap((us) => us.slice(0, 2)), ...all.filter((u) => u.code.startsWith('XA-KT'))];
});
afterAll(() => {
  close();
  rmSync(dir, { recursive: true, force: true });
});

async function cloned(): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  await buildForms(common, units, (_i, bytes) => void out.push(bytes));
  return out;
}

describe('forms filled from a model', () => {
  it('equal the forms built one by one, part for part', async () => {
    const made = await cloned();
    expect(made).toHaveLength(units.length);
    expect(unitLineHeight(units.at(-1)!)).toBeGreaterThan(unitLineHeight(units[0]));
    for (let i = 0; i < units.length; i++) {
      const a = unzipSync(made[i]);
      const b = unzipSync(await buildForm({ ...common, unit: units[i] }));
      expect(Object.keys(a).sort(), units[i].code).toEqual(Object.keys(b).sort());
      for (const name of Object.keys(b)) expect(strFromU8(a[name]), `${units[i].code} ${name}`).toBe(strFromU8(b[name]));
    }
  });

  it('are read by the app as the form of their own unit', async () => {
    const made = await cloned();
    const checks = checkFiles(ctx, 2024, made.map((bytes, i) => ({ name: `${units[i].code}.xlsx`, bytes })));
    expect(checks.map((c) => c.unit?.code)).toEqual(units.map((u) => u.code));
    expect(checks.map((c) => c.layout)).toEqual(units.map(() => 'form'));
    expect(checks.find((c) => c.unit?.code === 'XA-KT1')!.unit!.name).toBe('Xã "Thử" & <Nghiệm> \'Một\'');
  });

  it('open in LibreOffice and come back readable', async (t) => {
    if (!soffice()) t.skip();
    const made = await cloned();
    const k = units.findIndex((u) => u.code === 'XA-KT1');
    const [check] = checkFiles(ctx, 2024, [{ name: 'lo.xlsx', bytes: resave(made[k]) }]);
    expect(check.unit?.code).toBe('XA-KT1');
    expect(check.status).not.toBe('refused');
  });
});
