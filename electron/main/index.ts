/**
 * The Electron shell: lifecycle, one secure window, the Vietnamese menu, the workspace dialog, and the IPC
 * binding of every contract to the core's dispatcher. No business logic lives here.
 */
import './compile-cache';
import { app, BrowserWindow, dialog, ipcMain, Menu, session, shell, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { closeCore, createCore, dispatch, type CoreContext } from '../core';
import { allChannels } from '../../shared/rpc';
import { buildMenuTemplate } from './menu';
import { readConfig, rememberWorkspace } from './config';
import { guardClose } from './close-guard';
import { CSP, isOwnUrl, rendererEntry, secureWebPreferences } from './security';

let win: BrowserWindow | null = null;
let core: CoreContext | null = null;

/** better-sqlite3 built for Electron's ABI, kept apart from the Node build that tests and the CLI use. */
function nativeBinding(): string | undefined {
  const candidates = app.isPackaged
    ? [join(process.resourcesPath, 'native', 'better_sqlite3.node')]
    : [join(app.getAppPath(), 'build-electron', 'better_sqlite3.node')];
  return candidates.find((p) => existsSync(p));
}

function migrationsFolder(): string {
  return app.isPackaged ? join(process.resourcesPath, 'migrations') : join(app.getAppPath(), 'electron/core/db/migrations');
}

async function chooseWorkspaceFolder(): Promise<string | null> {
  const options: Electron.OpenDialogOptions = {
    title: 'Chọn thư mục làm việc (nơi lưu dữ liệu các năm)',
    buttonLabel: 'Chọn thư mục này',
    properties: ['openDirectory', 'createDirectory'],
  };
  const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  return r.canceled || r.filePaths.length === 0 ? null : r.filePaths[0];
}

/** Only our own top frame may call; anything else (an injected frame, a foreign page) is refused. */
function trustedSender(e: IpcMainInvokeEvent | IpcMainEvent): boolean {
  return !!win && e.sender === win.webContents && e.senderFrame === win.webContents.mainFrame && isOwnUrl(e.senderFrame?.url ?? '');
}

function bindContracts(ctx: CoreContext): void {
  for (const channel of allChannels) {
    ipcMain.handle(channel, (e, input: unknown) => {
      if (!trustedSender(e)) return { ok: false, error: { kind: 'Forbidden', message: 'Nguồn gọi không hợp lệ.' } };
      return dispatch(ctx, channel, input);
    });
  }
}

function createWindow(): void {
  win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    title: 'Tổng hợp báo cáo',
    show: false,
    webPreferences: secureWebPreferences(join(__dirname, '../preload/index.js')),
  });
  win.once('ready-to-show', () => win?.show());
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (e, url) => {
    if (!isOwnUrl(url)) e.preventDefault();
  });
  win.webContents.on('will-attach-webview', (e) => e.preventDefault());
  const entry = rendererEntry(__dirname);
  if (entry.kind === 'url') void win.loadURL(entry.value);
  else void win.loadFile(entry.value);
  guardClose(win, { ipcMain, dialog, trusted: trustedSender });
  win.on('closed', () => (win = null));
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
    session.defaultSession.webRequest.onHeadersReceived((details, cb) =>
      cb({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } }),
    );
    // The app never goes online: refuse every request that is not our own file or dev server.
    session.defaultSession.webRequest.onBeforeRequest((details, cb) => cb({ cancel: !isOwnUrl(details.url) && !details.url.startsWith('devtools:') }));

    const remembered = readConfig().workspace;
    core = createCore({
      host: 'electron',
      workspaceDir: remembered && existsSync(remembered) ? remembered : null,
      platform: {
        chooseWorkspaceFolder,
        onWorkspaceChanged: rememberWorkspace,
        openPath: async (p) => {
          const err = await shell.openPath(p);
          if (err) throw new Error(err);
        },
      },
      dbOptions: { nativeBinding: nativeBinding(), migrationsFolder: migrationsFolder() },
      resourcesDir: app.isPackaged ? join(process.resourcesPath, 'resources') : join(app.getAppPath(), 'resources'),
    });
    bindContracts(core);
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        buildMenuTemplate({
          chooseWorkspace: async () => {
            if (!core) return;
            const before = core.workspace?.dir;
            await dispatch(core, 'app:choose-workspace', {});
            if (core.workspace?.dir !== before) win?.webContents.reload();
          },
          openWorkspace: () => {
            if (core?.workspace) void shell.openPath(core.workspace.dir);
          },
          reload: () => win?.webContents.reload(),
          about: () =>
            void dialog.showMessageBox({
              type: 'info',
              title: 'Giới thiệu',
              message: `Tổng hợp báo cáo ${app.getVersion()}`,
              detail: 'Ứng dụng tổng hợp số liệu từ các đơn vị và lập báo cáo theo Nghị định 30/2020/NĐ-CP. Chạy hoàn toàn trên máy, không kết nối mạng.',
            }),
        }),
      ),
    );
    createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (core) closeCore(core);
    if (process.platform !== 'darwin') app.quit();
  });
}
