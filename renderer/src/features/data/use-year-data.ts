/** Loads a year's data once and keeps it current after each save; the derived model is recomputed from it. */
import { useCallback, useDeferredValue, useEffect, useMemo, useState } from 'react';
import type { NarrativeBlock } from '../../../../shared/domain/template';
import { rpc } from '../../../../shared/rpc';
import type { FigureChange, YearDataDto } from '../../../../shared/rpc/figures';
import { call } from '../../lib/rpc';
import { errorText } from '../../lib/text';
import { buildYearModel, yearRules, type YearModel } from './year-model';

export interface YearData {
  data: YearDataDto | null;
  model: YearModel | null;
  error: string | null;
  reload(): Promise<void>;
  /** Saves a batch all-or-nothing; rejects with the app's Vietnamese message, leaving the data unchanged. */
  saveFigures(changes: FigureChange[]): Promise<number>;
  setNarrative(sectionId: string, blocks: NarrativeBlock[]): void;
}

export function useYearData(year: number): YearData {
  const [data, setData] = useState<YearDataDto | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(async () => {
    try {
      setData(await call(rpc.figures.yearData, { year }));
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  }, [year]);
  useEffect(() => {
    void reload();
  }, [reload]);

  const saveFigures = useCallback(
    async (changes: FigureChange[]) => {
      const r = await call(rpc.figures.save, { year, changes });
      setData((d) => (d ? { ...d, figures: r.figures } : d));
      return r.changed;
    },
    [year],
  );
  const setNarrative = useCallback((sectionId: string, blocks: NarrativeBlock[]) => {
    setData((d) => (d ? { ...d, narratives: { ...d.narratives, [sectionId]: blocks } } : d));
  }, []);

  // New values and totals show at once; the rule flags follow in a deferred render, since checking every rule
  // takes longer than a keystroke should.
  const deferred = useDeferredValue(data);
  const rules = useMemo(() => (deferred ? yearRules(deferred) : []), [deferred]);
  const model = useMemo(() => (data ? buildYearModel(data, rules) : null), [data, rules]);
  return { data, model, error, reload, saveFigures, setNarrative };
}
