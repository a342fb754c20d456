/**
 * The desktop app's own settings file (`cau-hinh.json` in Electron's userData folder: the workspace last chosen).
 * Written like every file the app writes (temporary name, flush, rename), so a crash or a full disk while saving
 * never leaves a truncated file that would make the app forget its workspace.
 */
import { app } from 'electron';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/faults/atomic';

export interface AppConfig {
  workspace?: string;
}

export const configFile = (): string => join(app.getPath('userData'), 'cau-hinh.json');

export function readConfig(): AppConfig {
  try {
    return JSON.parse(readFileSync(configFile(), 'utf8')) as AppConfig;
  } catch {
    return {};
  }
}

export function rememberWorkspace(dir: string): void {
  mkdirSync(app.getPath('userData'), { recursive: true });
  writeFileAtomic(configFile(), Buffer.from(JSON.stringify({ ...readConfig(), workspace: dir }, null, 2)), 'chưa ghi nhớ được thư mục làm việc');
}
