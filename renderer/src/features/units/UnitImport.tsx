/** Loads units from an .xlsx sheet with columns Mã, Tên, Loại; the app takes all rows or none. */
import { useRef, useState } from 'react';
import { Alert, Button, Flex, Typography } from 'antd';
import { FileExcelOutlined } from '@ant-design/icons';
import type { UnitDto } from '../../../../shared/domain/records';
import { rpc } from '../../../../shared/rpc';
import { call } from '../../lib/rpc';
import { errorText, fileToBase64 } from '../../lib/text';

export function UnitImport({ year, onImported }: { year: number; onImported(units: UnitDto[]): void }) {
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ type: 'success' | 'error'; text: string } | null>(null);

  async function load(file: File) {
    setBusy(true);
    setResult(null);
    try {
      const r = await call(rpc.units.importExcel, { year, fileName: file.name, base64: await fileToBase64(file) });
      setResult({ type: 'success', text: `Đã nhập tệp ${file.name}: thêm ${r.added} đơn vị, cập nhật ${r.updated} đơn vị.` });
      onImported(r.units);
    } catch (e) {
      setResult({ type: 'error', text: errorText(e) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div>
      <Flex gap={12} align="center" wrap>
        <Button icon={<FileExcelOutlined />} loading={busy} onClick={() => input.current?.click()}>
          Nhập danh sách từ Excel (.xlsx)…
        </Button>
        <input
          ref={input}
          type="file"
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          aria-label="Tệp Excel danh sách đơn vị"
          style={{ display: 'none' }}
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) void load(f);
          }}
        />
        <Typography.Text type="secondary">Trang tính đầu tiên cần ba cột tiêu đề “Mã”, “Tên”, “Loại” (Phường, Xã, Cơ quan chuyên môn…). Đơn vị trùng mã được cập nhật.</Typography.Text>
      </Flex>
      {result && <Alert type={result.type} showIcon title={result.text} style={{ marginTop: 12 }} closable={{ onClose: () => setResult(null) }} />}
    </div>
  );
}
