/**
 * Loads a year's data once and keeps its model current after each save: a save answers with the slots it changed,
 * and the model is updated from them (applySavedFigures) instead of being rebuilt from the whole year.
 */
import { useCallback, useEffect, useState } from 'react';
import type { NarrativeBlock } from '../../../../shared/domain/template';
import { rpc } from '../../../../shared/rpc';
import { decodeYearData, type FigureChange, type YearDataDto } from '../../../../shared/rpc/figures';
import { call } from '../../lib/rpc';
import { errorText } from '../../lib/text';
import { applySavedFigures, buildYearModel, nextModelId, type YearModel } from './year-model';
import { evaluateYearRules } from './rules-off-thread';
import { takeEarlyOrCall } from '../../lib/year-data-early';

export interface YearData {
  data: YearDataDto | null;
  model: YearModel | null;
  error: string | null;
  reload(): Promise<void>;
  /** Saves a batch all-or-nothing; rejects with the app's Vietnamese message, leaving the data unchanged. */
  saveFigures(changes: FigureChange[]): Promise<number>;
  setNarrative(sectionId: string, blocks: NarrativeBlock[]): void;
}

interface Loaded {
  data: YearDataDto;
  model: YearModel | null;
}

export function useYearData(year: number): YearData {
  const [state, setState] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(async () => {
    try {
      // The first load takes what the move to this page asked for already (lib/year-data-early).
      const data = decodeYearData(await takeEarlyOrCall(rpc.figures.yearData, year));
      setState({ data, model: buildYearModel(data) });
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  }, [year]);
  useEffect(() => {
    void reload();
  }, [reload]);

  // The values show first; the rules of a freshly loaded year are evaluated in the next task (a few hundred ms
  // at 400 units). Later saves update the rule results with the model, in a few milliseconds.
  const pending = state?.model?.rulesPending ? state.model : null;
  useEffect(() => {
    if (!pending) return;
    // In a Web Worker (or, without one, in slices between frames): the values are on screen first, and a
    // province's checks (a few hundred milliseconds at 400 units) never hold the page in one long task.
    const stop = new AbortController();
    evaluateYearRules(pending, stop.signal).then(
      (rules) => {
        const model = { ...pending, rules, rulesPending: false, id: nextModelId(), changedSince: { id: pending.id, unitIds: new Set<number>() } };
        setState((s) => (s && s.model === pending ? { ...s, model } : s));
      },
      (e: unknown) => stop.signal.aborted || setError(errorText(e)),
    );
    return () => stop.abort();
  }, [pending]);

  const saveFigures = useCallback(
    async (changes: FigureChange[]) => {
      const r = await call(rpc.figures.save, { year, changes });
      setState((s) => {
        if (!s?.model) return s;
        const model = applySavedFigures(s.model, r);
        return { data: model.data, model };
      });
      return r.changed;
    },
    [year],
  );
  const setNarrative = useCallback((sectionId: string, blocks: NarrativeBlock[]) => {
    setState((s) => {
      if (!s) return s;
      const data = { ...s.data, narratives: { ...s.data.narratives, [sectionId]: blocks } };
      return { data, model: s.model && { ...s.model, data } };
    });
  }, []);

  return { data: state?.data ?? null, model: state?.model ?? null, error, reload, saveFigures, setNarrative };
}
