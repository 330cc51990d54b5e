import { mkdirSync } from "node:fs";
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

/** Decodes the QR code in a PNG screenshot, or null. */
export function decodeQr(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data ?? null;
}
