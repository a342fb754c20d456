/** The template chosen for a year, kept as a full copy. */
import { eq } from 'drizzle-orm';
import type { Db } from '../client';
import { yearTemplate } from '../schema';
import { Regime, Template } from '../../../../shared/domain/template';

export interface YearTemplate {
  template: Template;
  regime: Regime;
  chosenAt: string;
  chosenBy: string;
}

export function readYearTemplate(db: Db): YearTemplate | null {
  const row = db.select().from(yearTemplate).where(eq(yearTemplate.id, 1)).get();
  if (!row) return null;
  return {
    template: Template.parse(JSON.parse(row.templateJson)),
    regime: Regime.parse(JSON.parse(row.regimeJson)),
    chosenAt: row.chosenAt,
    chosenBy: row.chosenBy,
  };
}

const parsedOf = new WeakMap<Db, { templateJson: string; regimeJson: string; parsed: YearTemplate }>();

/**
 * readYearTemplate, parsed again only when the stored text changed: the import reads the year's template for
 * every file it commits (400 at province scale), and parsing it took more than half of each commit. The object is
 * shared between calls: callers must not change it.
 */
export function readYearTemplateShared(db: Db): YearTemplate | null {
  const row = db.select().from(yearTemplate).where(eq(yearTemplate.id, 1)).get();
  if (!row) return null;
  const known = parsedOf.get(db);
  if (known && known.templateJson === row.templateJson && known.regimeJson === row.regimeJson && known.parsed.chosenAt === row.chosenAt && known.parsed.chosenBy === row.chosenBy)
    return known.parsed;
  const parsed = readYearTemplate(db)!;
  parsedOf.set(db, { templateJson: row.templateJson, regimeJson: row.regimeJson, parsed });
  return parsed;
}

/** Only the year's reporting regime (deadlines), without parsing the whole template: for the returns status. */
export function readYearRegime(db: Db): Regime | null {
  const row = db.select({ regimeJson: yearTemplate.regimeJson }).from(yearTemplate).where(eq(yearTemplate.id, 1)).get();
  return row ? Regime.parse(JSON.parse(row.regimeJson)) : null;
}

export function writeYearTemplate(db: Db, template: Template, regime: Regime, actor: string, at: string): void {
  const values = {
    id: 1,
    templateId: template.id,
    templateVersion: template.version,
    templateJson: JSON.stringify(template),
    regimeJson: JSON.stringify(regime),
    chosenAt: at,
    chosenBy: actor,
  };
  db.insert(yearTemplate).values(values).onConflictDoUpdate({ target: yearTemplate.id, set: values }).run();
}
