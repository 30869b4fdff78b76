/** Linear scales and tick values for the hand-drawn SVG charts. Pure. */

/** Maps [domainMin, domainMax] onto [rangeMin, rangeMax] (a zero-width domain maps to rangeMin). */
export function linearScale(domainMin: number, domainMax: number, rangeMin: number, rangeMax: number): (value: number) => number {
  const span = domainMax - domainMin;
  return (value) => (span === 0 ? rangeMin : rangeMin + ((value - domainMin) / span) * (rangeMax - rangeMin));
}

/** A round step (1, 2 or 5 × 10^k) giving about `targetCount` ticks over `span`. */
export function niceStep(span: number, targetCount: number): number {
  if (!(span > 0) || targetCount < 1) return 1;
  const rough = span / targetCount;
  const power = 10 ** Math.floor(Math.log10(rough));
  const multiple = [1, 2, 5, 10].find((m) => m * power >= rough) ?? 10;
  return multiple * power;
}

/** Multiples of a round step within [min, max]. */
export function niceTicks(min: number, max: number, targetCount: number): number[] {
  const step = niceStep(max - min, targetCount);
  const ticks: number[] = [];
  for (let tick = Math.ceil(min / step) * step; tick <= max + step * 1e-9; tick += step) ticks.push(Number(tick.toPrecision(12)));
  return ticks;
}

/** A number for an SVG attribute: at most 2 decimals. */
export function svgNumber(value: number): string {
  return String(Math.round(value * 100) / 100);
}
