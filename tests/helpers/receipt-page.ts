/**
 * The reporter's way back, in a browser suite: /receipt opened, the receipt typed and the report
 * opened, as a reporter does.
 */
import type { Page } from 'playwright-core';

/**
 * Opens /receipt on `serverUrl`, types `typed` (a receipt, in any form the page accepts) and
 * waits for the report to `teamName` to show (the receipt's Argon2id in the page: 30 s by default).
 */
export async function openReportWithReceipt(
  page: Page,
  serverUrl: string,
  typed: string,
  teamName: string,
  timeoutMs = 30_000,
): Promise<void> {
  await page.goto(new URL('/receipt', serverUrl).href);
  await page.getByLabel('Your receipt').fill(typed);
  await page.getByRole('button', { name: 'Open my report' }).click();
  await page
    .getByRole('heading', { level: 1, name: `Your report to ${teamName}` })
    .waitFor({ timeout: timeoutMs });
}
