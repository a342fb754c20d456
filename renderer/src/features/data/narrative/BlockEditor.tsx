/** One narrative block: its style, its text with placeholders, and a live preview with current values. */
import { Button, Flex, Input, Select, Tooltip } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined } from '@ant-design/icons';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { useMemo } from 'react';
import { resolveText, runsToText, validatePlaceholders } from '../../../../../shared/domain/placeholders';
import { checkParagraph } from '../../../../../shared/checks';
import type { NarrativeBlock } from '../../../../../shared/domain/template';
import type { YearModel } from '../year-model';
import { RunsPreview } from './RunsPreview';

export const STYLE_OPTIONS: { value: NarrativeBlock['style']; label: string }[] = [
  { value: 'p', label: 'Đoạn văn' },
  { value: 'dash', label: 'Gạch đầu dòng “-”' },
  { value: 'plus', label: 'Dấu “+”' },
];

interface Props {
  model: YearModel;
  block: NarrativeBlock;
  index: number;
  count: number;
  active: boolean;
  areaRef(el: TextAreaRef | null): void;
  onChange(b: NarrativeBlock): void;
  onCaret(start: number, end: number): void;
  onMove(delta: -1 | 1): void;
  onDelete(): void;
}

export function BlockEditor({ model, block, index, count, active, areaRef, onChange, onCaret, onMove, onDelete }: Props) {
  const n = index + 1;
  const problems = validatePlaceholders(block.text, { ...model.template, regime: model.regime });
  // Live: a ratio and its percentage, a whole and its parts, a citation, checked as the clerk types.
  const slips = useMemo(() => checkParagraph(runsToText(resolveText(block.text, model.resolver))), [block.text, model.resolver]);
  const caret = (el: HTMLTextAreaElement) => onCaret(el.selectionStart, el.selectionEnd);
  return (
    <div className={`nar-block${active ? ' active' : ''}`}>
      <Flex gap={8} align="center" style={{ marginBottom: 8 }}>
        <span style={{ color: '#6b7280', minWidth: 56 }}>Đoạn {n}</span>
        <Select aria-label={`Kiểu đoạn ${n}`} style={{ width: 200 }} value={block.style} options={STYLE_OPTIONS} onChange={(style) => onChange({ ...block, style })} />
        <span style={{ flex: 1 }} />
        <Tooltip title="Chuyển lên">
          <Button size="small" icon={<ArrowUpOutlined />} aria-label={`Chuyển đoạn ${n} lên`} disabled={index === 0} onClick={() => onMove(-1)} />
        </Tooltip>
        <Tooltip title="Chuyển xuống">
          <Button size="small" icon={<ArrowDownOutlined />} aria-label={`Chuyển đoạn ${n} xuống`} disabled={index === count - 1} onClick={() => onMove(1)} />
        </Tooltip>
        <Tooltip title="Xóa đoạn">
          <Button size="small" danger icon={<DeleteOutlined />} aria-label={`Xóa đoạn ${n}`} onClick={onDelete} />
        </Tooltip>
      </Flex>
      <Input.TextArea
        ref={areaRef}
        aria-label={`Nội dung đoạn ${n}`}
        autoSize={{ minRows: 2, maxRows: 14 }}
        value={block.text}
        onChange={(e) => (onChange({ ...block, text: e.target.value }), caret(e.target))}
        onSelect={(e) => caret(e.currentTarget)}
        onClick={(e) => caret(e.currentTarget)}
        onKeyUp={(e) => caret(e.currentTarget)}
        onFocus={(e) => caret(e.currentTarget)}
      />
      <RunsPreview style={block.style} runs={resolveText(block.text, model.resolver)} label={`Xem trước đoạn ${n}`} />
      {problems.map((p) => (
        <div key={p} role="alert" style={{ color: '#cf1322', fontSize: 13, marginTop: 4 }}>
          {p}
        </div>
      ))}
      {slips.map((f) => (
        <div key={f.id} role="alert" data-live-check={f.code} style={{ color: '#ad4e00', fontSize: 13, marginTop: 4 }}>
          Kiểm tra: {f.message}
        </div>
      ))}
    </div>
  );
}
