// Names a clerk reads: Excel sheet names cut by whole words, and who the app says made a change before a name is chosen.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { cutByWords, listSheetName } from '../../electron/core/forms/layout';
import { defaultActor } from '../../electron/core/index';
import type { ListDef } from '../../shared/domain/template';

const list = (label: string) => ({ id: label, label }) as unknown as ListDef;

describe('Excel sheet names', () => {
  it('are cut after a whole word, never mid-word, and stay unique', () => {
    const used = new Set<string>();
    const a = listSheetName(list('Danh sách mô hình, điển hình “Dân vận khéo”'), 0, used);
    expect(a).toBe('DS1 Danh sách mô hình, điển');
    expect(a.length).toBeLessThanOrEqual(31);
    expect(cutByWords('DS1 Danh sách mô hình, điển hình tiên tiến', 31)).toBe('DS1 Danh sách mô hình, điển');
    expect(cutByWords('DS2 Mô hình “Dân vận khéo” cấp xã', 20)).toBe('DS2 Mô hình');
    expect(cutByWords('Ngắn', 31)).toBe('Ngắn');
    const again = listSheetName(list('Danh sách mô hình, điển hình “Dân vận khéo”'), 0, used);
    expect(again).toBe('DS1 Danh sách mô hình (2)');
    expect(again.length).toBeLessThanOrEqual(31);
  });
});

describe('the actor before a name is chosen', () => {
  it.skipIf(process.platform === 'win32')('is the account full name when the system keeps one, else the account name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tonghop-passwd-'));
    try {
      const me = userInfo();
      const file = join(dir, 'passwd');
      writeFileSync(file, `other:x:9999:9999:Người Khác:/home/other:/bin/sh\n${me.username}:x:${me.uid}:${me.gid}:Nguyễn Thị Lan,Phòng Nội vụ,,:/home/x:/bin/sh\n`);
      expect(defaultActor(file)).toBe('Nguyễn Thị Lan');
      writeFileSync(file, `${me.username}:x:${me.uid}:${me.gid}::/home/x:/bin/sh\n`);
      expect(defaultActor(file)).toBe(me.username);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
