import { ChartFigure, COLORS, type DataTable, Legend } from "./figure.tsx";
import { percent, round } from "./scale.ts";

export const RATE_KEYS = ["resolution", "onTime", "satisfaction"] as const;
export type RateKey = (typeof RATE_KEYS)[number];

export interface AreaRates {
  name: string;
  href: string;
  rates: Record<RateKey, number | null>;
}

const W = 720;
const LEFT = 150;
const TOP = 30;
const BAR = 10;
const ROW = 3 * BAR + 16;
const PLOT_W = W - LEFT - 52;
const RATE_COLORS: Record<RateKey, string> = { resolution: COLORS.purple, onTime: COLORS.blue, satisfaction: COLORS.orange };

/**
 * The three rates of each area below, three bars per area in the order given (the page sorts
 * them); an area's name links to its own page. A rate with nothing to measure has no bar and "–".
 */
export function AreaRatesChart({
  id,
  title,
  desc,
  names,
  areas,
  table,
}: {
  id: string;
  title: string;
  desc: string;
  names: Record<RateKey, string>;
  areas: AreaRates[];
  table: DataTable;
}) {
  const height = TOP + areas.length * ROW + 8;
  const width = (rate: number) => round(rate * PLOT_W);
  return (
    <ChartFigure id={id} title={title} desc={desc} width={W} height={height} table={table}>
      <Legend x={LEFT} y={16} items={RATE_KEYS.map((k) => ({ label: names[k], color: RATE_COLORS[k] }))} />
      {areas.map((area, i) => {
        const y = TOP + i * ROW;
        return (
          <g class="area" data-area={area.name}>
            <a href={area.href}>
              <text x={LEFT - 8} y={y + 2 + BAR * 1.8} text-anchor="end" fill={COLORS.blue}>
                {area.name}
              </text>
            </a>
            {RATE_KEYS.map((key, j) => {
              const rate = area.rates[key];
              const top = y + j * BAR;
              return (
                <g>
                  {rate === null ? null : (
                    <rect
                      class="mark"
                      data-series={key}
                      data-value={rate}
                      x={LEFT}
                      y={top}
                      width={width(rate)}
                      height={BAR - 1}
                      fill={RATE_COLORS[key]}
                    >
                      <title>{`${area.name} ${names[key]} ${percent(rate)}`}</title>
                    </rect>
                  )}
                  <text x={LEFT + width(rate ?? 0) + 4} y={top + BAR - 1} font-size="10">
                    {percent(rate)}
                  </text>
                </g>
              );
            })}
          </g>
        );
      })}
    </ChartFigure>
  );
}
