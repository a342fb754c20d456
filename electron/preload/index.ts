/**
 * The only bridge between the page and the app: `window.api.invoke(channel, input)` for the channels declared in
 * shared/rpc, nothing else. Bundled whole (no require at run time) because the window is sandboxed.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { allChannels } from '../../shared/rpc';
import { CLOSE_CHANNELS } from '../main/close-guard';

const allowed = new Set(allChannels);

contextBridge.exposeInMainWorld('api', {
  invoke(channel: string, input: unknown): Promise<unknown> {
    if (!allowed.has(channel)) {
      return Promise.resolve({ ok: false, error: { kind: 'Forbidden', message: `Không có chức năng "${channel}".` } });
    }
    return ipcRenderer.invoke(channel, input);
  },
});

// Closing the window asks the page first when it holds unsaved work (see electron/main/close-guard.ts).
contextBridge.exposeInMainWorld('closeGuard', {
  onCloseRequested(cb: () => void): void {
    ipcRenderer.removeAllListeners(CLOSE_CHANNELS.requested);
    ipcRenderer.on(CLOSE_CHANNELS.requested, () => cb());
    ipcRenderer.send(CLOSE_CHANNELS.ready);
  },
  confirmClose(): void {
    ipcRenderer.send(CLOSE_CHANNELS.confirm);
  },
});
