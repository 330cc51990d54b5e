import type { Child } from "hono/jsx";

export interface DataTable {
  caption: string;
  head: string[];
  rows: (string | number)[][];
}

/**
 * A chart with its text equivalent: the SVG is one image to a screen reader, named by its
 * `<title>` and described by its `<desc>` (what it shows, in a sentence); the numbers are in a
 * table below it, folded away for sighted readers and read in full by anyone who opens it.
 */
export function ChartFigure({
  id,
  title,
  desc,
  width,
  height,
  table,
  wide = true,
  children,
}: {
  id: string;
  title: string;
  desc: string;
  width: number;
  height: number;
  table: DataTable;
  /** Across the whole page on a desktop, rather than half of it. */
  wide?: boolean;
  children?: Child;
}) {
  return (
    <figure class={wide ? "chart wide" : "chart"} id={id}>
      <figcaption>{title}</figcaption>
      <svg
        xmlns="http://www.w3.org/2000/svg"
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        font-size="13"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{desc}</desc>
        {children}
      </svg>
      <details>
        <summary>{table.caption}</summary>
        <table>
          <thead>
            <tr>
              {table.head.map((h) => (
                <th scope="col">{h}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map(([first, ...rest]) => (
              <tr>
                <th scope="row">{first}</th>
                {rest.map((cell) => (
                  <td>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** Coloured keys naming the series, in a row at the top of a chart. */
export function Legend({ items, x, y }: { items: { label: string; color: string }[]; x: number; y: number }) {
  return (
    <g class="legend">
      {items.map((item, i) => (
        <g>
          <rect x={x + i * 120} y={y - 10} width="12" height="12" fill={item.color} />
          <text x={x + i * 120 + 18} y={y}>
            {item.label}
          </text>
        </g>
      ))}
    </g>
  );
}

/** The chart's series colours: told apart by people with the common colour-vision deficiencies. */
export const COLORS = {
  blue: "#1f5fa8",
  orange: "#c25400",
  green: "#2e7d32",
  purple: "#6a3d9a",
  grey: "#666666",
  levels: ["#1b5e20", "#43a047", "#f9a825", "#ef6c00", "#b71c1c"],
} as const;
