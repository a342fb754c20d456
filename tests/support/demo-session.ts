/** The e2e starting point most screens share: the demo year on a test host, and a Chromium page to drive it. */
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { loadDemo } from '../../electron/core/services/demo';
import { launchChromium } from './chromium';
import { startTestHost, type TestHost } from './web-host';

export interface DemoSession {
  host: TestHost;
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

/** Starts a host with the demo year loaded and opens a page; screenshots go to `test-output/`. */
export async function openDemoSession(options: BrowserContextOptions): Promise<DemoSession> {
  const host = await startTestHost();
  loadDemo(host.ctx);
  const browser = await launchChromium();
  const page = await browser.newPage(options);
  mkdirSync('test-output', { recursive: true });
  return {
    host,
    browser,
    page,
    async close() {
      await browser.close();
      await host.stop();
    },
  };
}
