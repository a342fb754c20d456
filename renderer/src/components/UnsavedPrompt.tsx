/** The one question asked before unsaved work would be dropped: "Lưu / Không lưu / Ở lại". Mounted once in the shell. */
import { useEffect, useSyncExternalStore } from 'react';
import { App, Button, Modal, Space } from 'antd';
import { installUnsavedGuards, joinLabels, pendingQuestion, subscribeUnsaved } from '../lib/unsaved';

export function UnsavedPrompt() {
  const q = useSyncExternalStore(subscribeUnsaved, pendingQuestion);
  const { message } = App.useApp();
  useEffect(() => installUnsavedGuards(() => void message.info('Không có thay đổi nào cần lưu.')), [message]);
  return (
    <Modal
      open={!!q}
      title="Có thay đổi chưa lưu"
      onCancel={() => q?.answer('stay')}
      maskClosable={false}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={() => q?.answer('stay')}>Ở lại</Button>
          <Button danger onClick={() => q?.answer('discard')}>
            Không lưu
          </Button>
          <Button type="primary" autoFocus onClick={() => q?.answer('save')}>
            Lưu
          </Button>
        </Space>
      }
    >
      <p role="alert" data-testid="unsaved-question">
        Bạn có thay đổi chưa lưu ở {joinLabels(q?.labels ?? [])}. Lưu trước khi rời đi?
      </p>
    </Modal>
  );
}
