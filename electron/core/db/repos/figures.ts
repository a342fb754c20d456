/** Figures of a year with their provenance; every change is appended to figure_history. */
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { figureHistory, figures } from '../schema';
import type { FigureSource, StoredFigureDto, FigureHistoryDto } from '../../../../shared/rpc/figures';

export function listFigures(db: Db): StoredFigureDto[] {
  return db
    .select()
    .from(figures)
    .all()
    .map((r) => ({
      unitId: r.unitId,
      code: r.code,
      year: r.year,
      value: r.value,
      source: JSON.parse(r.source) as FigureSource,
      updatedAt: r.updatedAt,
      updatedBy: r.updatedBy,
    }));
}

export interface FigureWrite {
  unitId: number;
  code: string;
  year: number;
  /** null clears the cell. */
  value: string | null;
}

/** Writes one cell; returns true when something changed. The caller holds the transaction. */
export function writeFigure(db: Db, w: FigureWrite, source: FigureSource, actor: string, at: string): boolean {
  const where = and(eq(figures.unitId, w.unitId), eq(figures.code, w.code), eq(figures.year, w.year));
  const old = db.select().from(figures).where(where).get();
  const oldValue = old?.value ?? null;
  if (oldValue === w.value) return false;
  const src = JSON.stringify(source);
  if (w.value === null) db.delete(figures).where(where).run();
  else if (old) db.update(figures).set({ value: w.value, source: src, updatedAt: at, updatedBy: actor }).where(where).run();
  else db.insert(figures).values({ ...w, value: w.value, source: src, updatedAt: at, updatedBy: actor }).run();
  db.insert(figureHistory)
    .values({ unitId: w.unitId, code: w.code, year: w.year, oldValue, newValue: w.value, source: src, changedAt: at, changedBy: actor })
    .run();
  return true;
}

export function figureHistoryOf(db: Db, unitId: number, code: string, year: number): FigureHistoryDto[] {
  return db
    .select()
    .from(figureHistory)
    .where(and(eq(figureHistory.unitId, unitId), eq(figureHistory.code, code), eq(figureHistory.year, year)))
    .orderBy(asc(figureHistory.id))
    .all()
    .map((r) => ({
      oldValue: r.oldValue,
      newValue: r.newValue,
      source: JSON.parse(r.source) as FigureSource,
      changedAt: r.changedAt,
      changedBy: r.changedBy,
    }));
}
