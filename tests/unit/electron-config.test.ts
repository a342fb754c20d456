/** The desktop app's settings file is written atomically: a failed write keeps the previous file whole. */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Fs from 'node:fs';

const userData = mkdtempSync(join(tmpdir(), 'tonghop-userdata-'));
vi.mock('electron', () => ({ app: { getPath: (name: string) => (name === 'userData' ? userData : '/nonexistent') } }));
/** Renames seen by the atomic writer; when `failRename` is set the rename fails as on a full disk. */
const renames: string[] = [];
let failRename = false;
vi.mock('node:fs', async (original) => {
  const fs = await original<typeof Fs>();
  return {
    ...fs,
    renameSync: (a: string, b: string) => {
      renames.push(`${a} -> ${b}`);
      if (failRename) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
      return fs.renameSync(a, b);
    },
  };
});

const { configFile, readConfig, rememberWorkspace } = await import('../../electron/main/config');

afterAll(() => rmSync(userData, { recursive: true, force: true }));

describe('the desktop settings file', () => {
  it('remembers the workspace, keeping other settings, and leaves no temporary behind', () => {
    writeFileSync(configFile(), JSON.stringify({ other: 1 }));
    rememberWorkspace('D:\\Dữ liệu báo cáo');
    expect(JSON.parse(readFileSync(configFile(), 'utf8'))).toEqual({ other: 1, workspace: 'D:\\Dữ liệu báo cáo' });
    expect(readConfig().workspace).toBe('D:\\Dữ liệu báo cáo');
    expect(readdirSync(userData)).toEqual(['cau-hinh.json']);
  });

  it('writes through a temporary name renamed over the file, and keeps the previous file when that fails', () => {
    rememberWorkspace('/mot');
    expect(renames.at(-1)).toMatch(/\.cau-hinh\.json\.\d+-[0-9a-z]+\.tonghop-tam -> .*cau-hinh\.json$/);
    failRename = true;
    try {
      expect(() => rememberWorkspace('/hai')).toThrow(/chưa ghi nhớ được thư mục làm việc/);
    } finally {
      failRename = false;
    }
    expect(readConfig().workspace).toBe('/mot');
    expect(readdirSync(userData)).toEqual(['cau-hinh.json']);
  });
});
