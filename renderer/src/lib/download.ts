import { formatNumber } from '../../../shared/format/number';

/** Saves bytes sent by the app (base64) as a file download in the browser host. */
export function downloadBase64(name: string, base64: string): void {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes]));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** "812 byte", "19 KB", "1.204 KB". */
export function sizeText(bytes: number): string {
  return bytes < 1024 ? `${bytes} byte` : `${formatNumber(String(Math.round(bytes / 1024)))} KB`;
}
