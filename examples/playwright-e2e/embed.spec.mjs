// What your app's end-to-end test checks: the embed loads for this user, and the app drives it.
import { expect, test } from '@playwright/test';

test('the sales workbook loads, and "Show West" filters it', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('#status')).toHaveText('loaded');
  const embed = page.frameLocator('#sigma');
  await expect(embed.getByTestId('sub')).toHaveText('ana@example.com');

  await page.getByRole('button', { name: 'Show West' }).click();
  await expect(page.locator('#region')).toHaveText('West');
  await expect(embed.getByRole('button', { name: 'West' })).toHaveAttribute('aria-pressed', 'true');
});
