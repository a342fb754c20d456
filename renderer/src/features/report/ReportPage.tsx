import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Card, Empty, Progress, Space, Spin, Table, Typography } from 'antd';
import type { ReportDocument } from '../../../../shared/report/model';
import type { OutputFileDto } from '../../../../shared/rpc/report';
import { rpc } from '../../../../shared/rpc';
import type { JobDto } from '../../../../shared/rpc/jobs';
import { followJob, jobPercent } from '../../lib/jobs';
import { call } from '../../lib/rpc';
import { takeEarlyOrCall } from '../../lib/year-data-early';
import { afterPageDrawn } from '../../lib/idle';
import { errorText } from '../../lib/text';
import { FigureClick, ReportPreview } from './ReportPreview';
import { ProvenanceDrawer, type ProvenanceTarget } from '../imports/ProvenanceDrawer';
import { downloadBase64 as download, sizeText as size } from '../../lib/download';
import { formatDateTime } from '../../../../shared/format/date';
import type { CheckReportDto } from '../../../../shared/rpc/checks';
import { Summary } from '../checks/ChecksPage';
import { useReview } from '../review/use-review';
import { ReviewCard } from '../review/ReviewCard';
import { CommentsCard } from '../review/CommentsCard';
import { VersionsCard } from '../review/VersionsCard';
import { anchorOfBlock } from '../../../../shared/review/compare';
import { PageHeader } from '../../components/PageHeader';
import { PreviewOutline } from './PreviewOutline';

/** The files and the checks are asked for at the latest this long after the preview. */
const CHECKS_WAIT_MS = 1000;

const previewBox = () => document.querySelector<HTMLElement>('.bc-preview-scroll');

/** Preview from the document model, one click to write the files, and the list of what was written. */
export function ReportPage({ year, desktop, onCounts }: { year: number; desktop: boolean; onCounts?: (c: CheckReportDto['counts']) => void }) {
  const { message, modal } = App.useApp();
  const [checks, setChecks] = useState<CheckReportDto | null>(null);
  const [doc, setDoc] = useState<ReportDocument | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [files, setFiles] = useState<OutputFileDto[]>([]);
  const [busy, setBusy] = useState(false);
  const [job, setJob] = useState<JobDto | null>(null);
  const [source, setSource] = useState<ProvenanceTarget | null>(null);
  const review = useReview(year);
  const [picked, setPicked] = useState<string | undefined>();
  const canComment = review.status?.state === 'submitted' && review.me?.role === 'lanh-dao';
  /** The leader clicks a heading or paragraph of the preview to comment on it. */
  function pick(e: React.MouseEvent<HTMLDivElement>) {
    if (!canComment || !doc) return;
    // The report is the first page of the preview (the appendices follow); its headings and paragraphs are its <p>s.
    const report = e.currentTarget.querySelector('section.bc-page');
    const p = (e.target as HTMLElement).closest('p');
    if (!report || !p || p.parentElement !== report) return;
    const at = anchorOfBlock(doc, [...report.querySelectorAll(':scope > p')].indexOf(p));
    if (!at) return;
    setPicked(`${at.sectionId}|${at.paragraph ?? ''}`);
    document.querySelector('[data-review-comments]')?.scrollIntoView({ block: 'start' });
  }
  const reloadReview = () => void review.reload().then(() => call(rpc.report.files, { year }).then(setFiles), () => undefined);

  /** Loads the page; the returned function drops what is still to come (the page left, or loaded again). */
  const load = useCallback(() => {
    let live = true;
    let cancelChecks: () => void = () => undefined;
    void (async () => {
      try {
        // The first load takes what the move to this page asked for already (lib/year-data-early).
        const doc = await takeEarlyOrCall(rpc.report.preview, year);
        if (!live) return;
        setDoc(doc);
        setError(null);
      } catch (e) {
        if (live) setError(errorText(e));
      }
      if (!live) return;
      // Once the preview is drawn (lib/idle): at 400 units the check keeps the host busy for a quarter of a second.
      // A page left meanwhile never sets the menu's counts: they would be another year's, or older than the badge's.
      cancelChecks = afterPageDrawn(() => {
        call(rpc.report.files, { year }).then((f) => live && setFiles(f), () => undefined);
        call(rpc.checks.year, { year }).then(
          (r) => live && (setChecks(r), onCounts?.(r.counts)),
          () => live && setChecks(null),
        );
      }, CHECKS_WAIT_MS);
    })();
    return () => {
      live = false;
      cancelChecks();
    };
  }, [year, onCounts]);
  // The latest load's pending work, dropped when the page loads again or is left.
  const dropPending = useRef<() => void>(() => undefined);
  const refresh = useCallback(() => {
    dropPending.current();
    dropPending.current = load();
  }, [load]);
  useEffect(() => {
    refresh();
    return () => dropPending.current();
  }, [refresh]);

  /** With errors left, generating asks first and says what is wrong. */
  async function askThenGenerate() {
    // The checks come after the preview: a click before they arrive asks for them here.
    const known = checks ?? (await call(rpc.checks.year, { year }).catch(() => null));
    const errors = known?.findings.filter((f) => f.severity === 'error' && !f.dismissed) ?? [];
    if (!errors.length) return void generate();
    modal.confirm({
      title: `Báo cáo còn ${errors.length} lỗi chưa sửa`,
      width: 640,
      content: (
        <ul style={{ paddingLeft: 18 }}>
          {errors.slice(0, 6).map((f) => (
            <li key={f.id}>{f.message}</li>
          ))}
          {errors.length > 6 && <li>… và {errors.length - 6} lỗi khác (xem trang Kiểm tra).</li>}
        </ul>
      ),
      okText: 'Vẫn tạo báo cáo',
      cancelText: 'Xem và sửa lỗi',
      onOk: () => generate(),
      onCancel: () => void (window.location.hash = `#/${year}/kiem-tra`),
    });
  }

  async function generate() {
    setBusy(true);
    try {
      // A job in the app's worker: the steps show below the button and the window stays usable.
      const { id } = await call(rpc.jobs.report, { year });
      const made = (await followJob(id, setJob)).report ?? [];
      message.success(`Đã tạo ${made.length} tệp báo cáo.`);
      setFiles(await call(rpc.report.files, { year }));
    } catch (e) {
      message.error(`Chưa tạo được báo cáo: ${errorText(e)}`);
    } finally {
      setBusy(false);
      setJob(null);
    }
  }

  async function take(name?: string) {
    try {
      if (desktop) await call(rpc.report.open, { year, name });
      else if (name) {
        const f = await call(rpc.report.readFile, { year, name });
        download(f.name, f.base64);
      }
    } catch (e) {
      message.error(errorText(e));
    }
  }

  const missing = doc ? doc.body.flatMap((b) => b.runs).filter((r) => r.missing).length : 0;
  return (
    <div style={{ maxWidth: 1500 }}>
      <PageHeader
        className="no-print"
        title={`Báo cáo năm ${year}`}
        sections={[
          { id: 'muc-tao-bao-cao', title: 'Tạo báo cáo' },
          { id: 'muc-trinh-duyet', title: 'Trình duyệt, góp ý, phiên bản' },
          { id: 'muc-xem-truoc', title: 'Bản xem trước' },
        ]}
      />
      {/* The main action first, in view on a 1366×768 screen; the review cards follow. */}
      <Card id="muc-tao-bao-cao" className="no-print" style={{ marginBottom: 24 }}>
        <Space wrap>
          <Button type="primary" size="large" onClick={askThenGenerate} loading={busy} disabled={!doc}>
            Tạo báo cáo
          </Button>
          {checks && (
            <a href={`#/${year}/kiem-tra`} aria-label="Kết quả kiểm tra báo cáo">
              <Space size={4}>
                <span>Kiểm tra:</span>
                <Summary report={checks} />
              </Space>
            </a>
          )}
          <Button onClick={refresh}>Làm mới bản xem trước</Button>
          <Button onClick={() => window.print()} disabled={!doc}>
            In (bản in)
          </Button>
          {desktop && <Button onClick={() => void take()}>Mở thư mục báo cáo</Button>}
        </Space>
        {job && (
          <div role="status" aria-live="polite" style={{ marginTop: 12, maxWidth: 560 }}>
            <Typography.Text>{job.stage}</Typography.Text>
            <Progress percent={jobPercent(job)} size="small" />
          </div>
        )}
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          “Tạo báo cáo” ghi bản làm việc (Bao-cao-{year}-du-thao.docx, có dấu DỰ THẢO) và phụ lục (.docx, .xlsx) vào thư mục báo cáo của năm {year}, theo đúng số liệu và lời văn hiện có. Bản trình lãnh đạo và bản phát hành được lưu riêng, không bao giờ bị ghi đè.
        </Typography.Paragraph>
        {files.length > 0 ? (
          <Table<OutputFileDto>
            style={{ marginTop: 16 }}
            size="small"
            rowKey="name"
            pagination={false}
            dataSource={files}
            columns={[
              { title: 'Tệp', dataIndex: 'name' },
              { title: 'Thời gian tạo', render: (_, f) => formatDateTime(f.modifiedAt), width: 200 },
              { title: 'Dung lượng', render: (_, f) => size(f.size), width: 120, align: 'right' },
              {
                title: '',
                width: 110,
                render: (_, f) => <Button onClick={() => void take(f.name)}>{desktop ? 'Mở' : 'Tải về'}</Button>,
              },
            ]}
          />
        ) : (
          <Empty style={{ marginTop: 16 }} description="Chưa tạo tệp báo cáo nào cho năm này." />
        )}
      </Card>
      <div id="muc-trinh-duyet" />
      {review.status && review.me !== undefined && (
        <>
          <ReviewCard year={year} status={review.status} me={review.me} openErrors={checks?.counts.error ?? 0} onChanged={reloadReview} />
          <CommentsCard year={year} status={review.status} me={review.me} doc={doc} picked={picked} onChanged={reloadReview} />
          <VersionsCard year={year} status={review.status} desktop={desktop} />
        </>
      )}
      {error && <Alert type="warning" showIcon title="Chưa xem trước được báo cáo" description={error} style={{ marginBottom: 24 }} />}
      {doc && missing > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={`Còn ${missing} chỗ chưa có số liệu (tô vàng trong bản xem trước); báo cáo vẫn tạo được nhưng sẽ ghi rõ “chưa có số liệu”.`}
        />
      )}
      {doc && (
        <Typography.Paragraph type="secondary" className="no-print" style={{ marginBottom: 8 }}>
          Bấm vào một số liệu (gạch chân chấm) trong bản xem trước để xem số đó lấy từ đơn vị, tệp và ô nào.
        </Typography.Paragraph>
      )}
      {!doc && !error && <Spin />}
      {review.status && review.status.state !== 'issued' && (
        <div className="review-print-mark" aria-hidden="true">
          <b>DỰ THẢO</b>
          {(review.status.state === 'submitted' || review.status.state === 'approved') && <i>Dự thảo lần {review.status.version}</i>}
        </div>
      )}
      {doc && (
        <div id="muc-xem-truoc" className="bc-preview-layout">
        <PreviewOutline doc={doc} scroller={previewBox} />
        <div
          className="bc-preview-scroll"
          style={{ background: '#e9ecef', padding: 24, cursor: canComment ? 'pointer' : undefined }}
          aria-label="Bản xem trước"
          title={canComment ? 'Bấm vào một đề mục hoặc đoạn văn để góp ý' : undefined}
          onClick={pick}
        >
          <FigureClick.Provider
            value={(r) =>
              r.figure && setSource({ code: r.figure.code, figureYear: r.figure.year, label: `số “${r.text}” trong báo cáo` })
            }
          >
            <ReportPreview doc={doc} />
          </FigureClick.Provider>
          {source && <ProvenanceDrawer year={year} target={source} onClose={() => setSource(null)} />}
        </div>
        </div>
      )}
    </div>
  );
}
