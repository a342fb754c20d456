/**
 * Closing the window with unsaved work asks first, in the page's own words ("Lưu / Không lưu / Ở lại"). The close
 * is held and the page is asked; the page answers "close" once nothing unsaved is left or the user chose to drop
 * it. A page that never said it guards (still loading, crashed) does not hold the window. A reload with unsaved
 * work (the page's beforeunload) gets a native question instead, as the page cannot offer to save there.
 */
import type { BrowserWindow, Dialog, IpcMain, IpcMainEvent } from 'electron';

export const CLOSE_CHANNELS = { ready: 'window:close-guard', requested: 'window:close-requested', confirm: 'window:close-confirmed' } as const;

export interface CloseGuardDeps {
  ipcMain: Pick<IpcMain, 'on' | 'removeListener'>;
  dialog: Pick<Dialog, 'showMessageBoxSync'>;
  trusted(e: IpcMainEvent): boolean;
}

export function guardClose(win: BrowserWindow, deps: CloseGuardDeps): void {
  let guarded = false;
  let confirmed = false;
  const ready = (e: IpcMainEvent) => {
    if (deps.trusted(e)) guarded = true;
  };
  const confirm = (e: IpcMainEvent) => {
    if (!deps.trusted(e)) return;
    confirmed = true;
    win.close();
  };
  deps.ipcMain.on(CLOSE_CHANNELS.ready, ready);
  deps.ipcMain.on(CLOSE_CHANNELS.confirm, confirm);
  win.on('closed', () => {
    deps.ipcMain.removeListener(CLOSE_CHANNELS.ready, ready);
    deps.ipcMain.removeListener(CLOSE_CHANNELS.confirm, confirm);
  });
  win.on('close', (e) => {
    if (confirmed || !guarded) return;
    e.preventDefault();
    win.webContents.send(CLOSE_CHANNELS.requested);
  });
  // A new page load must say again that it guards; a crashed page cannot answer.
  win.webContents.on('did-start-loading', () => (guarded = false));
  win.webContents.on('render-process-gone', () => (guarded = false));
  win.webContents.on('will-prevent-unload', (e) => {
    const choice = deps.dialog.showMessageBoxSync(win, {
      type: 'question',
      buttons: ['Tải lại, bỏ thay đổi', 'Ở lại'],
      defaultId: 1,
      cancelId: 1,
      title: 'Có thay đổi chưa lưu',
      message: 'Bạn có thay đổi chưa lưu. Tải lại trang sẽ bỏ các thay đổi này.',
      detail: 'Chọn “Ở lại” rồi bấm Lưu (hoặc Ctrl+S) để giữ thay đổi.',
    });
    // preventDefault here means "ignore the page's objection and unload".
    if (choice === 0) e.preventDefault();
  });
}
