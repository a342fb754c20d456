/** The review of the year's report: transitions, versions, comments and signed scans (all their SQL). */
import { asc, desc, eq, max } from 'drizzle-orm';
import type { Db } from '../client';
import { reportVersions, reviewComments, reviewTransitions, signedScans } from '../schema';

export interface TransitionRow {
  id: number;
  action: string;
  fromState: string;
  toState: string;
  version: number | null;
  note: string | null;
  detail: string | null;
  byName: string;
  byRole: string;
  at: string;
}

export function addTransition(db: Db, t: Omit<TransitionRow, 'id'>): void {
  db.insert(reviewTransitions).values(t).run();
}

export function listTransitions(db: Db): TransitionRow[] {
  return db.select().from(reviewTransitions).orderBy(asc(reviewTransitions.id)).all();
}

export function lastTransition(db: Db): TransitionRow | null {
  return db.select().from(reviewTransitions).orderBy(desc(reviewTransitions.id)).limit(1).get() ?? null;
}

/** The number and date the report was issued with, while its state is issued; null otherwise. */
export function issuedNumberAndDate(db: Db): { number: number; date: string } | null {
  const last = lastTransition(db);
  if (!last || last.toState !== 'issued' || !last.detail) return null;
  const d = JSON.parse(last.detail) as { number?: number; date?: string };
  return d.number !== undefined && d.date ? { number: d.number, date: d.date } : null;
}

export interface VersionRow {
  number: number;
  kind: 'draft' | 'final';
  modelJson: string;
  figuresJson: string;
  settingsJson: string;
  files: string;
  createdAt: string;
  createdBy: string;
}

export function addVersion(db: Db, v: VersionRow): void {
  db.insert(reportVersions).values(v).run();
}

export function nextVersionNumber(db: Db): number {
  const row = db.select({ n: max(reportVersions.number) }).from(reportVersions).get();
  return (row?.n ?? 0) + 1;
}

/** Versions without their JSON snapshots (for lists). */
export function listVersions(db: Db): Omit<VersionRow, 'modelJson' | 'figuresJson' | 'settingsJson'>[] {
  return db
    .select({ number: reportVersions.number, kind: reportVersions.kind, files: reportVersions.files, createdAt: reportVersions.createdAt, createdBy: reportVersions.createdBy })
    .from(reportVersions)
    .orderBy(asc(reportVersions.number))
    .all();
}

export function getVersion(db: Db, number: number): VersionRow | null {
  return db.select().from(reportVersions).where(eq(reportVersions.number, number)).get() ?? null;
}

export interface CommentRow {
  id: number;
  version: number;
  sectionId: string;
  paragraph: number | null;
  excerpt: string;
  text: string;
  byName: string;
  byRole: string;
  at: string;
  resolvedAt: string | null;
  resolvedBy: string | null;
}

export function addComment(db: Db, c: Omit<CommentRow, 'id' | 'resolvedAt' | 'resolvedBy'>): CommentRow {
  return db.insert(reviewComments).values(c).returning().get();
}

export function listComments(db: Db): CommentRow[] {
  return db.select().from(reviewComments).orderBy(asc(reviewComments.id)).all();
}

export function getComment(db: Db, id: number): CommentRow | null {
  return db.select().from(reviewComments).where(eq(reviewComments.id, id)).get() ?? null;
}

export function resolveComment(db: Db, id: number, by: string, at: string): CommentRow {
  return db.update(reviewComments).set({ resolvedAt: at, resolvedBy: by }).where(eq(reviewComments.id, id)).returning().get();
}

export interface ScanRow {
  id: number;
  name: string;
  storedName: string;
  mime: string;
  size: number;
  sha256: string;
  at: string;
  byName: string;
}

export function addScan(db: Db, s: Omit<ScanRow, 'id'> & { bytes: Buffer }): ScanRow {
  const { id } = db.insert(signedScans).values(s).returning({ id: signedScans.id }).get();
  return { id, name: s.name, storedName: s.storedName, mime: s.mime, size: s.size, sha256: s.sha256, at: s.at, byName: s.byName };
}

export function listScans(db: Db): ScanRow[] {
  return db
    .select({ id: signedScans.id, name: signedScans.name, storedName: signedScans.storedName, mime: signedScans.mime, size: signedScans.size, sha256: signedScans.sha256, at: signedScans.at, byName: signedScans.byName })
    .from(signedScans)
    .orderBy(asc(signedScans.id))
    .all();
}

export function scanBytes(db: Db, id: number): { name: string; mime: string; bytes: Buffer } | null {
  return db.select({ name: signedScans.name, mime: signedScans.mime, bytes: signedScans.bytes }).from(signedScans).where(eq(signedScans.id, id)).get() ?? null;
}
