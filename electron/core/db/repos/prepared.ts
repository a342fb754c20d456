/**
 * Prepared statements kept per connection: a repo that writes many rows (an import of a province's returns) builds
 * its statements once per year file, not once per row.
 */
import type Database from 'better-sqlite3';
import type { Db } from '../client';

export function preparedFor<T>(build: (c: Database.Database) => T): (db: Db) => T {
  const cache = new WeakMap<Db, T>();
  return (db) => {
    let s = cache.get(db);
    if (!s) cache.set(db, (s = build(db.$client)));
    return s;
  };
}
