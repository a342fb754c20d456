/** The report's sections and appendices beside the preview; a click scrolls the preview (its own scroll area) there. */
import type { ReportDocument } from '../../../../shared/report/model';

const text = (runs: { text: string }[]) => runs.map((r) => r.text).join('');

export function PreviewOutline({ doc, scroller }: { doc: ReportDocument; scroller: () => HTMLElement | null }) {
  const go = (target: Element | null | undefined) => {
    const box = scroller();
    if (!box || !target) return;
    const off = () => (target as HTMLElement).getBoundingClientRect().top - box.getBoundingClientRect().top - 8;
    box.scrollTo({ top: box.scrollTop + off() });
    // An appendix is laid out only near the view (content-visibility): as those around the target take their real
    // height the target moves; place it again each frame until it stays put (at most 20 frames).
    let frames = 0;
    const settle = () => {
      const d = off();
      if (Math.abs(d) > 1) box.scrollTo({ top: box.scrollTop + d });
      if (++frames < 20 && (Math.abs(d) > 1 || frames < 3)) requestAnimationFrame(settle);
    };
    requestAnimationFrame(settle);
  };
  const report = () => scroller()?.querySelector('section.bc-page');
  const headings = doc.body.map((b, i) => ({ b, i })).filter(({ b }) => b.kind === 'heading' && b.level <= 2);
  return (
    <nav className="bc-outline no-print" aria-label="Đề mục của báo cáo">
      <div className="bc-outline-title">Đề mục</div>
      <button type="button" onClick={() => go(report())}>
        Đầu văn bản
      </button>
      {headings.map(({ b, i }) => (
        <button
          type="button"
          key={i}
          className={b.kind === 'heading' && b.level === 2 ? 'sub' : undefined}
          title={text(b.runs)}
          onClick={() => go(report()?.querySelectorAll(':scope > p')[i])}
        >
          {text(b.runs)}
        </button>
      ))}
      {doc.appendices.map((a) => (
        <button type="button" key={a.id} title={`${a.label}: ${a.title}`} onClick={() => go(scroller()?.querySelector(`section[aria-label="${CSS.escape(a.label)}"]`))}>
          {a.label}
        </button>
      ))}
    </nav>
  );
}
