/** Binds every contract to its service function. Adding a call: one contract, one entry here, one test. */
import type { z } from 'zod';
import type { Contract } from '../../../shared/rpc/contract';
import type { rpc } from '../../../shared/rpc';
import type { CoreContext } from '../context';
import { appInfo, chooseWorkspace } from '../services/app';
import { createYear, listYears } from '../services/years';
import { getSettings, saveSettings } from '../services/settings';
import { builtinTemplates, chooseTemplate, parseTemplateText, saveNarrative, setRegime, summarize } from '../services/templates';
import { addUnit, changeUnit, importUnitsFromExcel, moveUnit, moveUnitOnto, removeUnit, unitListTemplate, unitsOf } from '../services/units';
import { setUnitLink, unitLinksOf } from '../services/unit-links';
import { figureHistory, saveFigures, yearDataWire } from '../services/figures';
import { deleteListRow, listRowsOf, saveListRow } from '../services/lists';
import { generateOutputs, openOutput, outputFiles, readOutput } from '../services/report';
import { reportModel } from '../services/report';
import { applyFindingFix, checkHistory, checkOutside, checkYear, dismissFinding, outsideDocument } from '../services/checks';
import { fromText } from '../../../shared/checks';
import { formFiles, generateForms, openFormsFolder, readForm } from '../services/forms';
import { checkUploaded, commitFiles, confirmMapping, recheck } from '../services/imports';
import { originalFile, provenance, returnsStatus, unitNotesOf } from '../services/returns';
import { archiveStatus, backupOnRequest } from '../services/archive';
import { restorePreview, restoreYear } from '../services/archive-backup';
import { sealStatus, sealYear, unsealYear, writeRecordPdf } from '../services/archive-seal';
import { compareIndicators, compareTable, compareWorkbook } from '../services/year-compare';
import { packageYear } from '../services/archive-package';
import { historyOf, historyWorkbook } from '../services/history';
import * as review from '../services/review';
import { identityOf, setIdentity } from '../services/identity';
import { jobStatus, startForms, startImport, startPdf, startReport } from '../jobs/jobs';

type Area = keyof typeof rpc;
type HandlerOf<C> =
  C extends Contract<infer I, infer O> ? (ctx: CoreContext, input: z.output<I>) => z.input<O> | Promise<z.input<O>> : never;
export type Handlers = { [A in Area]: { [V in keyof (typeof rpc)[A]]: HandlerOf<(typeof rpc)[A][V]> } };

export const handlers: Handlers = {
  app: {
    info: (ctx) => appInfo(ctx),
    chooseWorkspace: (ctx) => chooseWorkspace(ctx),
  },
  years: {
    list: (ctx) => listYears(ctx),
    create: (ctx, i) => createYear(ctx, i.year),
  },
  settings: {
    get: (ctx, i) => getSettings(ctx, i.year),
    save: (ctx, i) => saveSettings(ctx, i.year, i.settings),
  },
  templates: {
    builtin: (ctx) => builtinTemplates(ctx).map(summarize),
    check: (_ctx, i) => parseTemplateText(i.text, i.fileName),
    choose: (ctx, i) => chooseTemplate(ctx, i.year, i),
    setRegime: (ctx, i) => setRegime(ctx, i.year, i.regime),
    saveNarrative: (ctx, i) => saveNarrative(ctx, i.year, i.sectionId, i.blocks),
  },
  units: {
    list: (ctx, i) => unitsOf(ctx, i.year),
    add: (ctx, i) => addUnit(ctx, i.year, i),
    update: (ctx, { year, id, ...patch }) => changeUnit(ctx, year, id, patch),
    importExcel: (ctx, i) => importUnitsFromExcel(ctx, i.year, i.fileName, i.base64),
    remove: (ctx, i) => removeUnit(ctx, i.year, i.id),
    move: (ctx, i) => moveUnit(ctx, i.year, i.id, i.direction),
    moveOnto: (ctx, i) => moveUnitOnto(ctx, i.year, i.id, i.onto),
    template: () => unitListTemplate(),
    links: (ctx, i) => unitLinksOf(ctx, i.year),
    setLink: (ctx, { year, ...i }) => setUnitLink(ctx, year, i),
  },
  figures: {
    yearData: (ctx, i) => yearDataWire(ctx, i.year),
    save: (ctx, i) => saveFigures(ctx, i.year, i.changes),
    history: (ctx, i) => figureHistory(ctx, i.year, i.unitId, i.code, i.figureYear),
  },
  lists: {
    rows: (ctx, i) => listRowsOf(ctx, i.year),
    saveRow: (ctx, { year, ...row }) => saveListRow(ctx, year, row),
    deleteRow: (ctx, i) => deleteListRow(ctx, i.year, i.id),
  },
  history: {
    list: (ctx, i) => historyOf(ctx, i.year, i.filter),
    export: (ctx, i) => historyWorkbook(ctx, i.year, i.filter),
  },
  compare: {
    indicators: (ctx) => compareIndicators(ctx),
    table: (ctx, i) => compareTable(ctx, i.code, i.byUnit),
    export: (ctx, i) => compareWorkbook(ctx, i.code, i.byUnit),
  },
  archive: {
    status: (ctx, i) => archiveStatus(ctx, i.year),
    backup: (ctx, i) => backupOnRequest(ctx, i.year, i),
    restorePreview: (ctx, i) => restorePreview(ctx, i.year, i.name),
    restore: (ctx, i) => restoreYear(ctx, i.year, i.name),
    seal: (ctx, i) => sealYear(ctx, i.year),
    recordPdf: (ctx, i) => writeRecordPdf(ctx, i.year),
    verify: (ctx, i) => sealStatus(ctx, i.year),
    unseal: (ctx, i) => unsealYear(ctx, i.year, i.reason),
    package: (ctx, i) => packageYear(ctx, i.year),
  },
  report: {
    preview: (ctx, i) => reportModel(ctx, i.year),
    generate: (ctx, i) => generateOutputs(ctx, i.year),
    files: (ctx, i) => outputFiles(ctx, i.year),
    readFile: (ctx, i) => readOutput(ctx, i.year, i.name),
    open: (ctx, i) => openOutput(ctx, i.year, i.name),
  },
  forms: {
    generate: (ctx, i) => generateForms(ctx, i.year),
    files: (ctx, i) => formFiles(ctx, i.year),
    readFile: (ctx, i) => readForm(ctx, i.year, i.name),
    openFolder: (ctx, i) => openFormsFolder(ctx, i.year),
  },
  imports: {
    check: (ctx, i) => checkUploaded(ctx, i.year, i.files),
    confirmMapping: (ctx, { year, ...input }) => confirmMapping(ctx, year, input),
    recheck: (ctx, i) => recheck(ctx, i.year, i.choice),
    commit: (ctx, i) => commitFiles(ctx, i.year, i.ids, i.choices),
    status: (ctx, i) => returnsStatus(ctx, i.year),
    original: (ctx, i) => originalFile(ctx, i.year, i.importId),
    notes: (ctx, i) => unitNotesOf(ctx, i.year),
    provenance: (ctx, { year, ...q }) => provenance(ctx, year, q),
  },
  checks: {
    year: (ctx, i) => checkYear(ctx, i.year),
    document: (ctx, i) => checkOutside(ctx, 'text' in i ? fromText(i.text, 'Văn bản dán vào') : outsideDocument(i.name, Buffer.from(i.base64, 'base64'))),
    fix: (ctx, i) => applyFindingFix(ctx, i.year, i.findingId),
    dismiss: (ctx, i) => dismissFinding(ctx, i.year, i.findingId, i.reason),
    history: (ctx, i) => checkHistory(ctx, i.year),
  },
  review: {
    identity: (ctx) => identityOf(ctx),
    setIdentity: (ctx, i) => setIdentity(ctx, i),
    status: (ctx, i) => review.reviewStatus(ctx, i.year),
    submit: (ctx, i) => review.submitReport(ctx, i.year, i.note),
    return: (ctx, i) => review.returnReport(ctx, i.year, i.note),
    approve: (ctx, i) => review.approveReport(ctx, i.year, i.note, i.override),
    unlock: (ctx, i) => review.unlockReport(ctx, i.year, i.reason),
    issue: (ctx, i) => review.issueReport(ctx, i.year, i.number, i.date),
    comment: (ctx, i) => review.addReviewComment(ctx, i.year, i.sectionId, i.paragraph, i.text),
    resolveComment: (ctx, i) => review.resolveReviewComment(ctx, i.year, i.id),
    diff: (ctx, i) => review.compareVersions(ctx, i.year, i.from, i.to),
    pdf: (ctx, i) => review.reportPdf(ctx, i.year, i.name),
    attachSigned: (ctx, i) => review.attachSignedScan(ctx, i.year, i.name, Buffer.from(i.base64, 'base64')),
    readScan: (ctx, i) => review.readSignedScan(ctx, i.year, i.id),
  },
  jobs: {
    forms: (ctx, i) => startForms(ctx, i.year),
    report: (ctx, i) => startReport(ctx, i.year),
    import: (ctx, i) => startImport(ctx, i.year, i.ids, i.choices),
    pdf: (ctx, i) => startPdf(ctx, i.year, i.name),
    status: (ctx, i) => jobStatus(ctx, i.id),
  },
};
