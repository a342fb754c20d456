import type { Locator } from 'playwright-core';
import { expect } from 'vitest';

/**
 * Waits until an antd dialog has finished opening (its zoom-in): a click during the zoom can land off its target
 * under load, and was lost so on CI more than once. Returns the dialog. Apart from ./chromium, which the bench
 * loads outside vitest.
 */
export async function opened(dialog: Locator): Promise<Locator> {
  await expect.poll(async () => (await dialog.getAttribute('class')) ?? '').not.toMatch(/zoom-(appear|enter)/);
  return dialog;
}
