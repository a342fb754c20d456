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
