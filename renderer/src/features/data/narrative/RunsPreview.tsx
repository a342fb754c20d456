/** A block as the report will print it: placeholder values marked, missing figures in red. */
import type { Run } from '../../../../../shared/domain/placeholders';
import type { NarrativeBlock } from '../../../../../shared/domain/template';

const PREFIX: Record<NarrativeBlock['style'], string> = { p: '', dash: '- ', plus: '+ ' };

export function RunsPreview({ style, runs, label }: { style: NarrativeBlock['style']; runs: Run[]; label: string }) {
  return (
    <div className={`nar-preview ${style}`} aria-label={label} role="note">
      {PREFIX[style]}
      {runs.map((r, i) =>
        r.placeholder ? (
          <mark key={i} className={r.missing ? 'ph-missing' : 'ph'} title={`{{${r.placeholder.name}${r.placeholder.year ? `@${r.placeholder.year}` : ''}}}`}>
            {r.text}
          </mark>
        ) : (
          <span key={i}>{r.text}</span>
        ),
      )}
    </div>
  );
}
