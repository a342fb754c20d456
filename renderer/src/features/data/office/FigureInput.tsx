/** One figure of the office, typed Vietnamese-style and saved on blur or Enter; refused input is not saved. */
import { useState, type KeyboardEvent } from 'react';
import { Input, Tooltip } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import type { Indicator } from '../../../../../shared/domain/template';
import { isQuantityKind } from '../../../../../shared/domain/indicator-kinds';
import { displayFigure, parseFigureText, sameFigure } from '../../../lib/figures';
import { errorText } from '../../../lib/text';
import { useUnsaved } from '../../../lib/unsaved';

interface Props {
  ind: Indicator;
  value: string | null;
  label: string;
  /** Messages of rules this figure breaks. */
  problems?: string[];
  onSave(value: string | null): Promise<void>;
}

const PLACEHOLDER: Partial<Record<Indicator['kind'], string>> = { date: 'ngày/tháng/năm', docref: 'Số/ký hiệu' };

export function FigureInput({ ind, value, label, problems, onSave }: Props) {
  const shown = displayFigure(ind, value);
  const [prev, setPrev] = useState(value);
  const [text, setText] = useState(shown);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  if (prev !== value) {
    setPrev(value);
    setText(shown);
    setError(null);
  }

  // A figure typed but not saved (refused, or the focus still in the cell) holds the page like any unsaved form.
  // While a blur's save is on its way, leaving does not ask (the save finishes either way).
  const [committing, setCommitting] = useState(false);
  useUnsaved(text !== shown && !committing, { label: `Số liệu của cơ quan (“${label}”)`, save: commit });

  /** Saves the typed figure; false when it is refused (the message is under the cell). */
  async function commit(): Promise<boolean> {
    if (text === shown) return (setError(null), true);
    const p = parseFigureText(ind, text);
    if (!p.ok) return (setError(`${p.message}. Chưa lưu.`), false);
    if (sameFigure(value, p.value)) {
      setText(shown);
      setError(null);
      return true;
    }
    setCommitting(true);
    try {
      await onSave(p.value);
      setError(p.warnings.length ? p.warnings.join('; ') : null);
      setSaved(true);
      return true;
    } catch (e) {
      setError(errorText(e));
      return false;
    } finally {
      setCommitting(false);
    }
  }

  function onKey(e: KeyboardEvent<HTMLElement>) {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      void commit();
    } else if (e.key === 'Escape') {
      setText(shown);
      setError(null);
    }
  }

  const status = error ? 'error' : problems?.length ? 'warning' : undefined;
  const common = {
    'aria-label': label,
    'aria-invalid': !!error,
    value: text,
    status,
    placeholder: PLACEHOLDER[ind.kind],
    onBlur: () => void commit(),
    onKeyDown: onKey,
  } as const;
  const numeric = isQuantityKind(ind.kind);
  const input =
    ind.kind === 'text' ? (
      <Input.TextArea {...common} autoSize={{ minRows: 1, maxRows: 6 }} onChange={(e) => (setText(e.target.value), setSaved(false))} />
    ) : (
      <Input
        {...common}
        styles={numeric ? { input: { textAlign: 'right' } } : undefined}
        suffix={saved && !error ? <CheckOutlined style={{ color: '#389e0d' }} aria-label="Đã lưu" /> : <span />}
        onChange={(e) => (setText(e.target.value), setSaved(false))}
      />
    );
  return (
    <div>
      {problems?.length ? <Tooltip title={problems.join('\n')}>{input}</Tooltip> : input}
      {error && (
        <div role="alert" style={{ color: '#cf1322', fontSize: 12.5, marginTop: 2, whiteSpace: 'normal' }}>
          {error}
        </div>
      )}
    </div>
  );
}
