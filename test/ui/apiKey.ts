// UI check: "Airforce: Set API Key" asks for the key in a password input box, refuses a key of the
// wrong form, and saves a good one. It also makes the later checks work in a window where the
// Mocha suite did not set the key (--ui-only).
import type { UiCheck } from './checks';
import { SELECTORS, clearNotifications, runCommandFromPalette, startClean } from './workbench';

export function setApiKeyCheck(key: string): UiCheck {
  return {
    title: 'Set API Key from the palette: masked input, format check, key saved',
    timeoutMs: 30_000,
    setup: true,
    async run({ page }) {
      await startClean(page);
      await runCommandFromPalette(page, 'Airforce: Set API Key');
      const widget = page.locator(SELECTORS.quickInput).first();
      await widget.locator('.quick-input-title', { hasText: 'Airforce: Set API Key' }).waitFor({ timeout: 10_000 });
      const box = page.locator(SELECTORS.quickInputBox).first();
      const type = await box.getAttribute('type');
      if (type !== 'password') throw new Error(`the key input box is of type "${type}", not password`);

      // A key without the sk-air- prefix is refused in the box itself.
      await box.fill('not-a-key');
      const message = widget.locator('.quick-input-message');
      await message.filter({ hasText: 'sk-air-' }).waitFor({ timeout: 5000 });
      await page.keyboard.press('Enter');
      await page.waitForTimeout(300);
      if (!(await widget.isVisible())) throw new Error('Enter with an invalid key closed the input box');

      await box.fill(key);
      await message.filter({ hasText: 'sk-air-' }).waitFor({ state: 'hidden', timeout: 5000 });
      await page.keyboard.press('Enter');
      await widget.waitFor({ state: 'hidden', timeout: 5000 });
      await page.locator(SELECTORS.notification, { hasText: 'Airforce API key saved.' }).first().waitFor({ timeout: 10_000 });
      await clearNotifications(page);
    },
  };
}
