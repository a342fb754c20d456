/**
 * Files the clerk picks or drops: single files as they are, folders walked for every file they hold (lock files,
 * PDFs and the like are listed in the dry run with the reason they are not read, never dropped silently).
 */

function readEntries(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const all: FileSystemEntry[] = [];
  return new Promise((resolve, reject) => {
    const next = () =>
      reader.readEntries((batch) => {
        if (!batch.length) return resolve(all);
        all.push(...batch);
        next();
      }, reject);
    next();
  });
}

async function walk(entry: FileSystemEntry, out: File[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push(file);
  } else if (entry.isDirectory) {
    const children = await readEntries(entry as FileSystemDirectoryEntry);
    const files: File[] = [];
    for (const c of children) await walk(c, files);
    out.push(...files);
  }
}

/** Files from a drop: dropped files as they are, dropped folders walked (every file), sorted by name. */
export async function droppedFiles(dt: DataTransfer): Promise<File[]> {
  const entries = [...dt.items].map((i) => i.webkitGetAsEntry?.()).filter((e): e is FileSystemEntry => !!e);
  if (!entries.length) return [...dt.files];
  const out: File[] = [];
  for (const e of entries) await walk(e, out);
  return out.sort((a, b) => a.name.localeCompare(b.name, 'vi'));
}

/** Splits files into calls of at most `maxFiles` files and about `maxBytes` bytes, so progress moves and no call is huge. */
export function chunks<T extends { size: number }>(items: T[], maxFiles = 8, maxBytes = 6 * 1024 * 1024): T[][] {
  const out: T[][] = [];
  let cur: T[] = [];
  let bytes = 0;
  for (const it of items) {
    if (cur.length && (cur.length >= maxFiles || bytes + it.size > maxBytes)) {
      out.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(it);
    bytes += it.size;
  }
  if (cur.length) out.push(cur);
  return out;
}
