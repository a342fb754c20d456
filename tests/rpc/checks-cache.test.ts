/**
 * A year's check is kept while nothing it reads has changed (the menu badge asks on every move between areas), and
 * computed again after any commit: a save through the app, a write by another process, a restore, another year file.
 */
import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { closeCore, createCore, type CoreContext } from '../../electron/core';
import { loadDemo } from '../../electron/core/services/demo';
import { checkYear } from '../../electron/core/services/checks';
import { rpc } from '../../shared/rpc';
import type { CheckReportDto } from '../../shared/rpc/checks';
import { tempDir } from '../support/web-host';
import { callOk } from '../support/dispatch';

let ctx: CoreContext;
let dir: string;
afterEach(() => {
  closeCore(ctx);
  rmSync(dir, { recursive: true, force: true });
});

const call = <T>(channel: string, input: unknown) => callOk<T>(ctx, channel, input);
// The service itself: the dispatcher answers a copy checked against the contract, so identity shows the kept result.
const check = async () => checkYear(ctx, 2024);
const ruleErrors = (r: CheckReportDto) => r.findings.filter((f) => f.location.kind === 'data' && f.severity === 'error').length;

describe('the kept check of a year', () => {
  it('is answered again while nothing changed and computed afresh after every kind of change', async () => {
    dir = tempDir();
    ctx = createCore({ host: 'web', workspaceDir: dir, actor: 'kiểm thử' });
    loadDemo(ctx);
    const first = await check();
    expect(await call<CheckReportDto>(rpc.checks.year.channel, { year: 2024 })).toEqual(first);
    expect(await check()).toBe(first);
    const errors = ruleErrors(first);

    // A save through the app: more successful mediations than received ones is an error of the data.
    const unit = (await call<{ id: number; kind: string }[]>(rpc.units.list.channel, { year: 2024 })).find((u) => u.kind === 'xa')!;
    const file = `${dir}/tonghop-2024.sqlite`;
    const cellSql = "FROM figures WHERE unit_id = ? AND code = 'HOA_GIAI_THANH_CONG' AND year = 2021";
    const peek = new Database(file, { readonly: true });
    const old = (peek.prepare(`SELECT value ${cellSql}`).get(unit.id) as { value: string }).value;
    peek.close();
    await call(rpc.figures.save.channel, { year: 2024, changes: [{ unitId: unit.id, code: 'HOA_GIAI_THANH_CONG', year: 2021, value: '99999' }] });
    const saved = await check();
    expect(saved).not.toBe(first);
    expect(ruleErrors(saved)).toBeGreaterThan(errors);
    expect(await check()).toBe(saved);

    // Another process puts the value back: the next check sees it, with no call through this app.
    const other = new Database(file);
    other.prepare(`UPDATE figures SET value = ? ${cellSql.replace('FROM figures ', '')}`).run(old, unit.id);
    other.close();
    const outside = await check();
    expect(outside).not.toBe(saved);
    expect(ruleErrors(outside)).toBe(errors);

    // Another year file appears (earlier years are read for the multi-year figures): computed again.
    await call(rpc.years.create.channel, { year: 2025 });
    expect(await check()).not.toBe(outside);
  });
});
