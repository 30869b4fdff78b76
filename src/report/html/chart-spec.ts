/**
 * What the HTML pages hand to their in-page chart script: line charts as aligned columns plus
 * shaded bands, all plain JSON. Built by pure functions in `timeline-charts.ts` and
 * `percentile-charts.ts`; drawn by `chart-script.ts` with uPlot.
 */

/**
 * `seconds`: seconds since the run started; `percentile`: −log10(1 − p), drawn as 0 %, 90 %, 99 %, 99.9 %…;
 * `category`: x = 0, 1, 2… labelled with `xTicks` (a sweep's values), drawn with points;
 * `rate`: messages per second (find-max steps), drawn with points.
 */
export type ChartXAxis = 'seconds' | 'percentile' | 'category' | 'rate';

export interface ChartSeries {
  label: string;
  /** CSS colour of the line. */
  color: string;
  /** Canvas dash pattern, e.g. `[6, 4]`. */
  dash?: number[];
}

/** A shaded stretch of the x axis: a rebalance, an injected fault, the warm-up / drain, or a deliberate backlog's pause and catch-up. */
export interface ChartBand {
  from: number;
  to: number;
  kind: 'rebalance' | 'fault' | 'phase' | 'backlog';
  /** Short text drawn at the top of the band (`R1`, `F1`, `warm-up`). */
  label: string;
}

export interface LineChartSpec {
  /** Unique in the page; the chart's element is `chart-<id>`. */
  id: string;
  title: string;
  xAxis: ChartXAxis;
  xLabel: string;
  yLabel: string;
  /** Unit shown after values in the legend, e.g. `ms` or `msg/s`. */
  yUnit: string;
  /** Aligned columns: `data[0]` the x values, ascending; `data[i]` the values of series i − 1 (null: no sample). */
  data: Array<Array<number | null>>;
  series: ChartSeries[];
  bands: ChartBand[];
  /** For a `category` axis: the label of x = i. */
  xTicks?: string[];
}

/** Line colours, in order of use. */
export const PALETTE = ['#1f77b4', '#2ca02c', '#d62728', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22'];

/** The colour of the `index`-th line. */
export function colorAt(index: number): string {
  return PALETTE[index % PALETTE.length] as string;
}

/**
 * Merges point lists with different x values into aligned columns: the union of the x values,
 * ascending, and for each list its y at each x (null where it has no point).
 */
export function alignColumns(curves: ReadonlyArray<ReadonlyArray<readonly [number, number]>>): Array<Array<number | null>> {
  const xs = [...new Set(curves.flatMap((curve) => curve.map(([x]) => x)))].sort((a, b) => a - b);
  const columns = curves.map((curve) => {
    const byX = new Map(curve.map(([x, y]) => [x, y]));
    return xs.map((x) => byX.get(x) ?? null);
  });
  return [xs, ...columns];
}
