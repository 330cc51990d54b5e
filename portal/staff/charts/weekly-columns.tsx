import { ChartFigure, COLORS, type DataTable, Legend } from "./figure.tsx";
import { countAxis, round } from "./scale.ts";

export interface WeekCounts {
  /** The week as the axis names it (its Monday, 11/30). */
  label: string;
  filed: number;
  resolved: number;
}

const W = 720;
const H = 270;
const LEFT = 44;
const TOP = 34;
const PLOT_W = W - LEFT - 12;
const PLOT_H = H - TOP - 36;

/** Cases filed and resolved per week, as pairs of columns on a count axis. */
export function WeeklyCasesChart({
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
  names: { filed: string; resolved: string };
  weeks: WeekCounts[];
  table: DataTable;
}) {
  const axis = countAxis(Math.max(0, ...weeks.flatMap((w) => [w.filed, w.resolved])));
  const y = (v: number) => round(TOP + PLOT_H - (v / axis.top) * PLOT_H);
  const group = PLOT_W / Math.max(1, weeks.length);
  const barW = round(group * 0.36);
  const series = [
    { key: "filed", name: names.filed, color: COLORS.blue, offset: 0.12 },
    { key: "resolved", name: names.resolved, color: COLORS.green, offset: 0.5 },
  ] as const;
  return (
    <ChartFigure id={id} title={title} desc={desc} width={W} height={H} table={table}>
      <Legend x={LEFT} y={16} items={series.map((s) => ({ label: s.name, color: s.color }))} />
      {axis.ticks.map((t) => (
        <g>
          <line x1={LEFT} x2={W - 12} y1={y(t)} y2={y(t)} stroke="#ddd" />
          <text x={LEFT - 6} y={y(t) + 4} text-anchor="end">
            {t}
          </text>
        </g>
      ))}
      {weeks.map((week, i) =>
        series.map((s) => {
          const value = week[s.key];
          const x = round(LEFT + i * group + group * s.offset);
          return (
            <rect
              class="mark"
              data-series={s.key}
              data-value={value}
              x={x}
              y={y(value)}
              width={barW}
              height={round(y(0) - y(value))}
              fill={s.color}
            >
              <title>{`${week.label} ${s.name} ${value}`}</title>
            </rect>
          );
        }),
      )}
      {weeks.map((week, i) => (
        <text x={round(LEFT + (i + 0.5) * group)} y={H - 14} text-anchor="middle">
          {week.label}
        </text>
      ))}
    </ChartFigure>
  );
}
