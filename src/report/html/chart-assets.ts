/**
 * The uPlot chart library inlined into every HTML page (no CDN: pages work offline). Read from
 * the installed `uplot` npm package, never copied into the repository.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface ChartAssets {
  /** uPlot's minified IIFE build (defines the global `uPlot`). */
  script: string;
  /** uPlot's stylesheet. */
  css: string;
}

let cached: ChartAssets | undefined;

/** uPlot's script and stylesheet from node_modules, read once per process. */
export function loadChartAssets(): ChartAssets {
  if (cached === undefined) {
    const require = createRequire(import.meta.url);
    cached = {
      script: readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'),
      css: readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
    };
  }
  return cached;
}
