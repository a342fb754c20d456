import { useEffect, useState } from 'react';
import { App, Button, Card, Empty, Input, Select, Space, Tag, Typography } from 'antd';
import { rpc } from '../../../../shared/rpc';
import type { CommentDto, IdentityDto, ReviewStatusDto } from '../../../../shared/rpc/review';
import type { ReportDocument } from '../../../../shared/report/model';
import { sectionsOf } from '../../../../shared/review/compare';
import { formatDateTime } from '../../../../shared/format/date';
import { call } from '../../lib/rpc';
import { errorText } from '../../lib/text';
import './review.css';
import { useUnsaved } from '../../lib/unsaved';

/** One comment: where, what, who, open or resolved (the clerk marks it resolved). */
export function CommentItem({ year, c, canResolve, onChanged }: { year: number; c: CommentDto; canResolve: boolean; onChanged(): void }) {
  const { message } = App.useApp();
  return (
    <div className={c.resolvedAt ? 'review-comment-done' : 'review-comment-open'} aria-label={`Góp ý: ${c.text}`}>
      <Space size={6} wrap>
        <Tag color={c.resolvedAt ? 'green' : 'orange'}>{c.resolvedAt ? 'Đã xử lý' : 'Chưa xử lý'}</Tag>
        <Typography.Text type="secondary">
          {c.paragraph === null ? 'Cả mục' : `Đoạn ${c.paragraph + 1}`} — {c.byName}, {formatDateTime(c.at)} (dự thảo lần {c.version})
        </Typography.Text>
      </Space>
      <div>
        <i>“{c.excerpt}”</i>
      </div>
      <div>
        <b>{c.text}</b>
      </div>
      {c.resolvedAt ? (
        <Typography.Text type="secondary">Đã xử lý: {c.resolvedBy}, {formatDateTime(c.resolvedAt)}</Typography.Text>
      ) : (
        canResolve && (
          <Button
            size="small"
            onClick={async () => {
              try {
                await call(rpc.review.resolveComment, { year, id: c.id });
                onChanged();
              } catch (e) {
                message.error(errorText(e));
              }
            }}
          >
            Đánh dấu đã xử lý
          </Button>
        )
      )}
    </div>
  );
}

/** The leader's comments per section; the leader writes one on a section or a paragraph of the submitted version. */
export function CommentsCard({
  year,
  status,
  me,
  doc,
  picked,
  onChanged,
}: {
  year: number;
  status: ReviewStatusDto;
  me: IdentityDto | null;
  doc: ReportDocument | null;
  /** A section or paragraph the leader clicked in the preview ("sectionId|paragraph"). */
  picked?: string;
  onChanged(): void;
}) {
  const { message } = App.useApp();
  const [chosen, setAnchor] = useState<{ value: string | undefined; picked: string | undefined }>({ value: undefined, picked });
  // A new click in the preview wins over the last choice in the list.
  const anchor = picked !== chosen.picked ? picked : chosen.value;
  const [text, setText] = useState('');
  const sections = doc ? sectionsOf(doc) : [];
  const canWrite = status.state === 'submitted' && me?.role === 'lanh-dao';
  const short = (s: string) => (s.length > 70 ? `${s.slice(0, 67)}…` : s);
  const options = sections.flatMap((s) => [
    { value: `${s.sectionId}|`, label: `${short(s.title)} — cả mục` },
    ...s.paragraphs.map((p, i) => ({ value: `${s.sectionId}|${i}`, label: `    Đoạn ${i + 1}: ${short(p)}` })),
  ]);
  const title = (id: string) => sections.find((s) => s.sectionId === id)?.title ?? id;
  const bySection = [...new Set(status.comments.map((c) => c.sectionId))];
  const open = status.comments.filter((c) => !c.resolvedAt).length;

  // A comment typed but not sent holds the page like any unsaved form; "Lưu" there sends it.
  useUnsaved(text.trim() !== '', { label: 'góp ý chưa gửi', save: send, discard: () => setText('') });

  async function send(): Promise<boolean> {
    if (!anchor) {
      message.error('Chưa gửi góp ý: hãy chọn mục hoặc đoạn văn được góp ý.');
      return false;
    }
    const [sectionId, p] = anchor.split('|');
    try {
      await call(rpc.review.comment, { year, sectionId, paragraph: p === '' ? null : Number(p), text });
      setText('');
      message.success('Đã gửi góp ý.');
      onChanged();
      return true;
    } catch (e) {
      message.error(errorText(e));
      return false;
    }
  }

  return (
    <Card data-review-comments className="no-print" title={`Góp ý của lãnh đạo${status.comments.length ? ` (${open} chưa xử lý / ${status.comments.length})` : ''}`} style={{ marginBottom: 24 }}>
      {canWrite && (
        <Space direction="vertical" style={{ width: '100%', marginBottom: 16 }}>
          <Typography.Text type="secondary">Bấm vào một đề mục hoặc đoạn văn trong bản xem trước, hoặc chọn trong danh sách:</Typography.Text>
          <Select aria-label="Mục hoặc đoạn góp ý" style={{ width: '100%' }} placeholder="Chọn mục hoặc đoạn văn" options={options} value={anchor} onChange={(v) => setAnchor({ value: v, picked })} showSearch optionFilterProp="label" />
          <Input.TextArea aria-label="Nội dung góp ý" rows={2} value={text} onChange={(e) => setText(e.target.value)} placeholder="Nội dung góp ý" />
          <Button type="primary" onClick={() => void send()} disabled={!anchor || !text.trim()}>
            Gửi góp ý
          </Button>
        </Space>
      )}
      {status.comments.length === 0 ? (
        <Empty description="Chưa có góp ý." />
      ) : (
        bySection.map((id) => (
          <div key={id} style={{ marginBottom: 12 }}>
            <Typography.Text strong>{title(id)}</Typography.Text>
            {status.comments
              .filter((c) => c.sectionId === id)
              .map((c) => (
                <CommentItem key={c.id} year={year} c={c} canResolve={me?.role === 'chuyen-vien' && !status.lock} onChanged={onChanged} />
              ))}
          </div>
        ))
      )}
    </Card>
  );
}

/** Beside the narrative editor: the comments on the section being edited, with "Đánh dấu đã xử lý". */
export function SectionComments({ year, sectionId }: { year: number; sectionId: string }) {
  const [comments, setComments] = useState<CommentDto[] | null>(null);
  const [me, setMe] = useState<IdentityDto | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    Promise.all([call(rpc.review.status, { year }), call(rpc.review.identity, {})]).then(
      ([s, i]) => live && (setComments(s.comments.filter((c) => c.sectionId === sectionId)), setMe(i)),
      () => live && setComments([]),
    );
    return () => void (live = false);
  }, [year, sectionId, tick]);
  if (!comments || comments.length === 0) return null;
  return (
    <Card size="small" title={`Góp ý của lãnh đạo cho mục này (${comments.filter((c) => !c.resolvedAt).length} chưa xử lý)`} style={{ marginTop: 16 }} aria-label="Góp ý cho mục này">
      {comments.map((c) => (
        <CommentItem key={c.id} year={year} c={c} canResolve={me?.role === 'chuyen-vien'} onChanged={() => setTick((t) => t + 1)} />
      ))}
    </Card>
  );
}
