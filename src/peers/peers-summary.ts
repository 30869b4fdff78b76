/** Medians over rounds and kbench ÷ Apache tool ratios, per table line. Pure. */
import { KBENCH_TOOL_IDS, METRICS, toolSide, type MeasurementId, type PeerSample, type SummaryLine, type ToolFigure, type ToolId } from './peer-types.js';

/** The median of `values` (the mean of the middle two for an even count); undefined for none. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * One line per metric of the measured measurements: each tool's median over its rounds, and
 * each tool's median divided by the Apache tool's (above 1 is faster for throughput, slower for
 * latency), and kbench's median on a client divided by that client's alone.
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
    const apache = figures.apache?.median;
    const ratios: SummaryLine['ratios'] = {};
    for (const tool of measuredBy) {
      const value = figures[tool]?.median;
      if (tool !== 'apache' && value !== undefined && apache !== undefined && apache > 0) ratios[tool] = value / apache;
    }
    const rawRatios: SummaryLine['rawRatios'] = {};
    for (const tool of KBENCH_TOOL_IDS) {
      const side = toolSide(tool);
      const kbench = figures[tool]?.median;
      const raw = side.kind === 'kbench' ? figures[`raw-${side.client}`]?.median : undefined;
      if (kbench !== undefined && raw !== undefined && raw > 0) rawRatios[tool] = kbench / raw;
    }
    lines.push({ metric, figures, ratios, rawRatios });
  }
  return lines;
}
