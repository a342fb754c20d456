/** Search helpers: Vietnamese text compared without diacritics or case ("Phuong" finds "Phường"). */
import { foldDiacritics as fold } from '../../../shared/format/text';

export function matches(query: string, ...fields: (string | undefined)[]): boolean {
  const q = fold(query.trim());
  return !q || fields.some((f) => f !== undefined && fold(f).includes(q));
}

/** Reads a file the user picked as base64 (for .xlsx sent to the app). */
export async function fileToBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/** The message of a failure, for showing to the user. */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
