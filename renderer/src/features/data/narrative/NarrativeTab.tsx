/**
 * "Lời văn": the narrative of each outline section. Drafts are kept per section until saved, so moving to
 * another section loses nothing; each section is saved with its own button.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Alert, App, Button, Card, Col, Empty, Flex, Popconfirm, Row, Space, Tag, Tree, Typography } from 'antd';
import { PlusOutlined, SaveOutlined, UndoOutlined } from '@ant-design/icons';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { narrativeSections, type NarrativeBlock, type Section } from '../../../../../shared/domain/template';
import { rpc } from '../../../../../shared/rpc';
import { call } from '../../../lib/rpc';
import { errorText } from '../../../lib/text';
import type { YearModel } from '../year-model';
import { BlockEditor } from './BlockEditor';
import { PlaceholderPicker } from './PlaceholderPicker';
import { UnitNotes } from './UnitNotes';
import type { UnitNoteDto } from '../../../../../shared/rpc/imports';
import { peekGoto, takeGoto } from '../../checks/goto';
import { SectionComments } from '../../review/CommentsCard';
import { ReadOnlyWhenLocked } from '../../review/ReadOnlyWhenLocked';
import { joinLabels, useUnsaved } from '../../../lib/unsaved';
import { readDrafts, writeDraft, type NarrativeDraft } from './narrative-drafts';
import { formatDateTime } from '../../../../../shared/format/date';
import './narrative.css';

interface Props {
  model: YearModel;
  onSaved(sectionId: string, blocks: NarrativeBlock[]): void;
}

interface Caret {
  index: number;
  start: number;
  end: number;
}

interface TreeNode {
  key: string;
  title: ReactNode;
  children: TreeNode[];
}

const same = (a: NarrativeBlock[], b: NarrativeBlock[]) => JSON.stringify(a) === JSON.stringify(b);

export function NarrativeTab({ model, onSaved }: Props) {
  const { message } = App.useApp();
  // A finding of the Kiểm tra page may have sent the clerk here: open its section.
  const [sectionId, setSectionId] = useState(() => {
    const g = peekGoto();
    return g && model.narrativeSections.some((s) => s.section.id === g.sectionId) ? g.sectionId : (model.sections[0]?.section.id ?? model.narrativeSections[0]?.section.id ?? '');
  });
  const [drafts, setDrafts] = useState<Record<string, NarrativeBlock[]>>({});
  const [saving, setSaving] = useState(false);
  const caret = useRef<Caret | null>(null);
  const [activeIndex, setActiveIndex] = useState<number | null>(null);
  const areas = useRef<(TextAreaRef | null)[]>([]);
  const pendingCaret = useRef<{ index: number; at: number } | null>(null);
  const [notes, setNotes] = useState<UnitNoteDto[]>([]);
  useEffect(() => {
    call(rpc.imports.notes, { year: model.year }).then(setNotes, () => undefined);
  }, [model.year]);

  const info = model.narrativeSections.find((s) => s.section.id === sectionId);
  const saved = (s: Section) => model.data.narratives[s.id] ?? s.narrative;
  const isDirty = (s: Section) => drafts[s.id] !== undefined && !same(drafts[s.id], saved(s));
  const unsaved = model.narrativeSections.filter((s) => isDirty(s.section));
  const editorRef = useRef<HTMLDivElement>(null);

  // Drafts left on this computer by an earlier session (a crash, a closed window) that differ from the saved text.
  const templateId = model.template.id;
  const [offer, setOffer] = useState<Record<string, NarrativeDraft>>(() => {
    const found = readDrafts(model.year, templateId);
    const out: Record<string, NarrativeDraft> = {};
    for (const [id, d] of Object.entries(found)) {
      const s = model.narrativeSections.find((x) => x.section.id === id)?.section;
      if (s && !same(d.blocks, model.data.narratives[id] ?? s.narrative)) out[id] = d;
      else writeDraft(model.year, templateId, id, null);
    }
    return out;
  });
  // Every keystroke of unsaved text is kept on this computer until saved or dropped.
  useEffect(() => {
    for (const s of model.narrativeSections) {
      const d = drafts[s.section.id];
      if (d === undefined) continue;
      const base = saved(s.section);
      writeDraft(model.year, templateId, s.section.id, same(d, base) ? null : { blocks: d, base, at: new Date().toISOString() });
    }
    // saved() reads the model, which changes with it.
  }, [drafts, model]);

  // Leaving the page, the app or the window with unsaved text asks first; Ctrl+S saves the text in view.
  useUnsaved(unsaved.length > 0, {
    label: `lời văn ${joinLabels(unsaved.map((s) => titleOf(s.section)))}`,
    save: async () => {
      for (const s of unsaved) if (!(await saveSection(s.section, drafts[s.section.id]))) return false;
      return true;
    },
    discard: () => {
      for (const s of unsaved) writeDraft(model.year, templateId, s.section.id, null);
      setDrafts({});
    },
    scope: () => editorRef.current,
  });

  // After an insertion, put the caret just after the inserted placeholder.
  useEffect(() => {
    const p = pendingCaret.current;
    if (!p) return;
    pendingCaret.current = null;
    const el = areas.current[p.index]?.resizableTextArea?.textArea;
    if (el) {
      el.focus();
      el.setSelectionRange(p.at, p.at);
    }
  });

  // …and select the sentence of the finding in its paragraph (the index counts printed, non-empty paragraphs).
  useEffect(() => {
    const g = takeGoto();
    if (!g || g.sectionId !== sectionId) return;
    const s = model.narrativeSections.find((x) => x.section.id === g.sectionId)?.section;
    if (!s) return;
    const printed = (model.data.narratives[s.id] ?? s.narrative).map((b, i) => ({ b, i })).filter(({ b }) => b.text.trim() !== '');
    const target = printed[g.paragraph];
    if (!target) return;
    setActiveIndex(target.i);
    const timer = setTimeout(() => {
      const el = areas.current[target.i]?.resizableTextArea?.textArea;
      if (!el) return;
      el.scrollIntoView({ block: 'center' });
      el.focus();
      const at = g.find ? target.b.text.indexOf(g.find) : -1;
      if (at >= 0) el.setSelectionRange(at, at + g.find.length);
    }, 50);
    return () => clearTimeout(timer);
    // Only once, when the tab opens.
  }, []);

  async function saveSection(s: Section, text: NarrativeBlock[]): Promise<boolean> {
    setSaving(true);
    try {
      const r = await call(rpc.templates.saveNarrative, { year: model.year, sectionId: s.id, blocks: text });
      onSaved(r.sectionId, r.blocks);
      writeDraft(model.year, templateId, s.id, null);
      setDrafts((d) => {
        const { [s.id]: _, ...rest } = d;
        return rest;
      });
      message.success(`Đã lưu lời văn ${titleOf(s)}.`);
      return true;
    } catch (e) {
      message.error(`Chưa lưu được lời văn ${titleOf(s)}: ${errorText(e)}`);
      return false;
    } finally {
      setSaving(false);
    }
  }

  // "mục 2.2. Kết quả …" for a section, "đoạn mở đầu" or "đoạn kết" for the body's own paragraphs; no double period.
  function titleOf(s: Section): string {
    const t = (model.narrativeSections.find((x) => x.section.id === s.id)?.title ?? s.heading).replace(/\.$/, '');
    return s.number ? `mục ${t}` : t.charAt(0).toLowerCase() + t.slice(1);
  }

  function restoreDrafts() {
    setDrafts((d) => ({ ...d, ...Object.fromEntries(Object.entries(offer).map(([id, x]) => [id, x.blocks])) }));
    const first = model.narrativeSections.find((x) => offer[x.section.id]);
    if (first) setSectionId(first.section.id);
    setOffer({});
  }

  function dropDrafts() {
    for (const id of Object.keys(offer)) writeDraft(model.year, templateId, id, null);
    setOffer({});
  }

  if (!info) return <Empty description="Mẫu báo cáo không có đề cương." />;
  const section = info.section;
  const blocks = drafts[section.id] ?? saved(section);
  const dirty = isDirty(section);
  const edited = model.data.narratives[section.id] !== undefined;

  const setBlocks = (next: NarrativeBlock[]) => {
    // Typing over the saved text of a section whose old draft was not restored: the clerk chose the saved text.
    if (offer[section.id]) setOffer(({ [section.id]: _, ...rest }) => rest);
    setDrafts((d) => ({ ...d, [section.id]: next }));
  };
  const update = (i: number, b: NarrativeBlock) => setBlocks(blocks.map((x, j) => (j === i ? b : x)));

  function insert(token: string) {
    const c = caret.current && caret.current.index < blocks.length ? caret.current : null;
    if (!c) {
      setBlocks([...blocks, { style: 'p', text: token }]);
      pendingCaret.current = { index: blocks.length, at: token.length };
      return;
    }
    const text = blocks[c.index].text;
    update(c.index, { ...blocks[c.index], text: text.slice(0, c.start) + token + text.slice(c.end) });
    caret.current = { index: c.index, start: c.start + token.length, end: c.start + token.length };
    pendingCaret.current = { index: c.index, at: c.start + token.length };
  }

  function addBlock(style: NarrativeBlock['style']) {
    setBlocks([...blocks, { style, text: '' }]);
    pendingCaret.current = { index: blocks.length, at: 0 };
  }

  function move(i: number, delta: -1 | 1) {
    const next = [...blocks];
    [next[i], next[i + delta]] = [next[i + delta], next[i]];
    setBlocks(next);
    caret.current = null;
  }

  const save = () => saveSection(section, blocks);

  const treeData = (sections: Section[]): TreeNode[] =>
    sections.map((s) => ({
      key: s.id,
      title: (() => {
        const title = model.narrativeSections.find((x) => x.section.id === s.id)?.title;
        return (
          <span title={title}>
            <span className="nar-tree-title">{title}</span>
            {isDirty(s) && <Tag color="orange">chưa lưu</Tag>}
          </span>
        );
      })(),
      children: treeData(s.children),
    }));

  const offered = model.narrativeSections.filter((x) => offer[x.section.id]);
  // Ctrl+Y redoes in a paragraph as Ctrl+Shift+Z does (Chromium on Linux only knows the latter); Ctrl+Z is native.
  const onKeyDown = (e: React.KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && !e.shiftKey && e.key.toLowerCase() === 'y' && (e.target as HTMLElement).tagName === 'TEXTAREA') {
      e.preventDefault();
      document.execCommand('redo');
    }
  };
  return (
    <>
    {offered.length > 0 && (
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 12 }}
        title={`Có bản nháp chưa lưu của lời văn ${joinLabels(offered.map((x) => titleOf(x.section)))} (ghi lúc ${formatDateTime(offer[offered[0].section.id].at)}).`}
        description={
          offered.some((x) => !same(offer[x.section.id].base, saved(x.section)))
            ? 'Lời văn đã lưu của mục này đã thay đổi sau khi viết bản nháp; xem kỹ trước khi lưu.'
            : 'Khôi phục để xem và lưu tiếp; lời văn đã lưu chỉ thay đổi khi bấm “Lưu lời văn”.'
        }
        action={
          <Space>
            <Button type="primary" onClick={restoreDrafts}>
              Khôi phục bản nháp chưa lưu
            </Button>
            <Button onClick={dropDrafts}>Bỏ bản nháp</Button>
          </Space>
        }
      />
    )}
    <Row gutter={16} wrap={false} ref={editorRef} onKeyDown={onKeyDown}>
      <Col flex="360px">
        <Card size="small" title="Đề cương" styles={{ body: { maxHeight: 'calc(100vh - 330px)', overflow: 'auto', padding: 8 } }}>
          <Tree
            className="nar-tree"
            aria-label="Đề cương báo cáo"
            defaultExpandAll
            blockNode
            selectedKeys={[section.id]}
            treeData={treeData(narrativeSections(model.template))}
            onSelect={(keys) => keys[0] && (setSectionId(String(keys[0])), (caret.current = null), setActiveIndex(null))}
          />
        </Card>
      </Col>
      <Col flex="auto" style={{ minWidth: 0 }}>
        <ReadOnlyWhenLocked year={model.year}>
          <Card
            size="small"
            className="nar-editor"
            styles={{ body: { maxHeight: 'calc(100vh - 330px)', overflow: 'auto' } }}
            title="Lời văn"
            extra={
              <Space>
                {dirty ? <Typography.Text type="warning">Có thay đổi chưa lưu</Typography.Text> : edited && <Tag>Đã sửa so với mẫu</Tag>}
                <Popconfirm
                  title="Thay lời văn của mục này bằng lời văn mặc định của mẫu báo cáo?"
                  description="Lời văn mặc định hiện ra để xem; bấm “Lưu lời văn” để giữ."
                  okText="Khôi phục"
                  cancelText="Không"
                  onConfirm={() => setBlocks(section.narrative)}
                >
                  <Button icon={<UndoOutlined />} disabled={same(blocks, section.narrative)}>
                    Khôi phục lời văn mặc định
                  </Button>
                </Popconfirm>
                <Button type="primary" icon={<SaveOutlined />} loading={saving} disabled={!dirty} onClick={() => void save()} title={`Lưu lời văn ${titleOf(section)} (Ctrl+S)`} className="nar-save">
                  Lưu lời văn {titleOf(section)}
                </Button>
              </Space>
            }
          >
            <Typography.Paragraph strong ellipsis={{ rows: 2, tooltip: info.title }} style={{ marginBottom: 8 }}>
              {info.title}
            </Typography.Paragraph>
            <div style={{ marginBottom: 12 }}>
              <PlaceholderPicker model={model} onPick={insert} />
            </div>
            <div className="nar-blocks">
              {blocks.length === 0 && <Empty description="Mục này chưa có lời văn." image={Empty.PRESENTED_IMAGE_SIMPLE} />}
              {blocks.map((b, i) => (
                <BlockEditor
                  key={i}
                  model={model}
                  block={b}
                  index={i}
                  count={blocks.length}
                  active={activeIndex === i}
                  areaRef={(el) => (areas.current[i] = el)}
                  onChange={(nb) => update(i, nb)}
                  onCaret={(start, end) => ((caret.current = { index: i, start, end }), activeIndex !== i && setActiveIndex(i))}
                  onMove={(d) => move(i, d)}
                  onDelete={() => (setBlocks(blocks.filter((_, j) => j !== i)), (caret.current = null))}
                />
              ))}
              <Flex gap={8} style={{ paddingBottom: 4 }}>
                <Button icon={<PlusOutlined />} onClick={() => addBlock('p')}>
                  Thêm đoạn văn
                </Button>
                <Button icon={<PlusOutlined />} onClick={() => addBlock('dash')}>
                  Thêm gạch đầu dòng
                </Button>
              </Flex>
            </div>
          </Card>
          <UnitNotes
            notes={notes.filter((n) => n.sectionId === section.id)}
            onUse={(text) => {
              setBlocks([...blocks, { style: 'p', text }]);
              pendingCaret.current = { index: blocks.length, at: text.length };
            }}
          />
        </ReadOnlyWhenLocked>
        <SectionComments year={model.year} sectionId={section.id} />
      </Col>
    </Row>
    </>
  );
}
