import { ChartFigure, COLORS, type DataTable, Legend } from "./figure.tsx";
import { percent, round } from "./scale.ts";

export interface WeekRates {
  label: string;
  onTime: number | null;
  satisfaction: number | null;
}

const W = 720;
const H = 250;
const LEFT = 44;
const TOP = 34;
const PLOT_W = W - LEFT - 12;
const PLOT_H = H - TOP - 36;
const TICKS = [0, 0.25, 0.5, 0.75, 1];

/** Runs of consecutive points with a value: a week with nothing to rate breaks the line. */
function runs(points: ({ x: number; y: number } | null)[]) {
  const out: { x: number; y: number }[][] = [];
  let current: { x: number; y: number }[] = [];
  for (const p of points) {
    if (p) current.push(p);
    else if (current.length > 0) {
      out.push(current);
      current = [];
    }
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** The on-time and satisfaction rates week by week, as two lines on a 0–100 % axis. */
export function RateLinesChart({
  id,
  title,
  desc,
  names,
  weeks,
  table,
}: {
  id: string;
  title: string;
  desc: string;
  names: { onTime: string; satisfaction: string };
  weeks: WeekRates[];
  table: DataTable;
}) {
  const step = PLOT_W / Math.max(1, weeks.length);
  const x = (i: number) => round(LEFT + (i + 0.5) * step);
  const y = (rate: number) => round(TOP + PLOT_H - rate * PLOT_H);
  const series = [
    { key: "onTime", name: names.onTime, color: COLORS.blue, dash: undefined },
    { key: "satisfaction", name: names.satisfaction, color: COLORS.orange, dash: "6 4" },
  ] as const;
  return (
    <ChartFigure id={id} title={title} desc={desc} width={W} height={H} table={table}>
      <Legend x={LEFT} y={16} items={series.map((s) => ({ label: s.name, color: s.color }))} />
      {TICKS.map((t) => (
        <g>
          <line x1={LEFT} x2={W - 12} y1={y(t)} y2={y(t)} stroke="#ddd" />
          <text x={LEFT - 6} y={y(t) + 4} text-anchor="end">
            {percent(t)}
          </text>
        </g>
      ))}
      {series.map((s) => (
        <g>
          {runs(weeks.map((w, i) => (w[s.key] === null ? null : { x: x(i), y: y(w[s.key]!) }))).map((run) => (
            <polyline
              points={run.map((p) => `${p.x},${p.y}`).join(" ")}
              fill="none"
              stroke={s.color}
              stroke-width="2.5"
              stroke-dasharray={s.dash}
            />
          ))}
          {weeks.map((w, i) => {
            const value = w[s.key];
            return value === null ? null : (
              <circle class="mark" data-series={s.key} data-value={value} cx={x(i)} cy={y(value)} r="4" fill={s.color}>
                <title>{`${w.label} ${s.name} ${percent(value)}`}</title>
              </circle>
            );
          })}
        </g>
      ))}
      {weeks.map((w, i) => (
        <text x={x(i)} y={H - 14} text-anchor="middle">
          {w.label}
        </text>
      ))}
    </ChartFigure>
  );
}
