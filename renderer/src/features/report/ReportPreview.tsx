import { createContext, useContext, useDeferredValue } from 'react';
import { MOTTO, NATIONAL_TITLE, RECIPIENTS_LABEL, type AppendixModel, type ReportDocument, type TextRun } from '../../../../shared/report/model';
import './preview.css';

/** Set by the page to trace a figure of the preview back to its sources. */
export const FigureClick = createContext<((run: TextRun) => void) | null>(null);

function Runs({ runs }: { runs: TextRun[] }) {
  const onFigure = useContext(FigureClick);
  return (
    <>
      {runs.map((r, i) => {
        const style = { fontWeight: r.bold ? 'bold' : undefined, fontStyle: r.italic ? 'italic' : undefined } as const;
        if (r.figure && onFigure && !r.missing)
          return (
            <span
              key={i}
              role="button"
              tabIndex={0}
              className="bc-figure"
              title="Bấm để xem số liệu này lấy từ đơn vị, tệp và ô nào"
              style={style}
              onClick={() => onFigure(r)}
              onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), onFigure(r))}
            >
              {r.text}
            </span>
          );
        return (
          <span key={i} className={r.missing ? 'bc-missing' : undefined} style={style}>
            {r.text}
          </span>
        );
      })}
    </>
  );
}

/** A cell's class per column: alignment and wrapping (a class, not a style object per cell: 7.000 cells at 400 units). */
function cellClass(c: AppendixModel['columns'][number] | undefined): string | undefined {
  const cls = [c?.align && c.align !== 'left' ? `bc-${c.align}` : '', c?.nowrap ? 'bc-nowrap' : ''].filter(Boolean).join(' ');
  return cls || undefined;
}

function Appendix({ a }: { a: AppendixModel }) {
  const classes = a.columns.map(cellClass);
  return (
    <section className={`bc-page bc-appendix${a.landscape ? ' landscape' : ''}`} aria-label={a.label}>
      <div style={{ textAlign: 'center' }}>
        <div className="bc-bold">{a.label}</div>
        <div className="bc-bold">{a.title}</div>
        <div style={{ fontStyle: 'italic' }}>{a.reference}</div>
        <div className="bc-rule" style={{ width: '30%' }} />
      </div>
      <table className="bc-table">
        <thead>
          <tr>
            {a.columns.map((c, i) => (
              <th key={i}>{c.label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {a.rows.map((r, i) => (
            <tr key={i} className={r.total ? 'total' : undefined}>
              {r.cells.map((c, j) => (
                <td key={j} className={classes[j]}>
                  {c.text}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/**
 * The report as it will print, drawn from the same document model the .docx writer uses. The appendices (a
 * province's tables of 400 units × 18 columns) are drawn in a render of their own after the report's first page
 * is on screen; until then, and while a newer document's are drawn, none are shown (never an older document's).
 */
export function ReportPreview({ doc }: { doc: ReportDocument }) {
  const h = doc.header;
  const drawn = useDeferredValue<AppendixModel[] | null>(doc.appendices, null);
  const appendices = drawn === doc.appendices ? drawn : [];
  return (
    <div>
      <section className="bc-page" aria-label="Báo cáo">
        <table className="bc-head">
          <tbody>
            <tr>
              <td className="left">
                {h.superiorBody && <div className="bc-upper">{h.superiorBody}</div>}
                {h.issuerLines.map((l, i) => (
                  <div key={i} className="bc-upper bc-bold">
                    {l}
                  </div>
                ))}
                <div className="bc-rule" style={{ width: '40%' }} />
                <div style={{ whiteSpace: 'pre' }}>{h.documentNumber}</div>
              </td>
              <td className="right">
                <div className="bc-bold" style={{ fontSize: '12pt' }}>
                  {NATIONAL_TITLE}
                </div>
                <div className="bc-bold" style={{ fontSize: '13pt', display: 'inline-block', borderBottom: '1px solid #000' }}>
                  {MOTTO}
                </div>
                <div style={{ fontStyle: 'italic', marginTop: '8pt', whiteSpace: 'pre' }}>{h.placeDate}</div>
              </td>
            </tr>
          </tbody>
        </table>
        <div className="bc-title">{doc.title.kind}</div>
        <div className="bc-title" style={{ marginTop: 0 }}>
          <Runs runs={doc.title.subject} />
        </div>
        <div className="bc-rule" style={{ width: '30%', marginBottom: '12pt' }} />
        {doc.body.map((b, i) =>
          b.kind === 'heading' ? (
            <p key={i} className={`bc-h level-${b.level}`}>
              <Runs runs={b.runs} />
            </p>
          ) : (
            <p key={i} className="bc-p">
              <Runs runs={b.runs} />
            </p>
          ),
        )}
        {doc.closing.map((b, i) => (
          <p key={`c${i}`} className="bc-p">
            <Runs runs={b.runs} />
          </p>
        ))}
        <table className="bc-sign">
          <tbody>
            <tr>
              <td className="bc-recipients">
                <div className="label">{RECIPIENTS_LABEL}</div>
                {doc.signature.recipients.map((r, i) => (
                  <div key={i}>{r}</div>
                ))}
              </td>
              <td className="bc-signer">
                {doc.signature.authority && <div>{doc.signature.authority}</div>}
                <div>{doc.signature.title}</div>
                <div style={{ height: '28mm' }} />
                <div>{doc.signature.fullName}</div>
              </td>
            </tr>
          </tbody>
        </table>
      </section>
      {appendices.map((a) => (
        <Appendix key={a.id} a={a} />
      ))}
    </div>
  );
}
