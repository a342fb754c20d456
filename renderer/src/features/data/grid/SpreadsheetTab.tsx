/** "Bảng tính": every unit × the indicators of one section, for one year or the whole period. */
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { Alert, Button, Empty, Flex, Segmented, Select, Space, Tag, Typography } from 'antd';
import { FileSearchOutlined, RedoOutlined, UndoOutlined, WarningOutlined } from '@ant-design/icons';
import { WHOLE_PERIOD } from '../../../../../shared/domain/records';
import type { FigureChange } from '../../../../../shared/rpc/figures';
import { matches } from '../../../lib/text';
import type { YearModel } from '../year-model';
import { ALL_SECTIONS, buildGrid, gridColumns, openingView, type FailingRule, type GridModel, type PreviousGrid } from './grid-model';
import { SheetGrid, type Notice, type SheetHandle } from './SheetGrid';
import { undoStackOf } from './undo';
import { ProvenanceDrawer, type ProvenanceTarget } from '../../imports/ProvenanceDrawer';
import { gridViewKey, takeGotoCell } from '../../checks/goto';

interface Props {
  model: YearModel;
  save(changes: FigureChange[]): Promise<number>;
}

interface View {
  section: string;
  year: number;
}

const MAX_LISTED = 60;

/**
 * The section and year the tab shows: the one last chosen for this year (kept across sessions), else the first
 * section and year that hold figures (openingView). A section whose indicators are all entered once for the
 * period is shown over the period, not as an empty year.
 */
function useView(model: YearModel): [View, (v: View) => void] {
  const key = gridViewKey(model.year);
  const [view, setView] = useState<View>(() => {
    try {
      const saved = JSON.parse(localStorage.getItem(key) ?? 'null') as View | null;
      const known = saved && (saved.section === ALL_SECTIONS || model.template.indicators.some((i) => i.section === saved.section));
      if (saved && known && (saved.year === WHOLE_PERIOD || model.years.includes(saved.year))) return saved;
    } catch {
      // A broken saved view is simply forgotten.
    }
    return openingView(model);
  });
  return [
    view,
    (v) => {
      const shown = gridColumns(model, v.section, v.year).length === 0 && gridColumns(model, v.section, WHOLE_PERIOD).length > 0 ? { ...v, year: WHOLE_PERIOD } : v;
      localStorage.setItem(key, JSON.stringify(shown));
      setView(shown);
    },
  ];
}

function FailingList({ grid, onJump }: { grid: GridModel; onJump(f: FailingRule): void }) {
  if (grid.failing.length === 0) return null;
  const shown = grid.failing.slice(0, MAX_LISTED);
  return (
    <section id="sheet-failing" aria-label="Số liệu chưa khớp" style={{ marginTop: 16 }}>
      <Typography.Title level={5} style={{ marginBottom: 8 }}>
        Số liệu chưa khớp trong phần đang xem ({grid.failing.length})
      </Typography.Title>
      <ul style={{ margin: 0, paddingLeft: 0, listStyle: 'none' }}>
        {shown.map((f, i) => (
          <li key={i} style={{ padding: '4px 0', borderBottom: '1px solid #eef0f3' }}>
            <Tag color={f.result.severity === 'error' ? 'red' : 'orange'}>{f.result.severity === 'error' ? 'Lỗi' : 'Cảnh báo'}</Tag>
            <Typography.Link onClick={() => onJump(f)}>{f.row < 0 ? 'Tổng cộng' : grid.rows[f.row].unit.name}</Typography.Link>
            <span>: {f.result.message}</span>
          </li>
        ))}
      </ul>
      {grid.failing.length > shown.length && <Typography.Text type="secondary">… và {grid.failing.length - shown.length} dòng khác.</Typography.Text>}
    </section>
  );
}

export function SpreadsheetTab({ model, save }: Props) {
  const [view, setView] = useView(model);
  const [notice, setNotice] = useState<Notice | null>(null);
  const sheet = useRef<SheetHandle>(null);
  const undo = undoStackOf(model.year);
  const [canUndo, canRedo] = useSyncExternalStore(
    (fn) => undo.subscribe(fn),
    () => `${undo.canUndo()}|${undo.canRedo()}`,
  )
    .split('|')
    .map((x) => x === 'true');
  // After a save the rows of the units not written are taken over from the previous grid (buildGrid).
  const prev = useRef<PreviousGrid | undefined>(undefined);
  const grid = useMemo(() => buildGrid(model, view.section, view.year, prev.current), [model, view.section, view.year]);
  useEffect(() => {
    prev.current = { grid, modelId: model.id, sectionId: view.section, year: view.year };
  }, [grid, model.id, view.section, view.year]);
  const [cursor, setCursor] = useState<{ r: number; c: number } | null>(null);
  const [source, setSource] = useState<ProvenanceTarget | null>(null);
  const onCursor = useCallback((r: number, c: number) => setCursor({ r, c }), []);
  // A finding of the Kiểm tra page may point at a cell: focus it once the grid is drawn.
  useEffect(() => {
    const g = takeGotoCell();
    if (!g) return;
    const c = grid.columns.findIndex((col) => col.ind.code === g.code);
    const r = g.unitId === undefined ? -1 : grid.rows.findIndex((row) => row.unit.id === g.unitId);
    if (c < 0) return;
    const timer = setTimeout(() => sheet.current?.focusCell(Math.max(r, 0), c), 50);
    return () => clearTimeout(timer);
    // Only once, when the tab opens.
  }, []);
  const here = cursor && grid.rows[cursor.r] && grid.columns[cursor.c] ? { row: grid.rows[cursor.r], col: grid.columns[cursor.c] } : null;

  const owning = new Set(model.template.indicators.map((i) => i.section));
  const sectionOptions = [
    { value: ALL_SECTIONS, label: 'Tất cả các mục' },
    ...model.sections.filter((s) => owning.has(s.section.id)).map((s) => ({ value: s.section.id, label: s.title })),
  ];
  const yearOptions = [
    // A year is offered when the section has indicators entered by year.
    ...model.years.map((y) => ({ value: y, label: `Năm ${y}`, disabled: gridColumns(model, view.section, y).length === 0 })),
    { value: WHOLE_PERIOD, label: `Cả kỳ ${model.period.fromYear} - ${model.period.toYear}` },
  ];
  const where = view.year === WHOLE_PERIOD ? `cả kỳ ${model.period.fromYear} - ${model.period.toYear}` : `năm ${view.year}`;

  return (
    <div>
      <Flex gap={16} wrap align="center" style={{ marginBottom: 12 }}>
        <Select
          aria-label="Mục của đề cương"
          style={{ width: 460, maxWidth: '100%' }}
          value={view.section}
          options={sectionOptions}
          showSearch={{ filterOption: (input, opt) => matches(input, String(opt?.label ?? '')) }}
          onChange={(section: string) => setView({ ...view, section })}
        />
        <Segmented aria-label="Năm số liệu" value={view.year} options={yearOptions} onChange={(year) => setView({ ...view, year: Number(year) })} />
        <Space.Compact>
          <Button icon={<UndoOutlined />} disabled={!canUndo} title="Hoàn tác lần sửa vừa lưu (Ctrl+Z)" onClick={() => sheet.current?.undoRedo('undo')}>
            Hoàn tác
          </Button>
          <Button icon={<RedoOutlined />} disabled={!canRedo} title="Làm lại (Ctrl+Y)" onClick={() => sheet.current?.undoRedo('redo')}>
            Làm lại
          </Button>
        </Space.Compact>
        {here && (
          <Button
            icon={<FileSearchOutlined />}
            onClick={() =>
              setSource({
                code: here.col.ind.code,
                label: here.col.ind.label,
                figureYear: here.col.figureYear,
                unitId: here.row.unit.id,
                unitName: here.row.unit.name,
              })
            }
          >
            Nguồn số liệu ô đang chọn
          </Button>
        )}
        {here && (
          <Button onClick={() => setSource({ code: here.col.ind.code, label: here.col.ind.label, figureYear: view.year })}>Nguồn của cả cột</Button>
        )}
        {grid.failing.length > 0 && (
          <Button danger icon={<WarningOutlined />} onClick={() => document.getElementById('sheet-failing')?.scrollIntoView({ behavior: 'smooth' })}>
            {grid.failing.length} chỗ chưa khớp
          </Button>
        )}
      </Flex>
      {notice && (
        <Alert
          type={notice.type}
          showIcon
          title={notice.text}
          closable={{ onClose: () => setNotice(null) }}
          action={
            notice.action && (
              <Button size="small" onClick={notice.action.run}>
                {notice.action.label}
              </Button>
            )
          }
          style={{ marginBottom: 12 }}
        />
      )}
      {grid.columns.length === 0 ? (
        <Empty
          description={
            view.year === WHOLE_PERIOD
              ? 'Mục này không có chỉ tiêu nào.'
              : `Các chỉ tiêu của mục này nhập một lần cho cả kỳ, không theo từng năm. Hãy chọn “Cả kỳ ${model.period.fromYear} - ${model.period.toYear}”.`
          }
        />
      ) : (
        <>
          <SheetGrid
            ref={sheet}
            grid={grid}
            label={`Bảng tính số liệu ${where}`}
            save={save}
            values={model.figureMap}
            undo={undo}
            notify={setNotice}
            onCursor={onCursor}
          />
          <div className="sheet-legend">
            <span>
              <span className="swatch" style={{ background: '#fff' }} />Ô nhập được: gõ số rồi Enter (F2 để sửa); dán khối từ Excel bằng Ctrl+V; Ctrl+Z hoàn tác, Ctrl+Y làm lại
            </span>
            <span>
              <span className="swatch" style={{ background: '#f5f6f8' }} />Tính tự động
            </span>
            <span>
              <span className="swatch" style={{ background: '#e9ecf0' }} />Đơn vị không báo cáo chỉ tiêu này
            </span>
            <span>
              <span className="swatch" style={{ background: '#ffe9e8', borderColor: '#e5484d' }} />Số liệu chưa khớp (di chuột vào ô để xem lý do)
            </span>
          </div>
          <FailingList grid={grid} onJump={(f) => sheet.current?.focusCell(f.row, f.col)} />
          {source && <ProvenanceDrawer year={model.year} target={source} onClose={() => setSource(null)} />}
        </>
      )}
    </div>
  );
}
