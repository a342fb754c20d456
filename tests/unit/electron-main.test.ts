// The Electron shell tested in plain Node with `electron` mocked: no Electron binary can be downloaded here.
// Everything behind the mock (the core, SQLite, the dispatcher) is real.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createHash } from 'node:crypto';
import { allChannels } from '../../shared/rpc';
import { closeDatabase, openDatabase } from '../../electron/core/db/client';
import { setYearLock } from '../../electron/core/services/year-lock';
import { tempDir } from '../support/web-host';

type Handler = (event: unknown, input?: unknown) => Promise<unknown> | unknown;

const m = vi.hoisted(() => ({
  handlers: new Map<string, Handler>(),
  ipcListeners: new Map<string, (event: unknown) => void>(),
  messageBoxChoice: 1,
  windows: [] as { options: Record<string, unknown>; webContents: FakeWebContents; loaded: string[] }[],
  permissionHandler: null as null | ((wc: unknown, perm: string, cb: (ok: boolean) => void) => void),
  beforeRequest: null as null | ((d: { url: string }, cb: (r: { cancel: boolean }) => void) => void),
  headers: null as null | ((d: { responseHeaders: Record<string, string[]> }, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void),
  menu: null as null | { label: string; submenu: { label?: string }[] }[],
  dialogResult: [] as string[],
  lock: true,
  quit: 0,
  userData: '',
  ready: null as null | Promise<void>,
}));

interface FakeWebContents {
  mainFrame: { url: string };
  listeners: Map<string, (...a: unknown[]) => void>;
  openHandler: (() => { action: string }) | null;
}

vi.mock('electron', () => {
  class BrowserWindow {
    webContents: FakeWebContents & Record<string, unknown>;
    loaded: string[] = [];
    constructor(readonly options: Record<string, unknown>) {
      const wc: FakeWebContents & Record<string, unknown> = {
        mainFrame: { url: '' },
        listeners: new Map(),
        openHandler: null,
        setWindowOpenHandler: (h: () => { action: string }) => (wc.openHandler = h),
        on: (ev: string, fn: (...a: unknown[]) => void) => wc.listeners.set(ev, fn),
        reload: () => undefined,
        sent: [] as string[],
        send: (ch: string) => (wc.sent as string[]).push(ch),
      };
      this.webContents = wc;
      m.windows.push(this as never);
    }
    static getAllWindows() {
      return m.windows;
    }
    winListeners = new Map<string, (e: { preventDefault(): void }) => void>();
    closed = 0;
    once() {}
    on(ev: string, fn: (e: { preventDefault(): void }) => void) {
      this.winListeners.set(ev, fn);
    }
    show() {}
    close() {
      const e = { defaultPrevented: false, preventDefault: () => (e.defaultPrevented = true) };
      this.winListeners.get('close')?.(e);
      if (!e.defaultPrevented) this.closed++;
    }
    loadFile(f: string) {
      this.loaded.push(f);
      this.webContents.mainFrame.url = pathToFileURL(f).href;
      return Promise.resolve();
    }
    loadURL(u: string) {
      this.loaded.push(u);
      return Promise.resolve();
    }
  }
  const app = {
    requestSingleInstanceLock: () => m.lock,
    quit: () => void m.quit++,
    on: () => undefined,
    whenReady: () => {
      m.ready = Promise.resolve();
      return m.ready;
    },
    isPackaged: false,
    getAppPath: () => resolve(__dirname, '../..'),
    getPath: () => m.userData,
    getVersion: () => '0.1.0',
  };
  return {
    app,
    BrowserWindow,
    ipcMain: {
      handle: (ch: string, fn: Handler) => m.handlers.set(ch, fn),
      on: (ch: string, fn: (event: unknown) => void) => m.ipcListeners.set(ch, fn),
      removeListener: (ch: string) => m.ipcListeners.delete(ch),
    },
    dialog: {
      showMessageBoxSync: () => m.messageBoxChoice, showOpenDialog: async () => ({ canceled: m.dialogResult.length === 0, filePaths: m.dialogResult }), showMessageBox: async () => ({}) },
    Menu: { buildFromTemplate: (t: unknown) => ((m.menu = t as never), t), setApplicationMenu: () => undefined },
    shell: { openPath: async () => '' },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: typeof m.permissionHandler) => (m.permissionHandler = h),
        setPermissionCheckHandler: () => undefined,
        webRequest: {
          onHeadersReceived: (h: typeof m.headers) => (m.headers = h),
          onBeforeRequest: (h: typeof m.beforeRequest) => (m.beforeRequest = h),
        },
      },
    },
  };
});

const workspace = tempDir('tonghop-electron-ws-');

beforeAll(async () => {
  m.userData = tempDir('tonghop-userdata-');
  await import('../../electron/main/index');
  await vi.waitFor(() => expect(m.windows).toHaveLength(1));
});
afterAll(() => {
  rmSync(m.userData, { recursive: true, force: true });
  rmSync(workspace, { recursive: true, force: true });
});

const win = () => m.windows[0];
const ownEvent = () => ({ sender: win().webContents, senderFrame: win().webContents.mainFrame });

describe('the Electron shell (electron mocked, core real)', () => {
  it('opens one sandboxed, isolated window without Node', () => {
    const prefs = win().options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webviewTag: false });
    expect(String(prefs.preload)).toMatch(/preload[\\/]index\.js$/);
    expect(win().loaded[0]).toMatch(/renderer[\\/]index\.html$/);
  });

  it('denies window.open, foreign navigation and every permission', () => {
    expect(win().webContents.openHandler?.()).toEqual({ action: 'deny' });
    const nav = win().webContents.listeners.get('will-navigate')!;
    const foreign = { preventDefault: vi.fn() };
    nav(foreign, 'https://example.com/');
    expect(foreign.preventDefault).toHaveBeenCalled();
    const own = { preventDefault: vi.fn() };
    nav(own, win().webContents.mainFrame.url);
    expect(own.preventDefault).not.toHaveBeenCalled();
    const answers: boolean[] = [];
    m.permissionHandler!(null, 'media', (ok) => answers.push(ok));
    m.permissionHandler!(null, 'notifications', (ok) => answers.push(ok));
    expect(answers).toEqual([false, false]);
  });

  it('never lets a request leave the machine and sets a strict CSP', () => {
    const cancel: boolean[] = [];
    m.beforeRequest!({ url: 'https://example.com/x.js' }, (r) => cancel.push(r.cancel));
    m.beforeRequest!({ url: win().webContents.mainFrame.url }, (r) => cancel.push(r.cancel));
    expect(cancel).toEqual([true, false]);
    let headers: Record<string, string[]> = {};
    m.headers!({ responseHeaders: {} }, (r) => (headers = r.responseHeaders));
    expect(headers['Content-Security-Policy'][0]).toMatch(/default-src 'self'/);
  });

  it('binds every contract, and only those, to IPC', () => {
    expect([...m.handlers.keys()].sort()).toEqual([...allChannels].sort());
  });

  it('refuses a call from another frame', async () => {
    const foreign = { sender: win().webContents, senderFrame: { url: 'https://evil.example/' } };
    expect(await m.handlers.get('app:info')!(foreign, {})).toMatchObject({ ok: false, error: { kind: 'Forbidden' } });
  });

  it('starts without a workspace, then takes and remembers the one chosen in the dialog', async () => {
    expect(await m.handlers.get('app:info')!(ownEvent(), {})).toMatchObject({ ok: true, value: { host: 'electron', workspace: null } });
    m.dialogResult = [workspace];
    expect(await m.handlers.get('app:choose-workspace')!(ownEvent(), {})).toMatchObject({ ok: true, value: { workspace } });
    expect(JSON.parse(readFileSync(join(m.userData, 'cau-hinh.json'), 'utf8'))).toEqual({ workspace });
  });

  it('creates a year through IPC into a real SQLite file', async () => {
    expect(await m.handlers.get('years:create')!(ownEvent(), { year: 2024 })).toMatchObject({ ok: true, value: { year: 2024 } });
    expect(await m.handlers.get('years:create')!(ownEvent(), { year: 'x' })).toMatchObject({ ok: false, error: { kind: 'Validation' } });
  });

  it('refuses a write to a locked year over IPC with the Vietnamese message, the year file unchanged', async () => {
    const file = join(workspace, 'tonghop-2024.sqlite');
    const side = openDatabase(file);
    const digest = () => {
      const h = createHash('sha256');
      for (const t of ['settings', 'units', 'figures', 'meta']) h.update(JSON.stringify(side.$client.prepare(`SELECT * FROM "${t}"`).raw().all()));
      return h.digest('hex');
    };
    try {
      setYearLock(side, { state: 'test', by: 'Kiểm thử viên', at: new Date().toISOString(), unlock: 'Gỡ khóa thử để sửa.' });
      const before = digest();
      const r = await m.handlers.get('units:add')!(ownEvent(), { year: 2024, code: 'X1', name: 'Xã Một', kind: 'xa' });
      expect(r).toMatchObject({ ok: false, error: { kind: 'Locked', message: expect.stringMatching(/^Năm 2024 đang khóa \(Kiểm thử viên lúc .*chưa lưu gì\. Gỡ khóa thử để sửa\.$/) } });
      expect(await m.handlers.get('units:list')!(ownEvent(), { year: 2024 })).toMatchObject({ ok: true });
      expect(digest()).toBe(before);
      setYearLock(side, null);
      expect(await m.handlers.get('units:add')!(ownEvent(), { year: 2024, code: 'X1', name: 'Xã Một', kind: 'xa' })).toMatchObject({ ok: true });
    } finally {
      closeDatabase(side);
    }
  });

  it('asks the page before the window closes once the page guards, and closes when the page confirms', () => {
    const w = win() as unknown as { close(): void; closed: number; webContents: { sent: string[]; listeners: Map<string, (e: unknown) => void> } };
    // A page that never said it guards (still loading) does not hold the window.
    w.close();
    expect(w.closed).toBe(1);
    // A foreign sender cannot arm or confirm.
    const foreign = { sender: {}, senderFrame: { url: 'https://example.com/' } };
    m.ipcListeners.get('window:close-guard')!(foreign);
    w.close();
    expect(w.closed).toBe(2);
    m.ipcListeners.get('window:close-guard')!(ownEvent());
    w.close();
    expect(w.closed).toBe(2);
    expect(w.webContents.sent).toEqual(['window:close-requested']);
    m.ipcListeners.get('window:close-confirmed')!(foreign);
    expect(w.closed).toBe(2);
    m.ipcListeners.get('window:close-confirmed')!(ownEvent());
    expect(w.closed).toBe(3);
    // A reload the page objects to asks natively: "Ở lại" keeps the page, the other button unloads it.
    const unload = w.webContents.listeners.get('will-prevent-unload')!;
    const stay = { preventDefault: vi.fn() };
    m.messageBoxChoice = 1;
    unload(stay);
    expect(stay.preventDefault).not.toHaveBeenCalled();
    const leave = { preventDefault: vi.fn() };
    m.messageBoxChoice = 0;
    unload(leave);
    expect(leave.preventDefault).toHaveBeenCalled();
  });

  it('has a Vietnamese menu', () => {
    expect(m.menu!.map((x) => x.label)).toEqual(['Tệp', 'Sửa', 'Xem', 'Trợ giúp']);
    expect(m.menu![0].submenu.map((x) => x.label)).toContain('Chọn thư mục làm việc…');
  });

  it('quits when another instance already runs', async () => {
    vi.resetModules();
    m.lock = false;
    const before = m.quit;
    await import('../../electron/main/index');
    expect(m.quit).toBe(before + 1);
    expect(m.windows).toHaveLength(1);
  });
});
