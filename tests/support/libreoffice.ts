/** LibreOffice Calc as units use it: open a workbook and save it again (as .xlsx or .ods), headless, own profile. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let found: string | null | undefined;

/** The soffice program, or null where LibreOffice is not installed (CI installs it). */
export function soffice(): string | null {
  if (found === undefined) {
    try {
      found = execFileSync('which', ['soffice'], { encoding: 'utf8' }).trim() || null;
    } catch {
      found = null;
    }
  }
  return found;
}

/** The workbook as LibreOffice Calc writes it after opening and saving it in the given format. */
export function resave(bytes: Uint8Array, to: 'xlsx' | 'ods' = 'xlsx'): Uint8Array {
  const exe = soffice();
  if (!exe) throw new Error('LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui');
  const dir = mkdtempSync(join(tmpdir(), 'tonghop-lo-'));
  try {
    writeFileSync(join(dir, 'in.xlsx'), bytes);
    const filter = to === 'xlsx' ? 'xlsx:Calc MS Excel 2007 XML' : 'ods';
    execFileSync(exe, [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', filter, '--outdir', join(dir, 'out'), join(dir, 'in.xlsx')], {
      stdio: 'ignore',
      timeout: 120_000,
    });
    return new Uint8Array(readFileSync(join(dir, 'out', `in.${to}`)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
