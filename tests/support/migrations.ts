/** Migration folders of other builds of the app, made from this build's: an earlier one, and a later one. */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS_FOLDER } from '../../electron/core/db/client';

interface Journal {
  entries: { idx: number; version: string; when: number; tag: string; breakpoints: boolean }[];
}

function copyWith(to: string, edit: (j: Journal) => Journal): string {
  cpSync(MIGRATIONS_FOLDER, to, { recursive: true });
  const file = join(to, 'meta', '_journal.json');
  writeFileSync(file, JSON.stringify(edit(JSON.parse(readFileSync(file, 'utf8')) as Journal)));
  return to;
}

/** The migrations of the build before `tag` (those whose tag sorts before it), in `to`. */
export function migrationsBefore(to: string, tag: string): string {
  return copyWith(to, (j) => ({ ...j, entries: j.entries.filter((e) => e.tag < tag) }));
}

/** A later build's migrations in `to`: this build's and one more, which adds a column to `meta`. */
export function migrationsPlusOne(to: string): string {
  copyWith(to, (j) => ({ ...j, entries: [...j.entries, { idx: j.entries.length, version: '6', when: Date.now(), tag: '9999_add_note', breakpoints: true }] }));
  writeFileSync(join(to, '9999_add_note.sql'), 'ALTER TABLE `meta` ADD `note` text;');
  return to;
}
