// `node scripts/favicon.ts`: draws the site's icon (a red tile with a white two-by-two grid, the
// portal's header colour) into public/favicon.svg and public/favicon.ico (16, 32 and 48 px PNGs),
// the file browsers ask for by themselves. Run it again after changing a shape; commit both files.

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { PNG } from "pngjs";

const RED = [0xb7, 0x1c, 0x1c] as const;
const WHITE = [0xff, 0xff, 0xff] as const;
/** The tile, in a 32-unit square, and the grid's four squares on it. */
const TILE = { size: 32, radius: 6 };
const SQUARES = [7, 17].flatMap((y) => [7, 17].map((x) => ({ x, y, size: 8 })));

const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><title>网格服务微站</title><rect width="32" height="32" rx="${TILE.radius}" fill="#b71c1c"/><path fill="#fff" d="${SQUARES.map((s) => `M${s.x} ${s.y}h${s.size}v${s.size}h-${s.size}z`).join("")}"/></svg>\n`;

function insideTile(x: number, y: number): boolean {
  const r = TILE.radius;
  const cx = Math.min(Math.max(x, r), TILE.size - r);
  const cy = Math.min(Math.max(y, r), TILE.size - r);
  return x >= 0 && y >= 0 && x <= TILE.size && y <= TILE.size && (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

const insideGrid = (x: number, y: number) => SQUARES.some((s) => x >= s.x && x < s.x + s.size && y >= s.y && y < s.y + s.size);

/** One size of the icon, each pixel the average of 8×8 samples (smooth corners, crisp squares). */
function png(pixels: number): Buffer {
  const image = new PNG({ width: pixels, height: pixels });
  const samples = 8;
  for (let py = 0; py < pixels; py++) {
    for (let px = 0; px < pixels; px++) {
      let alpha = 0;
      const colour = [0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = ((px + (sx + 0.5) / samples) * TILE.size) / pixels;
          const y = ((py + (sy + 0.5) / samples) * TILE.size) / pixels;
          if (!insideTile(x, y)) continue;
          const rgb = insideGrid(x, y) ? WHITE : RED;
          alpha++;
          for (let i = 0; i < 3; i++) colour[i]! += rgb[i]!;
        }
      }
      const at = (py * pixels + px) * 4;
      for (let i = 0; i < 3; i++) image.data[at + i] = alpha ? Math.round(colour[i]! / alpha) : 0;
      image.data[at + 3] = Math.round((alpha / samples ** 2) * 255);
    }
  }
  return PNG.sync.write(image);
}

/** An ICO file holding PNG images (every browser since IE 11 reads them). */
function ico(images: { pixels: number; data: Buffer }[]): Buffer {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ pixels, data }, i) => {
    const entry = 6 + 16 * i;
    header.writeUInt8(pixels % 256, entry);
    header.writeUInt8(pixels % 256, entry + 1);
    header.writeUInt16LE(1, entry + 4);
    header.writeUInt16LE(32, entry + 6);
    header.writeUInt32LE(data.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += data.length;
  });
  return Buffer.concat([header, ...images.map((image) => image.data)]);
}

const publicFolder = join(import.meta.dirname, "..", "public");
writeFileSync(join(publicFolder, "favicon.svg"), svg);
writeFileSync(join(publicFolder, "favicon.ico"), ico([16, 32, 48].map((pixels) => ({ pixels, data: png(pixels) }))));
console.log("wrote public/favicon.svg and public/favicon.ico");
