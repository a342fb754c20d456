/**
 * The vocabulary of the consistency checks: a document reduced to numbered paragraphs, the findings a check
 * reports, and where each finding points.
 * PURE: no Node, no DOM.
 */
import type { FigureDto, UnitDto } from '../domain/records';
import type { Regime, Template } from '../domain/template';
import type { Settings } from '../domain/settings';
import type { AppendixModel } from '../report/model';
import type { EarlierYearsDto } from '../rpc/figures';

export type Severity = 'error' | 'warning' | 'info';

/** Where a finding is: a character range in a paragraph of the narrative, a data cell, or the document as a whole. */
export type FindingLocation =
  | {
      kind: 'text';
      /** Section id of the report ("opening", "closing", an outline id), or the heading number of an outside document. */
      sectionId: string;
      /** Heading text of the section, for people. */
      sectionTitle: string;
      /** Index of the paragraph inside its section (headings excluded), or -1 for the heading itself. */
      paragraph: number;
      start: number;
      end: number;
    }
  | { kind: 'data'; code?: string; unitId?: number; unitName?: string; year?: number; cell?: string; /** Outline section of the indicator (the grid shows one section at a time). */ sectionId?: string }
  | { kind: 'appendix'; appendixId: string; label: string; row?: number; column?: number }
  | { kind: 'document' };

/** A safe automatic replacement inside one paragraph: `before` occurs in it and becomes `after`. */
export interface FindingFix {
  before: string;
  after: string;
}

export interface Finding {
  /** Stable across runs for the same slip at the same place (used to dismiss it). */
  id: string;
  /** Name of the check, e.g. "ratio-percent". */
  code: string;
  severity: Severity;
  /** Vietnamese, says what is wrong and what it should be. */
  message: string;
  /** The text concerned, as printed. */
  excerpt: string;
  location: FindingLocation;
  /** The correct value or form, when one exists. */
  expected?: string;
  fix?: FindingFix;
}

/** One paragraph or heading of the document, as printed (placeholders resolved). */
export interface CheckParagraph {
  kind: 'heading' | 'paragraph';
  sectionId: string;
  sectionTitle: string;
  /** Index inside the section (paragraphs only; -1 for headings). */
  index: number;
  /** Heading level 1..4 (headings only). */
  level?: number;
  /** The heading's number as written ("I.", "2.1.", "a)"); "" when none. */
  number?: string;
  /** Full printed text, heading number included. */
  text: string;
  /** Character ranges of text that came from placeholders (figures the app wrote), [start, end). */
  generated: [number, number][];
  /** The figures printed from placeholders: range and indicator (year 0 = the period). Report only. */
  figures?: { start: number; end: number; code: string; year: number }[];
  /** Character ranges of "[chưa có số liệu: …]" markers. */
  missing: [number, number][];
  /** Paragraphs of the closing part (after the outline). */
  closing?: boolean;
}

/** A document ready to check: the report of a year, or an outside .docx/.txt. */
export interface CheckDocument {
  source: 'report' | 'outside';
  title: string;
  paragraphs: CheckParagraph[];
  appendices: AppendixModel[];
}

/** A frequently cited national document with its true date (resources/checks/van-ban-quoc-gia.json). */
export interface NationalDocument {
  /** "Nghị định", "Luật", "Chỉ thị", … */
  type: string;
  /** "30/2020/NĐ-CP" */
  number: string;
  /** ISO date of issue. */
  date: string;
  title: string;
}

/** The year's data, when the document is the year's report. */
export interface CheckData {
  template: Template;
  regime: Regime;
  settings: Settings;
  units: UnitDto[];
  figures: FigureDto[];
  /** The narratives as stored, per section (to tell typed text from the template's own). */
  narratives: Record<string, { style: string; text: string }[]>;
  /** Unit ids that have sent at least one return or have figures entered. */
  unitsWithData?: number[];
  /** The report year (the year file). */
  year?: number;
  /** Where the earlier years of the period and the previous year came from (sealed year files or this year's entries). */
  earlier?: EarlierYearsDto;
}

export interface CheckInput {
  document: CheckDocument;
  data?: CheckData;
  nationalDocuments?: NationalDocument[];
  /** "Pad counts below 10" when known (the year's setting); otherwise the document's own majority decides. */
  padCounts?: boolean;
}

/** A check: a small named function. Adding one touches its file and its test file. */
export interface Check {
  name: string;
  /** Needs the year's data (skipped for outside documents). */
  needsData?: boolean;
  run(input: CheckInput): Omit<Finding, 'id'>[];
}
