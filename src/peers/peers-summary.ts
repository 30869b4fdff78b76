/** Medians over rounds and kbench ÷ Apache tool ratios, per table line. Pure. */
import { KBENCH_TOOL_IDS, METRICS, toolSide, type MeasurementId, type MetricId, type PeerSample, type SummaryLine, type ToolFigure, type ToolId } from './peer-types.js';

/** The median of `values` (the mean of the middle two for an even count); undefined for none. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * The median over rounds of `tool`'s figure ÷ `base`'s figure in the same round (rounds where
 * both gave one, and `base`'s is above 0): runs of one round ran one after the other, so a round's
 * ratio cancels what drifts between rounds (a cluster still warming, other load). Undefined when
 * no round gave both.
 */
export function pairedRatio(samples: readonly PeerSample[], metric: MetricId, measurement: MeasurementId, tool: ToolId, base: ToolId): number | undefined {
  const valueOf = (who: ToolId, round: number): number | undefined =>
    samples.find((sample) => sample.measurement === measurement && sample.tool === who && sample.round === round)?.values[metric];
  const rounds = [...new Set(samples.filter((sample) => sample.measurement === measurement).map((sample) => sample.round))];
  const ratios = rounds.flatMap((round) => {
    const value = valueOf(tool, round);
    const baseValue = valueOf(base, round);
    return value === undefined || baseValue === undefined || baseValue <= 0 ? [] : [value / baseValue];
  });
  return median(ratios);
}

/**
 * One line per metric of the measured measurements: each tool's median over its rounds, and
 * each tool's ratio to the Apache tool (above 1 is faster for throughput, slower for latency) and
 * kbench's on a client to that client alone, both as medians of per-round ratios (`pairedRatio`).
 */
export function summarizeSamples(samples: readonly PeerSample[], tools: Partial<Record<MeasurementId, readonly ToolId[]>>): SummaryLine[] {
  const lines: SummaryLine[] = [];
  for (const metric of METRICS) {
    const measuredBy = tools[metric.measurement];
    if (!measuredBy || measuredBy.length === 0) continue;
    const figures: Partial<Record<ToolId, ToolFigure>> = {};
    for (const tool of measuredBy) {
      const runs = samples.filter((sample) => sample.measurement === metric.measurement && sample.tool === tool);
      const values = runs.flatMap((sample) => (sample.values[metric.id] === undefined ? [] : [sample.values[metric.id] as number]));
      figures[tool] = {
        median: median(values),
        samples: values.length,
        failures: runs.filter((sample) => sample.failure !== undefined).length,
        errors: runs.reduce((sum, sample) => sum + sample.errors, 0),
      };
    }
    const ratios: SummaryLine['ratios'] = {};
    for (const tool of measuredBy) {
      const ratio = tool === 'apache' ? undefined : pairedRatio(samples, metric.id, metric.measurement, tool, 'apache');
      if (ratio !== undefined) ratios[tool] = ratio;
    }
    const rawRatios: SummaryLine['rawRatios'] = {};
    for (const tool of KBENCH_TOOL_IDS) {
      const side = toolSide(tool);
      const ratio = side.kind === 'kbench' && measuredBy.includes(tool) ? pairedRatio(samples, metric.id, metric.measurement, tool, `raw-${side.client}`) : undefined;
      if (ratio !== undefined) rawRatios[tool] = ratio;
    }
    lines.push({ metric, figures, ratios, rawRatios });
  }
  return lines;
}
