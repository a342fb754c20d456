/**
 * Turning what a clerk types into a stored figure, and a stored figure into what a cell shows.
 * Parsing and formatting are the shared functions; this only picks the right one for an indicator kind.
 */
import { formatIndicatorValue } from '../../../shared/domain/aggregate';
import { isCanonical, normalizeDecimal } from '../../../shared/domain/decimal';
import { isNumericKind, parseTyped, type TypedValue } from '../../../shared/domain/indicator-kinds';
import type { Indicator } from '../../../shared/domain/template';

export type FigureParse = TypedValue;

export { figureKey } from '../../../shared/domain/records';

/** Reads typed text for one indicator (the shared rule for every kind): canonical decimal, ISO date or trimmed text; null clears the cell. */
export const parseFigureText = parseTyped;

/** The value as a cell shows it (and as editing starts from): "1.270", "16.015,34", "76,2%", "25/05/2021". */
export function displayFigure(ind: Indicator, value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  const numeric = isNumericKind(ind.kind);
  // A stored value that is not a number (an old import) is shown as it is, so that it can be seen and fixed.
  if (numeric && !isCanonical(value) && normalizeDecimal(value) === null) return value;
  return formatIndicatorValue(ind, isCanonical(value) || !numeric ? value : (normalizeDecimal(value) ?? value), { padCounts: false });
}

/** Whether a parsed value is what the cell already holds (nothing to save). */
export function sameFigure(current: string | null | undefined, next: string | null): boolean {
  return (current ?? null) === next;
}
