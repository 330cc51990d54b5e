// Axis arithmetic of the charts: a round top for the axis and its ticks, and coordinates rounded
// so the SVG stays short and its numbers stable in tests.

/** The smallest of 1, 2, 5 × 10ⁿ at least `value` (1 for nothing to show). */
function niceStep(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const steps = [1, 2, 5, 10].map((m) => m * power);
  return steps.find((s) => s >= value) ?? 10 * power;
}

/** A count axis: about four whole-number steps from zero to a round top at or above `max`. */
export function countAxis(max: number): { top: number; ticks: number[] } {
  const step = Math.max(1, niceStep(max / 4));
  const top = Math.max(step, Math.ceil(max / step) * step);
  const ticks: number[] = [];
  for (let t = 0; t <= top; t += step) ticks.push(t);
  return { top, ticks };
}

/** Tenths of a unit: enough for a screen, and the same in every runtime. */
export const round = (n: number) => Math.round(n * 10) / 10;

/** A rate (0–1, or null for "nothing to rate") as the page shows it. */
export const percent = (rate: number | null) => (rate === null ? "–" : `${Math.round(rate * 100)}%`);
