import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import jsQR from "jsqr";
import { type Browser, chromium, type Page } from "playwright-core";
import { PNG } from "pngjs";

/** Debian's Chromium, headless, with nothing reaching out to the network on its own. */
export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

export const SCREENSHOTS = join(import.meta.dirname, "..", "..", "test-results", "screenshots");
mkdirSync(SCREENSHOTS, { recursive: true });

export async function screenshot(page: Page, name: string, fullPage = true): Promise<Buffer> {
  return page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage });
}

const PDFS = join(import.meta.dirname, "..", "..", "test-results", "pdf");
mkdirSync(PDFS, { recursive: true });

/**
 * Prints the page as Chromium prints it on A4 (backgrounds on), keeps the PDF under
 * test-results/pdf/, and answers its number of pages: its page objects, which must agree with
 * the page tree's count.
 */
export async function printA4(page: Page, name: string): Promise<number> {
  const pdf = await page.pdf({ format: "A4", printBackground: true });
  writeFileSync(join(PDFS, `${name}.pdf`), pdf);
  const text = pdf.toString("latin1");
  const objects = (text.match(/\/Type\s*\/Page(?![A-Za-z])/g) ?? []).length;
  // Past eight pages the tree has inner nodes; the root's count is the largest.
  const counts = [...text.matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)/g)].map((m) => Number(m[1]));
  const total = Math.max(...counts);
  if (total !== objects) throw new Error(`${name}.pdf: ${objects} page objects, the page tree says ${total}`);
  return objects;
}

/** Decodes the QR code in a PNG screenshot, or null. */
export function decodeQr(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data ?? null;
}

/**
 * Presses the report form's button and, when the server answers with the open reports of the same
 * problem (other tests on the same server may have filed one), says it is not the same: the tests
 * that call this are about filing, test/browser/resident.browser.test.ts about those offers.
 */
export async function sendReport(page: Page, button = "提交") {
  await page.getByRole("button", { name: button }).click();
  const filed = page.waitForURL(/\/t\/[A-Z0-9]{10}/, { timeout: 60_000 }).then(() => "filed" as const);
  const offered = page
    .locator("#open-reports")
    .waitFor({ timeout: 60_000 })
    .then(() => "offered" as const);
  filed.catch(() => undefined);
  offered.catch(() => undefined);
  if ((await Promise.race([filed, offered])) === "offered") {
    // The offer's own first button (its text is checked by the resident tests), found by place.
    await page.locator("#open-reports button[type=submit]").first().click();
    await page.waitForURL(/\/t\/[A-Z0-9]{10}/, { timeout: 60_000 });
  }
}
