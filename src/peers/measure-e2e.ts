/**
 * End-to-end latency with acks=all: EndToEndLatency (closed loop, one record at a time) and kbench
 * at a constant rate, each on a fresh topic.
 */
import type { ClientName } from '../clients/client-adapter.js';
import { END_TO_END_LATENCY_CLASS, endToEndLatencyArgs, parseEndToEndLatency } from './end-to-end-latency.js';
import { errorLines, runJavaTool } from './java-tool.js';
import { countErrors, endToEndLatency } from './kbench-figures.js';
import { runKbenchScenario } from './kbench-run.js';
import { endToEndScenario } from './kbench-scenarios.js';
import { onFreshTopic, toolTimeoutMs, type MeasureContext } from './measure-context.js';
import type { KbenchReport } from '../report/report-types.js';
import type { PeerSample } from './peer-types.js';
import type { ScheduledRun } from './round-scheduler.js';

/**
 * EndToEndLatency on a fresh topic, and the rate its closed loop reached: one record per round
 * trip, so 1,000 ÷ its mean latency in ms records per second.
 */
export async function measureApacheEndToEnd(ctx: MeasureContext, run: ScheduledRun): Promise<PeerSample & { ratePerSec: number }> {
  const { settings } = ctx;
  return onFreshTopic(ctx, `e2e-r${run.round}-apache`, async (topic) => {
    const output = await runJavaTool(
      END_TO_END_LATENCY_CLASS,
      endToEndLatencyArgs({ brokers: ctx.brokers, topic, records: settings.e2eRecords, acks: 'all', recordSizeBytes: settings.recordSizeBytes }),
      { timeoutMs: toolTimeoutMs(settings.e2eRecords, 20), signal: ctx.signal },
    );
    if (output.exitCode !== 0) throw new Error(`EndToEndLatency exited with ${output.exitCode}: ${errorLines(output.stderr).slice(0, 3).join(' | ')}`);
    const result = parseEndToEndLatency(output.stdout);
    return {
      ...run,
      values: { 'e2e-p50': result.p50Ms, 'e2e-p99': result.p99Ms, 'e2e-mean': result.avgMs },
      records: settings.e2eRecords,
      errors: errorLines(output.stderr).length,
      wallMs: output.wallMs,
      note: `${settings.e2eRecords} round trips in ${(output.wallMs / 1000).toFixed(1)} s, one at a time: ${Math.round(1000 / result.avgMs)} msg/s; p99.9 ${result.p999Ms} ms`,
      ratePerSec: 1000 / result.avgMs,
    };
  });
}

/** kbench's end-to-end setup (acks=all, linger 0, one consumer) on `topic` at `ratePerSec`. */
function runKbenchEndToEnd(ctx: MeasureContext, topic: string, client: ClientName, ratePerSec: number, warmupMs: number, durationMs: number): Promise<KbenchReport> {
  const { settings } = ctx;
  return runKbenchScenario(
    endToEndScenario({ client, brokers: ctx.brokers, topic, partitions: settings.partitions, ratePerSec, warmupMs, durationMs, recordSizeBytes: settings.recordSizeBytes }),
    { signal: ctx.signal, log: ctx.log, versions: ctx.clientVersions },
  );
}

/** kbench's end-to-end latency at `ratePerSec` (EndToEndLatency's rate in the round) on a fresh topic. */
export async function measureKbenchEndToEnd(ctx: MeasureContext, run: ScheduledRun, client: ClientName, ratePerSec: number): Promise<PeerSample> {
  const { settings } = ctx;
  return onFreshTopic(ctx, `e2e-r${run.round}-${client}`, async (topic) => {
    const startedMs = Date.now();
    const report = await runKbenchEndToEnd(ctx, topic, client, ratePerSec, settings.e2eWarmupMs, settings.e2eDurationMs);
    const figures = endToEndLatency(report);
    const lost = report.counts.acked - report.counts.consumed;
    return {
      ...run,
      values: { 'e2e-p50': figures.p50Ms, 'e2e-p99': figures.p99Ms, 'e2e-mean': figures.meanMs },
      records: figures.records,
      errors: countErrors(report) + Math.max(0, lost),
      wallMs: Date.now() - startedMs,
      note: `at ${ratePerSec} msg/s: ${figures.note}`,
    };
  });
}

/**
 * Loads the cluster with kbench at `clusterWarmupRatePerSec` for `clusterWarmupMs` (the
 * end-to-end setup) on a topic of its own; nothing is kept.
 */
export async function warmUpCluster(ctx: MeasureContext): Promise<void> {
  const { settings } = ctx;
  await onFreshTopic(ctx, 'cluster-warmup', (topic) => runKbenchEndToEnd(ctx, topic, 'confluent', settings.clusterWarmupRatePerSec, 0, settings.clusterWarmupMs));
}
