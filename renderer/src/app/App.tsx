import { createElement, useCallback, useEffect, useState, type ComponentType } from 'react';
import { Alert, App as AntApp, Badge, ConfigProvider, Layout, Menu, Select, Space, Spin, Typography } from 'antd';
import viVN from 'antd/locale/vi_VN';
import type { AppInfoDto } from '../../../shared/rpc/app';
import type { YearDto } from '../../../shared/rpc/years';
import { rpc } from '../../../shared/rpc';
import { call } from '../lib/rpc';
import { AREAS, onPageChange, useRoute, type AreaKey } from './routes';
import { askEarly } from '../lib/year-data-early';
import { whenIdle } from '../lib/idle';
import { YearsPage } from '../features/years/YearsPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { NotBuilt } from '../features/not-built/NotBuilt';
import { WorkspacePicker } from '../features/years/WorkspacePicker';
import { useCheckCounts } from '../features/checks/use-check-counts';
import { LockBanner } from '../features/review/LockBanner';
import { UnsavedPrompt } from '../components/UnsavedPrompt';
import { useScrollMemory } from '../lib/scroll-memory';

const { Header, Sider, Content } = Layout;

/**
 * A page in its own chunk (a smaller first download and parse), fetched once the shell is idle, or as soon as the
 * address moves to it. A page opened before its chunk is there shows a spinner until it is, then itself: not through
 * Suspense, whose content React reveals no sooner than 300 ms after its fallback showed, even when the chunk came
 * within milliseconds (a page opened right after the app started). Whether it is ready is decided when the page
 * mounts, so a mounted page is never swapped for another type.
 */
function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>): { Page: ComponentType<P>; preload(): void } {
  let ready: ComponentType<P> | null = null;
  let loading: Promise<ComponentType<P>> | null = null;
  const get = () => (loading ??= load().then((c) => (ready = c)));
  function Page(props: P) {
    const [C, setC] = useState<ComponentType<P> | null>(() => ready);
    const [failed, setFailed] = useState<{ error: unknown } | null>(null);
    useEffect(() => {
      if (!C) get().then((c) => setC(() => c), (error: unknown) => setFailed({ error }));
    }, [C]);
    // As React.lazy does with a chunk that cannot be loaded.
    if (failed) throw failed.error;
    return C ? createElement(C, props) : <Spin style={{ display: 'block', margin: 48 }} />;
  }
  return { Page, preload: () => void get().catch(() => undefined) };
}

const pages = {
  units: lazyPage(() => import('../features/units/UnitsPage').then((m) => m.UnitsPage)),
  data: lazyPage(() => import('../features/data/DataPage').then((m) => m.DataPage)),
  report: lazyPage(() => import('../features/report/ReportPage').then((m) => m.ReportPage)),
  imports: lazyPage(() => import('../features/imports/ImportPage').then((m) => m.ImportPage)),
  checks: lazyPage(() => import('../features/checks/ChecksPage').then((m) => m.ChecksPage)),
  archive: lazyPage(() => import('../features/archive/ArchivePage').then((m) => m.ArchivePage)),
};
const UnitsPage = pages.units.Page;
const DataPage = pages.data.Page;
const ReportPage = pages.report.Page;
const ImportPage = pages.imports.Page;
const ChecksPage = pages.checks.Page;
const ArchivePage = pages.archive.Page;

/** The page of each area that has a chunk of its own. */
const PAGE_OF: Partial<Record<AreaKey, { preload(): void }>> = {
  'don-vi': pages.units,
  'so-lieu': pages.data,
  'bao-cao': pages.report,
  'nhap-excel': pages.imports,
  'kiem-tra': pages.checks,
  'luu-tru': pages.archive,
};

onPageChange((to) => {
  if (to.area === 'so-lieu' && to.year) askEarly(rpc.figures.yearData, to.year);
  if (to.area === 'bao-cao' && to.year) askEarly(rpc.report.preview, to.year);
  PAGE_OF[to.area]?.preload();
});

/** Fetches every page's chunk when the browser has nothing else to do, most used first. */
function preloadPages(): () => void {
  return whenIdle(() => [pages.data, pages.report, pages.imports, pages.units, pages.checks, pages.archive].forEach((p) => p.preload()));
}

/** Screens that edit the year's data: they show the "Đã duyệt — chỉ xem" banner while the year is locked. */
const EDITING = new Set<AreaKey>(['cai-dat', 'don-vi', 'so-lieu', 'nhap-excel']);
/** A sealed year says so on the report and checks screens too: nothing of it changes until the seal is opened. */
const SEALED_TOO = new Set<AreaKey>(['bao-cao', 'kiem-tra']);

const contentElement = () => document.querySelector<HTMLElement>('.app-content');

const BUILT = new Set<AreaKey>(['nam', 'cai-dat', 'don-vi', 'so-lieu', 'nhap-excel', 'bao-cao', 'kiem-tra', 'luu-tru']);

export function App() {
  return (
    <ConfigProvider locale={viVN} theme={{ token: { colorPrimary: '#1f5fa8', fontSize: 15 } }}>
      <AntApp>
        <Shell />
        <UnsavedPrompt />
      </AntApp>
    </ConfigProvider>
  );
}

function Shell() {
  const [route, go] = useRoute();
  const [info, setInfo] = useState<AppInfoDto | null>(null);
  const [years, setYears] = useState<YearDto[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const scrollPage = route.year ? `${route.year}/${route.area}` : route.area;
  useScrollMemory(contentElement, scrollPage);
  const [checkCounts, setCheckCounts] = useCheckCounts(route.year && route.area !== 'nam' ? route.year : null, route.area);

  const reload = useCallback(async () => {
    try {
      const i = await call(rpc.app.info, {});
      setInfo(i);
      setYears(i.workspace ? await call(rpc.years.list, {}) : []);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  useEffect(preloadPages, []);

  if (error) return <Alert type="error" showIcon title="Không kết nối được với ứng dụng" description={error} style={{ margin: 24 }} />;
  if (!info || !years) return <Spin size="large" style={{ display: 'block', marginTop: 120 }} />;
  if (!info.workspace) return <WorkspacePicker onChosen={reload} />;

  const current = route.year && years.some((y) => y.year === route.year) ? route.year : null;
  const area: AreaKey = current ? route.area : 'nam';
  const yearDto = years.find((y) => y.year === current) ?? null;
  const badge = (key: AreaKey, label: string) =>
    key === 'kiem-tra' && checkCounts && checkCounts.error + checkCounts.warning > 0 ? (
      <span>
        {label}{' '}
        <Badge
          count={checkCounts.error || checkCounts.warning}
          color={checkCounts.error ? '#d4380d' : '#d48806'}
          title={`${checkCounts.error} lỗi, ${checkCounts.warning} cảnh báo`}
          aria-label={`${checkCounts.error} lỗi, ${checkCounts.warning} cảnh báo`}
        />
      </span>
    ) : (
      label
    );

  return (
    // The window does not scroll: the menu stays put and each page scrolls in the content area under its sticky header.
    <Layout className="app-shell">
      <Header style={{ display: 'flex', alignItems: 'center', gap: 24, background: '#123a66', paddingInline: 24 }}>
        <Typography.Title level={4} style={{ color: '#fff', margin: 0, whiteSpace: 'nowrap' }}>
          Tổng hợp báo cáo
        </Typography.Title>
        <Space style={{ marginLeft: 'auto' }}>
          <span style={{ color: '#dbe6f3' }}>Năm dữ liệu:</span>
          <Select
            aria-label="Chọn năm dữ liệu"
            style={{ width: 160 }}
            placeholder="Chọn năm"
            value={current ?? undefined}
            options={years.map((y) => ({ value: y.year, label: `Năm ${y.year}` }))}
            onChange={(y: number) => go({ year: y, area: area === 'nam' ? 'cai-dat' : area })}
            notFoundContent="Chưa có năm nào"
          />
        </Space>
      </Header>
      <Layout className="app-body">
        <Sider width={220} theme="light" className="app-sider" style={{ borderRight: '1px solid #e5e7eb' }}>
          <Menu
            mode="inline"
            selectedKeys={[area]}
            style={{ borderInlineEnd: 'none', paddingTop: 8 }}
            items={AREAS.map((a) => ({ key: a.key, label: badge(a.key, a.label), disabled: a.key !== 'nam' && !current }))}
            onClick={(e) => go({ year: current, area: e.key as AreaKey })}
          />
          <div style={{ padding: 16, color: '#6b7280', fontSize: 12, wordBreak: 'break-all' }}>
            Thư mục làm việc:
            <br />
            {info.workspace}
          </div>
        </Sider>
        <Content className="app-content">
          {yearDto && (EDITING.has(area) || (yearDto.sealed && SEALED_TOO.has(area))) && <LockBanner key={`${yearDto.year}-${area}`} year={yearDto.year} />}
          {area === 'nam' && (
            <YearsPage years={years} onCreated={async (y) => (await reload(), go({ year: y, area: 'cai-dat' }))} onOpen={(y) => go({ year: y, area: 'cai-dat' })} />
          )}
          {area === 'cai-dat' && yearDto && <SettingsPage key={yearDto.year} year={yearDto} onYearChanged={reload} />}
          {area === 'don-vi' && yearDto && <UnitsPage key={yearDto.year} year={yearDto.year} onChanged={() => void reload()} />}
          {area === 'so-lieu' && yearDto && <DataPage key={yearDto.year} year={yearDto} onYearChanged={reload} />}
          {area === 'nhap-excel' && yearDto && <ImportPage key={yearDto.year} year={yearDto.year} desktop={info.host === 'electron'} />}
          {area === 'bao-cao' && yearDto && <ReportPage key={yearDto.year} year={yearDto.year} desktop={info.host === 'electron'} onCounts={setCheckCounts} />}
          {area === 'kiem-tra' && yearDto && <ChecksPage key={yearDto.year} year={yearDto.year} onCounts={setCheckCounts} />}
          {area === 'luu-tru' && yearDto && <ArchivePage key={yearDto.year} year={yearDto.year} onChanged={() => void reload()} />}
          {!BUILT.has(area) && current && <NotBuilt area={area} year={yearDto} />}
        </Content>
      </Layout>
    </Layout>
  );
}
