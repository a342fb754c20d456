/**
 * "Đến chỗ này": the place a finding points to, handed to the narrative editor across a route change. Kept in
 * sessionStorage so that it survives the hash navigation and is read once.
 */
export interface GotoTarget {
  sectionId: string;
  /** Index among the section's printed (non-empty) paragraphs. */
  paragraph: number;
  /** Text to select inside that paragraph, when it can be found there. */
  find: string;
}

const KEY = 'tonghop-goto';

export function setGoto(t: GotoTarget): void {
  sessionStorage.setItem(KEY, JSON.stringify(t));
}

/** The pending target, removed as it is read. */
export function takeGoto(): GotoTarget | null {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return null;
  sessionStorage.removeItem(KEY);
  try {
    return JSON.parse(raw) as GotoTarget;
  } catch {
    return null;
  }
}

/** Peeks without removing (to choose the initial section before the editor mounts). */
export function peekGoto(): GotoTarget | null {
  const raw = sessionStorage.getItem(KEY);
  try {
    return raw ? (JSON.parse(raw) as GotoTarget) : null;
  } catch {
    return null;
  }
}

/** A cell of the grid a finding points to: the grid's view is set to its section and year, then the cell focused. */
export interface GotoCell {
  code: string;
  unitId?: number;
  /** Calendar year, or 0 for the whole period. */
  year: number;
}

const CELL_KEY = 'tonghop-goto-cell';

/** Where the spreadsheet keeps the section and year last chosen for a year (kept across sessions). */
export const gridViewKey = (year: number) => `tonghop-bang-tinh-${year}`;

export function setGotoCell(year: number, sectionId: string | undefined, cell: GotoCell): void {
  if (sectionId) localStorage.setItem(gridViewKey(year), JSON.stringify({ section: sectionId, year: cell.year }));
  sessionStorage.setItem(CELL_KEY, JSON.stringify(cell));
}

export function takeGotoCell(): GotoCell | null {
  const raw = sessionStorage.getItem(CELL_KEY);
  if (!raw) return null;
  sessionStorage.removeItem(CELL_KEY);
  try {
    return JSON.parse(raw) as GotoCell;
  } catch {
    return null;
  }
}
