/**
 * "Đơn vị": the units that report this year — add, rename, change kind, move up or down or drag a row to its place
 * (the order of the report and its appendices), stop or resume, delete when unused, import from Excel or download a blank list to fill.
 */
import { useEffect, useRef, useState } from 'react';
import { App, Button, Card, Input, Popconfirm, Select, Skeleton, Space, Table, Tag } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, DownloadOutlined, HolderOutlined } from '@ant-design/icons';
import { downloadBase64 } from '../../lib/download';
import { UNIT_KIND_LABELS, type UnitKind } from '../../../../shared/domain/template';
import type { UnitDto } from '../../../../shared/domain/records';
import { rpc } from '../../../../shared/rpc';
import { call } from '../../lib/rpc';
import { errorText, matches } from '../../lib/text';
import { orderUnits } from '../data/year-model';
import { KIND_OPTIONS, UnitAddForm } from './UnitAddForm';
import { UnitImport } from './UnitImport';
import { ReadOnlyWhenLocked, useYearLocked } from '../review/ReadOnlyWhenLocked';
import { UnitNameCell } from './UnitNameCell';
import { UnitLinkButton, UnitLinkTag, useUnitLinks } from './UnitLinks';
import { PageHeader } from '../../components/PageHeader';

export function UnitsPage({ year, onChanged }: { year: number; onChanged(): void }) {
  const { message } = App.useApp();
  const [units, setUnits] = useState<UnitDto[] | null>(null);
  const [query, setQuery] = useState('');
  const links = useUnitLinks(year);
  const locked = useYearLocked(year);
  // The unit being dragged, and the row it is over (drawn with a line where it will land).
  const dragged = useRef<UnitDto | null>(null);
  const [over, setOver] = useState<number | null>(null);

  useEffect(() => {
    call(rpc.units.list, { year })
      .then(setUnits)
      .catch((e) => message.error(errorText(e)));
  }, [year, message]);

  const replaceAll = (list: UnitDto[]) => (setUnits(list), onChanged());
  const put = (u: UnitDto) => setUnits((us) => (us ? (us.some((x) => x.id === u.id) ? us.map((x) => (x.id === u.id ? u : x)) : [...us, u]) : us));

  async function update(u: UnitDto, patch: { name?: string; kind?: UnitKind; active?: boolean }, done: string): Promise<boolean> {
    try {
      put(await call(rpc.units.update, { year, id: u.id, ...patch }));
      message.success(done);
      onChanged();
      return true;
    } catch (e) {
      message.error(errorText(e));
      return false;
    }
  }

  async function move(u: UnitDto, direction: 'up' | 'down') {
    try {
      setUnits(await call(rpc.units.move, { year, id: u.id, direction }));
      onChanged();
    } catch (e) {
      message.error(errorText(e));
    }
  }

  /** Where the dragged unit would land on `u`: a line below it when moving down, above it when moving up. */
  function landingLine(u: UnitDto): React.CSSProperties {
    const from = dragged.current && units ? units.findIndex((x) => x.id === dragged.current!.id) : -1;
    const pos = units ? units.findIndex((x) => x.id === u.id) : -1;
    if (from < 0 || from === pos) return {};
    return { boxShadow: from < pos ? 'inset 0 -3px 0 #1677ff' : 'inset 0 3px 0 #1677ff' };
  }

  async function moveOnto(u: UnitDto, onto: UnitDto) {
    if (u.id === onto.id || onto.kind === 'office') return;
    try {
      setUnits(await call(rpc.units.moveOnto, { year, id: u.id, onto: onto.id }));
      message.success(`Đã chuyển ${u.name} đến vị trí của ${onto.name}.`);
      onChanged();
    } catch (e) {
      message.error(errorText(e));
    }
  }

  async function remove(u: UnitDto) {
    try {
      await call(rpc.units.remove, { year, id: u.id });
      setUnits((us) => us?.filter((x) => x.id !== u.id) ?? us);
      message.success(`Đã xóa ${u.name}.`);
      onChanged();
    } catch (e) {
      message.error(errorText(e));
    }
  }

  if (!units) return <Skeleton active />;
  const shown = orderUnits(units).filter((u) => matches(query, u.code, u.name, UNIT_KIND_LABELS[u.kind]));
  const active = units.filter((u) => u.active).length;

  return (
    <ReadOnlyWhenLocked year={year}>
      <div style={{ maxWidth: 1400 }}>
        <PageHeader
          title={`Đơn vị năm ${year}`}
          sub="Các cơ quan, đơn vị, phường, xã báo cáo số liệu. Đơn vị ngừng báo cáo vẫn giữ số liệu đã nhập nhưng không được cộng vào tổng."
          sections={[
            { id: 'muc-them-don-vi', title: 'Thêm đơn vị' },
            { id: 'muc-danh-sach-don-vi', title: 'Danh sách đơn vị' },
          ]}
        />
        <Card id="muc-them-don-vi" title="Thêm đơn vị" style={{ marginBottom: 16 }}>
          <UnitAddForm year={year} onAdded={(u) => (put(u), onChanged())} />
          <Space style={{ marginTop: 16 }} align="start" wrap>
            <UnitImport year={year} onImported={replaceAll} />
            <Button icon={<DownloadOutlined />} onClick={() => void call(rpc.units.template, {}).then((t) => downloadBase64(t.name, t.base64), (e) => message.error(errorText(e)))}>
              Tải mẫu danh sách đơn vị
            </Button>
          </Space>
        </Card>
        <Card
          id="muc-danh-sach-don-vi"
          title={`Danh sách đơn vị (${active} đang báo cáo / ${units.length})`}
          extra={<Input.Search disabled={false} allowClear aria-label="Tìm đơn vị" placeholder="Tìm theo mã, tên, loại" style={{ width: 280 }} onChange={(e) => setQuery(e.target.value)} />}
        >
          <Table<UnitDto>
            rowKey="id"
            size="middle"
            dataSource={shown}
            pagination={false}
            onRow={(u) => {
              // Rows are dragged to their place in the report's order (not while searching, not the compiling office).
              const canDrag = !locked && !query && u.kind !== 'office';
              const line = over === u.id ? landingLine(u) : {};
              return {
                'data-unit-row': u.code,
                draggable: canDrag,
                style: { ...(u.active ? {} : { color: '#9ca3af', background: '#fafafa' }), ...line },
                onDragStart: (e: React.DragEvent) => {
                  dragged.current = u;
                  e.dataTransfer.effectAllowed = 'move';
                  e.dataTransfer.setData('text/plain', u.code);
                },
                onDragOver: (e: React.DragEvent) => {
                  if (!dragged.current || u.kind === 'office' || query) return;
                  e.preventDefault();
                  if (over !== u.id) setOver(u.id);
                },
                onDragEnd: () => ((dragged.current = null), setOver(null)),
                onDrop: (e: React.DragEvent) => {
                  e.preventDefault();
                  const d = dragged.current;
                  dragged.current = null;
                  setOver(null);
                  if (d) void moveOnto(d, u);
                },
              } as React.HTMLAttributes<HTMLElement>;
            }}
            locale={{ emptyText: units.length ? 'Không có đơn vị nào khớp.' : 'Chưa có đơn vị nào. Thêm ở trên hoặc nhập từ Excel.' }}
            columns={[
              {
                title: '',
                key: 'drag',
                width: 36,
                render: (_, u) =>
                  u.kind !== 'office' && !query && !locked ? (
                    <HolderOutlined style={{ cursor: 'grab', color: '#8c8c8c' }} title="Kéo thả dòng này để đổi thứ tự trong báo cáo và phụ lục" aria-label={`Kéo ${u.code} để đổi thứ tự`} />
                  ) : null,
              },
              { title: 'Mã', dataIndex: 'code', width: 120 },
              {
                title: 'Tên đơn vị',
                key: 'name',
                render: (_, u) => (
                  <>
                    <UnitNameCell unit={u} onRename={(name) => update(u, { name }, `Đã đổi tên thành “${name}”.`)} />
                    <UnitLinkTag link={links.linkOf(u.id)} />
                  </>
                ),
              },
              {
                title: 'Loại',
                key: 'kind',
                width: 230,
                render: (_, u) => (
                  <Select
                    aria-label={`Loại của đơn vị ${u.code}`}
                    variant="borderless"
                    style={{ width: 210 }}
                    value={u.kind}
                    options={KIND_OPTIONS}
                    onChange={(kind: UnitKind) => void update(u, { kind }, `Đã đổi loại của ${u.name} thành ${UNIT_KIND_LABELS[kind].toLowerCase()}.`)}
                  />
                ),
              },
              {
                title: 'Trạng thái',
                key: 'state',
                width: 220,
                render: (_, u) => (
                  <>
                    {u.active ? <Tag color="green">Đang báo cáo</Tag> : <Tag>Ngừng báo cáo</Tag>}
                    {u.sample && <Tag color="gold">dữ liệu mẫu</Tag>}
                  </>
                ),
              },
              {
                title: '',
                key: 'actions',
                width: 290,
                render: (_, u) => (
                  <Space size={4}>
                    {u.kind !== 'office' && !query && (
                      <>
                        <Button size="small" icon={<ArrowUpOutlined />} aria-label={`Chuyển ${u.code} lên`} title="Chuyển lên (thứ tự trong báo cáo và phụ lục)" onClick={() => void move(u, 'up')} />
                        <Button size="small" icon={<ArrowDownOutlined />} aria-label={`Chuyển ${u.code} xuống`} title="Chuyển xuống" onClick={() => void move(u, 'down')} />
                      </>
                    )}
                    <Button size="small" aria-label={`${u.active ? 'Ngừng báo cáo' : 'Báo cáo lại'} ${u.code}`} onClick={() => void update(u, { active: !u.active }, u.active ? `${u.name} đã ngừng báo cáo.` : `${u.name} báo cáo trở lại.`)}>
                      {u.active ? 'Ngừng báo cáo' : 'Báo cáo lại'}
                    </Button>
                    <UnitLinkButton year={year} unit={u} units={units} link={links.linkOf(u.id)} onSaved={(l) => (links.saved(u.id, l), onChanged())} />
                    <Popconfirm
                      title={`Xóa ${u.name}?`}
                      description="Chỉ xóa được đơn vị chưa có số liệu, báo cáo đã nhập hay danh sách; đơn vị đã có dữ liệu thì chọn “Ngừng báo cáo”."
                      okText="Xóa"
                      cancelText="Không"
                      onConfirm={() => void remove(u)}
                    >
                      <Button size="small" danger icon={<DeleteOutlined />} aria-label={`Xóa ${u.code}`} />
                    </Popconfirm>
                  </Space>
                ),
              },
            ]}
          />
        </Card>
      </div>
    </ReadOnlyWhenLocked>
  );
}
