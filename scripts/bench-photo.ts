// `npm run bench:photo -- [--runs 5]`: what a 12 MB phone photo costs on the way to being kept
// (worker/photos/prepare.ts). On the self-hosted runtime sharp decodes, shrinks and re-encodes it
// in this process: its wall time, CPU time and the process's peak memory above its resting size.
// On Cloudflare the Images binding does that work outside the isolate; what stays in the isolate
// is reading the form (the upload is buffered whole) and walking the ≤ 1 MB result, measured here
// with the binding's answer made beforehand. Prints a table; writes nothing.

import { parseArgs } from "node:util";
import sharp from "sharp";
import { SharpImages } from "../selfhost/images.ts";
import { preparePhoto } from "../worker/photos/prepare.ts";
import type { PhotoImages } from "../worker/services.ts";

const { values } = parseArgs({ options: { runs: { type: "string", default: "5" } } });
const runs = Math.max(1, Number(values.runs) || 5);

/** A 12-megapixel photo of over 12 MB (noise compresses as badly as a detailed scene). */
async function phonePhoto(): Promise<Buffer> {
  const width = 4000;
  const height = 3000;
  const raw = Buffer.alloc(width * height * 3);
  let seed = 1;
  for (let i = 0; i < raw.length; i += 3) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const pixel = i / 3;
    raw[i] = ((pixel % width) * 255) / width;
    raw[i + 1] = seed & 0xff;
    raw[i + 2] = ((seed >> 8) & 0x7f) + ((pixel / width) * 100) / height;
  }
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 100 })
    .toBuffer();
}

interface Sample {
  wallMs: number;
  cpuMs: number;
  peakMb: number;
}

/** Runs `work` once, sampling the process's resident memory every 2 ms. */
async function measure(work: () => Promise<unknown>): Promise<Sample> {
  globalThis.gc?.();
  const rest = process.memoryUsage().rss;
  let peak = rest;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 2);
  const cpu = process.cpuUsage();
  const started = performance.now();
  await work();
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { wallMs, cpuMs: (used.user + used.system) / 1000, peakMb: (peak - rest) / 1024 / 1024 };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * The first run (the memory it takes stays with the process: libvips and the allocator keep it for
 * the next photo), then the median of the runs after it.
 */
async function row(name: string, work: () => Promise<unknown>) {
  const first = await measure(work);
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) samples.push(await measure(work));
  const cell = (n: number) => n.toFixed(0).padStart(8);
  const steady = (pick: (s: Sample) => number) => cell(median(samples.map(pick)));
  console.log(
    `| ${name.padEnd(62)} | ${cell(first.wallMs)} | ${cell(first.cpuMs)} | ${cell(first.peakMb)} | ${steady((s) => s.wallMs)} | ${steady((s) => s.cpuMs)} | ${steady((s) => s.peakMb)} |`,
  );
}

const photo = await phonePhoto();
const file = new File([photo], "IMG_20261206.jpg", { type: "image/jpeg" });
const sharpImages = new SharpImages() as unknown as PhotoImages;
console.log(
  `first run, then the median of ${runs} more, on ${process.version}; memory: the process's resident size above its size before\n`,
);
console.log(`| ${"what".padEnd(62)} | 1st wall | 1st CPU  | 1st +MB  | wall ms  | CPU ms   | +MB      |`);
console.log(`|${"-".repeat(64)}|----------|----------|----------|----------|----------|----------|`);

await row("self-hosted: preparePhoto with sharp (decode, shrink, encode)", () => preparePhoto(sharpImages, file));
const kept = await preparePhoto(sharpImages, file);
if (typeof kept === "string") throw new Error(`the photo was refused: ${kept}`);

// The isolate's part on Cloudflare: the binding answers with the JPEG it made (made here once).
const answered = { input: () => ({ transform: () => answered.transformer }), transformer: {} as unknown };
answered.transformer = {
  transform: () => answered.transformer,
  output: async () => ({
    image: () => new Blob([kept.bytes]).stream(),
    contentType: () => "image/jpeg",
    response: () => new Response(kept.bytes),
  }),
};
const multipart = new FormData();
multipart.set("description", "楼道灭火器压力不足");
multipart.set("photo", file);
const encoded = new Response(multipart);
const type = encoded.headers.get("content-type")!;
const body = await encoded.arrayBuffer();
await row("Workers isolate's share: parse the 12 MB form, walk the result", async () => {
  const form = await new Request("http://x/", { method: "POST", body, headers: { "content-type": type } }).formData();
  await preparePhoto(answered as unknown as PhotoImages, form.get("photo") as File);
});
const meta = await sharp(kept.bytes).metadata();
console.log(
  `\nphoto: ${(photo.length / 1e6).toFixed(1)} MB, 4000×3000 → kept ${meta.width}×${meta.height}, ${(kept.bytes.length / 1024).toFixed(0)} KB`,
);
