import { ChartFigure, COLORS, type DataTable } from "./figure.tsx";
import { percent, round } from "./scale.ts";

const W = 720;
const LEFT = 12;
const BAR_W = W - 2 * LEFT;

/**
 * Where resolved cases were solved, lowest level first, as one bar cut into the levels' shares
 * ("小事不出网格，大事不出社区"), with each level's count and share in a key below.
 */
export function LevelShareChart({
  id,
  title,
  desc,
  levels,
  table,
}: {
  id: string;
  title: string;
  desc: string;
  levels: { key: string; label: string; count: number }[];
  table: DataTable;
}) {
  const total = levels.reduce((sum, l) => sum + l.count, 0);
  const share = (n: number) => (total > 0 ? n / total : 0);
  let x = LEFT;
  const segments = levels.map((level, i) => {
    const width = round(share(level.count) * BAR_W);
    const segment = { ...level, x: round(x), width, color: COLORS.levels[i % COLORS.levels.length]! };
    x += width;
    return segment;
  });
  const height = 60 + levels.length * 22;
  return (
    <ChartFigure id={id} title={title} desc={desc} width={W} height={height} table={table}>
      <rect x={LEFT} y="10" width={BAR_W} height="34" fill="#eee" />
      {segments.map((s) =>
        s.width > 0 ? (
          <rect class="mark" data-series={s.key} data-value={s.count} x={s.x} y="10" width={s.width} height="34" fill={s.color}>
            <title>{`${s.label} ${s.count} (${percent(share(s.count))})`}</title>
          </rect>
        ) : null,
      )}
      {segments.map((s, i) => (
        <g>
          <rect x={LEFT} y={58 + i * 22} width="12" height="12" fill={s.color} />
          <text x={LEFT + 18} y={69 + i * 22}>
            {`${s.label}  ${s.count}  ${total > 0 ? percent(share(s.count)) : "–"}`}
          </text>
        </g>
      ))}
    </ChartFigure>
  );
}
