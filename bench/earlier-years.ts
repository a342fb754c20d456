/**
 * Earlier years from sealed year files at province scale (issue 13): the 401-unit review year (2024, period
 * 2021 - 2023) with each earlier year read from its own sealed 401-unit year file, against the same year with every
 * figure entered in 2024 (the baseline, measured in the same run). The first read checks three fingerprints (the
 * whole files); later reads use the cache keyed by each file's size and modification time. Prints ĐẠT/KHÔNG ĐẠT:
 * warm yearData ≤ 2× the baseline's, the report model ≤ 2× the baseline's.
 */
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { closeCore, createCore } from '../electron/core';
import { withAccess } from '../electron/core/access';
import { sealYear } from '../electron/core/services/archive-seal';
import { yearData } from '../electron/core/services/figures';
import { reportModel } from '../electron/core/services/report';
import { provinceFile } from './province';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => `${x.toFixed(0)} ms`;

function timed(fn: () => unknown, n: number): { first: number; warm: number } {
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = performance.now();
    fn();
    xs.push(performance.now() - a);
  }
  return { first: xs[0], warm: median(xs.slice(1)) };
}

export async function runEarlierYearsBench(): Promise<void> {
  console.log('Năm trước đọc từ tệp năm đã khóa sổ (401 đơn vị, kỳ 2021 - 2023)');
  const source = await provinceFile((s) => console.log(s));
  const sealed = mkdtempSync(join(tmpdir(), 'tonghop-bench-nam-truoc-'));
  const entered = mkdtempSync(join(tmpdir(), 'tonghop-bench-nam-truoc-nhap-'));
  try {
    copyFileSync(source, join(entered, 'tonghop-2024.sqlite'));
    for (const y of [2021, 2022, 2023]) copyFileSync(source, join(sealed, `tonghop-${y}.sqlite`));
    copyFileSync(source, join(sealed, 'tonghop-2024.sqlite'));
    const c = new Database(join(sealed, 'tonghop-2024.sqlite'));
    const moved = c.prepare('DELETE FROM figures WHERE year BETWEEN 2021 AND 2023').run().changes;
    c.close();
    const a = createCore({ host: 'cli', workspaceDir: sealed, actor: 'đo hiệu năng' });
    const b = createCore({ host: 'cli', workspaceDir: entered, actor: 'đo hiệu năng' });
    try {
      for (const y of [2021, 2022, 2023]) await sealYear(a, y);
      const size = statSync(join(sealed, 'tonghop-2021.sqlite')).size / 1e6;
      withAccess('read', () => {
        const base = timed(() => yearData(b, 2024), 7);
        const over = timed(() => yearData(a, 2024), 7);
        const fromFiles = yearData(a, 2024).figures.filter((f) => f.source.kind === 'sealed').length;
        const baseModel = timed(() => reportModel(b, 2024), 5);
        const overModel = timed(() => reportModel(a, 2024), 5);
        console.log(`  ${fromFiles} số liệu (${moved} ô của 2021 - 2023) đọc từ 3 tệp năm đã khóa sổ, mỗi tệp ${size.toFixed(1)} MB`);
        console.log(`  yearData lần đầu (kiểm tra 3 dấu vân tay): ${ms(over.first)}`);
        console.log(`  yearData (đã có trong bộ nhớ đệm): ${ms(over.warm)}; nhập cả trong năm 2024: ${ms(base.warm)}; tỷ lệ ${(over.warm / base.warm).toFixed(2)} — ${over.warm <= 2 * base.warm ? 'ĐẠT' : 'KHÔNG ĐẠT'} (≤ 2×)`);
        console.log(`  mô hình báo cáo: ${ms(overModel.warm)}; nhập cả trong năm 2024: ${ms(baseModel.warm)}; tỷ lệ ${(overModel.warm / baseModel.warm).toFixed(2)} — ${overModel.warm <= 2 * baseModel.warm ? 'ĐẠT' : 'KHÔNG ĐẠT'} (≤ 2×)`);
      });
    } finally {
      closeCore(a);
      closeCore(b);
    }
  } finally {
    rmSync(sealed, { recursive: true, force: true });
    rmSync(entered, { recursive: true, force: true });
  }
}
