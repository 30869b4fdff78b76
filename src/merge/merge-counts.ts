/**
 * The merged report's whole-run figures: counts, errors and their samples, partitions, consumer
 * groups (summed over the shards), and the latencies: each shard's HdrHistogram decoded and added,
 * the summaries read from the sum — never percentiles averaged. Pure.
 */
import { createLatencyHistogram, encodeHistogram, mergeInto, summarizeUs } from '../metrics/histogram.js';
import {
  MAX_ERROR_SAMPLES_PER_KIND,
  REPORT_ERROR_KINDS,
  type ConsumerGroupReport,
  type ErrorCounts,
  type KbenchReport,
  type LatencyStats,
  type PartitionCounts,
  type ReportCounts,
  type ReportLatency,
} from '../report/report-types.js';

/** The histograms added exactly; the figures are the sum's. */
export function mergeLatencyStats(stats: readonly LatencyStats[]): LatencyStats {
  const histogram = createLatencyHistogram();
  for (const one of stats) if (one.hdr !== '' && one.count > 0) mergeInto(histogram, one.hdr);
  return { ...summarizeUs(histogram), hdr: encodeHistogram(histogram) };
}

export function mergeLatency(reports: readonly KbenchReport[]): ReportLatency {
  return {
    produce: mergeLatencyStats(reports.map((report) => report.latency.produce)),
    produceResponse: mergeLatencyStats(reports.map((report) => report.latency.produceResponse)),
    e2e: mergeLatencyStats(reports.map((report) => report.latency.e2e)),
  };
}

export function mergeCounts(reports: readonly KbenchReport[]): ReportCounts {
  const sum = (pick: (counts: ReportCounts) => number): number => reports.reduce((total, report) => total + pick(report.counts), 0);
  const expected = reports.map((report) => report.counts.expected);
  return {
    sent: sum((c) => c.sent),
    acked: sum((c) => c.acked),
    failed: sum((c) => c.failed),
    notAttempted: sum((c) => c.notAttempted),
    consumed: sum((c) => c.consumed),
    sentBytes: sum((c) => c.sentBytes),
    ackedBytes: sum((c) => c.ackedBytes),
    consumedBytes: sum((c) => c.consumedBytes),
    expected: expected.every((n): n is number => n !== null) ? expected.reduce((a, b) => a + b, 0) : null,
  };
}

export function mergeErrors(reports: readonly KbenchReport[]): { errors: ErrorCounts; errorSamples: KbenchReport['errorSamples'] } {
  const errors = Object.fromEntries(REPORT_ERROR_KINDS.map((kind) => [kind, reports.reduce((total, report) => total + (report.errors[kind] ?? 0), 0)])) as ErrorCounts;
  const errorSamples: KbenchReport['errorSamples'] = {};
  for (const kind of REPORT_ERROR_KINDS) {
    // The first samples of each kind, in shard order, as many as a run keeps.
    const samples = reports.flatMap((report) => report.errorSamples[kind] ?? []).slice(0, MAX_ERROR_SAMPLES_PER_KIND);
    if (samples.length > 0) errorSamples[kind] = samples;
  }
  return { errors, errorSamples };
}

export function mergePartitions(reports: readonly KbenchReport[]): PartitionCounts[] {
  const byPartition = new Map<number, PartitionCounts>();
  for (const report of reports) {
    for (const { partition, acked, consumed } of report.partitions) {
      const total = byPartition.get(partition) ?? { partition, acked: 0, consumed: 0 };
      byPartition.set(partition, { partition, acked: total.acked + acked, consumed: total.consumed + consumed });
    }
  }
  return [...byPartition.values()].sort((a, b) => a.partition - b.partition);
}

/** Per group, in `groupIds`' order (then any other group a shard reports): members, consumed and the lag at the end summed. */
export function mergeConsumerGroups(reports: readonly KbenchReport[], groupIds: readonly string[]): ConsumerGroupReport[] {
  const byGroup = new Map<string, ConsumerGroupReport>(groupIds.map((groupId) => [groupId, { groupId, members: 0, consumed: 0, lagEnd: 0 }]));
  for (const report of reports) {
    for (const group of report.consumerGroups) {
      const total = byGroup.get(group.groupId) ?? { groupId: group.groupId, members: 0, consumed: 0, lagEnd: 0 };
      byGroup.set(group.groupId, { groupId: group.groupId, members: total.members + group.members, consumed: total.consumed + group.consumed, lagEnd: total.lagEnd + group.lagEnd });
    }
  }
  return [...byGroup.values()];
}
