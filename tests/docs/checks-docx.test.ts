/**
 * A .docx written by another program (LibreOffice, as offices use it) is read by the checks' reader the same way as
 * its text: the seed report saved as .docx yields the same findings as the seed's plain text.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeCore, createCore } from '../../electron/core';
import { checkOutside, outsideDocument } from '../../electron/core/services/checks';
import { tempDir } from '../support/web-host';

const hasSoffice = spawnSync('sh', ['-c', 'command -v soffice'], { encoding: 'utf8' }).status === 0;
const SEED = join(__dirname, '../fixtures/bao-cao-so-ket-ct08.txt');
const dir = tempDir('tonghop-checks-docx-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!hasSoffice)('checking a .docx saved by LibreOffice', () => {
  it('finds in the .docx exactly what it finds in the same text', () => {
    const txt = join(dir, 'bao-cao-so-ket.txt');
    copyFileSync(SEED, txt);
    execFileSync('soffice', [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--norestore', '--convert-to', 'docx:MS Word 2007 XML', '--outdir', dir, txt], {
      stdio: 'ignore',
      timeout: 120_000,
    });
    const ctx = createCore({ host: 'cli', workspaceDir: null });
    try {
      const summary = (name: string) =>
        checkOutside(ctx, outsideDocument(name, new Uint8Array(readFileSync(join(dir, name))))).findings.map((f) => [f.code, f.severity, f.excerpt, f.expected]);
      const fromDocx = summary('bao-cao-so-ket.docx');
      expect(fromDocx.filter((f) => f[1] === 'error')).toHaveLength(3);
      expect(fromDocx).toEqual(summary('bao-cao-so-ket.txt'));
    } finally {
      closeCore(ctx);
    }
  });
});
