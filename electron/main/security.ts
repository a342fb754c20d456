/** Window hardening shared by the shell and its tests: no Node in the page, sandbox, our own content only. */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export { CSP } from '../web/csp';

export function secureWebPreferences(preload: string): Electron.WebPreferences {
  return {
    preload,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
  };
}

/** The dev server (electron-vite dev) or the built index.html next to main. */
export function rendererEntry(mainDir: string): { kind: 'url' | 'file'; value: string } {
  const dev = process.env['ELECTRON_RENDERER_URL'];
  if (dev) return { kind: 'url', value: dev };
  return { kind: 'file', value: join(mainDir, '../renderer/index.html') };
}

/** Our own pages: the built renderer on disk, or the local dev server when developing. */
export function isOwnUrl(url: string, mainDir = __dirname): boolean {
  const dev = process.env['ELECTRON_RENDERER_URL'];
  if (dev && url.startsWith(dev)) return true;
  const rendererRoot = pathToFileURL(join(mainDir, '../renderer')).href + '/';
  return url.startsWith(rendererRoot);
}
