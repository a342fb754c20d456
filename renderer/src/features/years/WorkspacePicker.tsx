import { useState } from 'react';
import { Alert, Button, Result } from 'antd';
import { rpc } from '../../../../shared/rpc';
import { call } from '../../lib/rpc';

/** First start on the desktop: no workspace yet. */
export function WorkspacePicker({ onChosen }: { onChosen: () => void }) {
  const [error, setError] = useState<string | null>(null);
  async function choose() {
    try {
      const info = await call(rpc.app.chooseWorkspace, {});
      if (info.workspace) onChosen();
    } catch (e) {
      setError((e as Error).message);
    }
  }
  return (
    <Result
      status="info"
      title="Chọn thư mục làm việc"
      subTitle="Ứng dụng lưu dữ liệu mỗi năm báo cáo thành một tệp trong thư mục làm việc. Hãy chọn (hoặc tạo) một thư mục, ví dụ trên ổ D: hoặc thư mục Tài liệu."
      extra={[
        <Button type="primary" key="choose" onClick={choose}>
          Chọn thư mục…
        </Button>,
        error && <Alert key="err" type="error" title={error} style={{ marginTop: 16 }} />,
      ]}
    />
  );
}
