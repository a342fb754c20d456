/** "Số liệu": the office's own figures, the spreadsheet of all units, the lists and the narrative. */
import { useEffect, useState, type ReactNode } from 'react';
import { Alert, Skeleton, Tabs } from 'antd';
import type { YearDto } from '../../../../shared/rpc/years';
import { TemplateCard } from '../template/TemplateCard';
import { SpreadsheetTab } from './grid/SpreadsheetTab';
import { ListsTab } from './lists/ListsTab';
import { NarrativeTab } from './narrative/NarrativeTab';
import { OfficeTab } from './office/OfficeTab';
import { ReadOnlyWhenLocked } from '../review/ReadOnlyWhenLocked';
import { useYearData } from './use-year-data';
import { CompareView } from '../compare/CompareView';
import { PageHeader } from '../../components/PageHeader';

const TABS = [
  { key: 'co-quan', label: 'Số liệu của cơ quan' },
  { key: 'bang-tinh', label: 'Bảng tính' },
  { key: 'danh-sach', label: 'Danh sách' },
  { key: 'loi-van', label: 'Lời văn' },
  { key: 'so-sanh', label: 'So sánh các năm' },
] as const;
type TabKey = (typeof TABS)[number]['key'];

const LAST_TAB = 'tonghop-so-lieu-tab';

/**
 * The tab is the third part of the address (#/2024/so-lieu/bang-tinh), so that a reload keeps it; coming back
 * through the menu (no tab in the address) reopens the tab last used on this computer.
 */
function fromHash(): TabKey {
  const part = window.location.hash.replace(/^#\/?/, '').split('/')[2] ?? localStorage.getItem(LAST_TAB);
  return TABS.find((t) => t.key === part)?.key ?? 'co-quan';
}

function useTab(): [TabKey, (t: TabKey) => void] {
  const [tab, setTab] = useState<TabKey>(fromHash);
  useEffect(() => {
    const on = () => setTab(fromHash());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return [
    tab,
    (t) => {
      const [year, area] = window.location.hash.replace(/^#\/?/, '').split('/');
      history.replaceState(null, '', `#/${year}/${area}/${t}`);
      localStorage.setItem(LAST_TAB, t);
      setTab(t);
    },
  ];
}

export function DataPage({ year, onYearChanged }: { year: YearDto; onYearChanged(): void | Promise<void> }) {
  const yd = useYearData(year.year);
  const [tab, setTab] = useTab();
  useEffect(() => localStorage.setItem(LAST_TAB, tab), [tab]);

  if (yd.error) return <Alert type="error" showIcon title="Chưa tải được số liệu" description={yd.error} />;
  if (!yd.data) return <Skeleton active />;
  const { model } = yd;
  if (!model)
    return (
      <div style={{ maxWidth: 1000 }}>
        <PageHeader title={`Số liệu năm ${year.year}`} />
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title="Năm này chưa chọn mẫu báo cáo. Hãy chọn mẫu và kỳ báo cáo để bắt đầu nhập số liệu." />
        <TemplateCard year={year} onChosen={async () => (await yd.reload(), await onYearChanged())} />
      </div>
    );

  const panes: Record<TabKey, ReactNode> = {
    'co-quan': (
      <ReadOnlyWhenLocked year={year.year}>
        <OfficeTab model={model} save={yd.saveFigures} />
      </ReadOnlyWhenLocked>
    ),
    'bang-tinh': <SpreadsheetTab model={model} save={yd.saveFigures} />,
    'danh-sach': (
      <ReadOnlyWhenLocked year={year.year}>
        <ListsTab model={model} />
      </ReadOnlyWhenLocked>
    ),
    'loi-van': <NarrativeTab model={model} onSaved={yd.setNarrative} />,
    'so-sanh': <CompareView year={year.year} />,
  };
  return (
    <div>
      <PageHeader
        title={`Số liệu năm ${year.year}`}
        sub={`${model.template.name} · kỳ báo cáo ${model.period.fromYear} - ${model.period.toYear} · ${model.units.length} đơn vị đang báo cáo`}
      />
      <Tabs activeKey={tab} onChange={(k) => setTab(k as TabKey)} items={TABS.map((t) => ({ key: t.key, label: t.label, children: panes[t.key] }))} />
    </div>
  );
}
