import { ChartFigure, COLORS, type DataTable } from "./figure.tsx";
import { countAxis, round } from "./scale.ts";

const W = 480;
const LEFT = 120;
const ROW = 28;
const TOP = 8;
const PLOT_W = W - LEFT - 60;

/** One count per row as horizontal bars (open cases by category, by level), the count at the end. */
export function CountBarsChart({
  id,
  title,
  desc,
  items,
  table,
}: {
  id: string;
  title: string;
  desc: string;
  items: { key: string; label: string; value: number }[];
  table: DataTable;
}) {
  const axis = countAxis(Math.max(0, ...items.map((i) => i.value)));
  const width = (v: number) => round((v / axis.top) * PLOT_W);
  const height = TOP * 2 + items.length * ROW;
  return (
    <ChartFigure id={id} title={title} desc={desc} width={W} height={height} table={table} wide={false}>
      {items.map((item, i) => {
        const y = TOP + i * ROW;
        return (
          <g>
            <text x={LEFT - 8} y={y + 17} text-anchor="end">
              {item.label}
            </text>
            <rect
              class="mark"
              data-series={item.key}
              data-value={item.value}
              x={LEFT}
              y={y + 4}
              width={width(item.value)}
              height="18"
              fill={COLORS.blue}
            >
              <title>{`${item.label} ${item.value}`}</title>
            </rect>
            <text x={LEFT + width(item.value) + 6} y={y + 17}>
              {item.value}
            </text>
          </g>
        );
      })}
    </ChartFigure>
  );
}
