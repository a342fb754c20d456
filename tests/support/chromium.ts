import { chromium, type Browser, type Locator } from 'playwright-core';
import { expect } from 'vitest';

/** Debian's Chromium; Playwright's own browser download is not reachable on these machines. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/**
 * Waits until an antd dialog has finished opening (its zoom-in): a click during the zoom can land off its target
 * under load, and was lost so on CI more than once. Returns the dialog.
 */
export async function opened(dialog: Locator): Promise<Locator> {
  await expect.poll(async () => (await dialog.getAttribute('class')) ?? '').not.toMatch(/zoom-(appear|enter)/);
  return dialog;
}
