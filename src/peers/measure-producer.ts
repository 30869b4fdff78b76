/**
 * Producer throughput, unthrottled, at one acks setting: ProducerPerformance, then kbench with
 * the same record size, linger, batch size, in-flight requests and topic layout.
 */
import type { Acks, ClientName } from '../clients/client-adapter.js';
import { errorLines, runJavaTool } from './java-tool.js';
import { countErrors, producerThroughput } from './kbench-figures.js';
import { runKbenchScenario } from './kbench-run.js';
import { producerScenario } from './kbench-scenarios.js';
import { onFreshTopic, toolTimeoutMs, type MeasureContext } from './measure-context.js';
import type { MetricId, PeerSample } from './peer-types.js';
import { PRODUCER_PERFORMANCE_CLASS, parseProducerPerformance, producerPerformanceArgs } from './producer-performance.js';
import type { ScheduledRun } from './round-scheduler.js';

export function acksOf(measurement: 'producer-acks-1' | 'producer-acks-all'): Acks {
  return measurement === 'producer-acks-1' ? 1 : 'all';
}

type ProducerRun = ScheduledRun & { measurement: 'producer-acks-1' | 'producer-acks-all' };

/** Runs ProducerPerformance on a fresh topic; the sample's note carries its elapsed time. */
export async function measureApacheProducer(ctx: MeasureContext, run: ProducerRun): Promise<PeerSample & { elapsedMs: number }> {
  const { settings } = ctx;
  return onFreshTopic(ctx, `${run.measurement}-r${run.round}-apache`, async (topic) => {
    const output = await runJavaTool(
      PRODUCER_PERFORMANCE_CLASS,
      producerPerformanceArgs({
        brokers: ctx.brokers,
        topic,
        records: settings.producerRecords,
        recordSizeBytes: settings.recordSizeBytes,
        acks: acksOf(run.measurement),
        lingerMs: settings.lingerMs,
        batchSizeBytes: settings.batchSizeBytes,
      }),
      { timeoutMs: toolTimeoutMs(settings.producerRecords, 2_000), signal: ctx.signal },
    );
    if (output.exitCode !== 0) throw new Error(`ProducerPerformance exited with ${output.exitCode}: ${errorLines(output.stderr).slice(0, 3).join(' | ')}`);
    const result = parseProducerPerformance(output.stdout);
    const elapsedMs = (result.records / result.recordsPerSec) * 1000;
    return {
      ...run,
      values: { [run.measurement as MetricId]: result.recordsPerSec },
      records: result.records,
      errors: errorLines(output.stderr).length + Math.max(0, settings.producerRecords - result.records),
      wallMs: output.wallMs,
      note: `${result.records} records in ${(elapsedMs / 1000).toFixed(2)} s; its send → ack p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms`,
      elapsedMs,
    };
  });
}

/** Runs kbench unthrottled for `durationMs` on a fresh topic. */
export async function measureKbenchProducer(ctx: MeasureContext, run: ProducerRun, client: ClientName, durationMs: number): Promise<PeerSample> {
  const { settings } = ctx;
  return onFreshTopic(ctx, `${run.measurement}-r${run.round}-${client}`, async (topic) => {
    const startedMs = Date.now();
    const report = await runKbenchScenario(
      producerScenario({
        client,
        brokers: ctx.brokers,
        topic,
        partitions: settings.partitions,
        acks: acksOf(run.measurement),
        durationMs,
        lingerMs: settings.lingerMs,
        batchSizeBytes: settings.batchSizeBytes,
        recordSizeBytes: settings.recordSizeBytes,
        maxInFlight: settings.kbenchMaxInFlight,
      }),
      { signal: ctx.signal, log: ctx.log, versions: ctx.clientVersions },
    );
    const figure = producerThroughput(report);
    return {
      ...run,
      values: { [run.measurement as MetricId]: figure.value },
      records: figure.records,
      errors: countErrors(report),
      wallMs: Date.now() - startedMs,
      note: figure.note,
    };
  });
}
