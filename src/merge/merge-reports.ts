/**
 * `kbench merge`: one report of a whole sharded run from its shards' reports, as exact as the
 * reports allow — counts, partitions and groups summed; latency histograms added; integrity from
 * the shards' delivery sets joined (a message produced by one shard and consumed by another is
 * delivered); timelines aligned on wall-clock time; rebalances found again over every shard's
 * member events; then the run's own assessments (throughput, saturation, validity) and the
 * scenario's thresholds on the merged report. See each `merge-*.ts` for its part. Pure.
 */
import { assessSaturation } from '../report/assess-saturation.js';
import { assessValidity } from '../report/assess-validity.js';
import { REPORT_KIND, REPORT_SCHEMA_VERSION, type KbenchReport } from '../report/report-types.js';
import { throughputOf } from '../report/throughput-stats.js';
import { evaluateThresholds } from '../thresholds/evaluate-thresholds.js';
import { checkMergeable } from './merge-compatibility.js';
import { mergeConsumerGroups, mergeCounts, mergeErrors, mergeLatency, mergePartitions } from './merge-counts.js';
import { mergeIntegrity } from './merge-integrity.js';
import { mergeConsumerEvents, mergeFaults, mergeRebalances } from './merge-rebalances.js';
import { mergeMemorySamples, mergeResourceUsage, mergeWorkers } from './merge-resources.js';
import { mergeClientConfig, mergeClusterWarmup, mergeEnvironment, mergeOwnership, mergeRunState } from './merge-run-state.js';
import { mergeScenario } from './merge-scenario.js';
import { mergeTimeline } from './merge-timeline.js';
import { alignShards, type ReportFile } from './shard-alignment.js';

/** The merged report of `files` (each a shard's report, read and checked); a usage error when they cannot be merged. */
export function mergeReports(files: readonly ReportFile[]): KbenchReport {
  const shards = alignShards(checkMergeable(files));
  const reports = shards.map((shard) => shard.report);
  const scenario = mergeScenario(shards);
  const groupIds = scenario.consumerGroups.map((group) => group.groupId);
  const timeline = mergeTimeline(shards);
  const resourceUsage = mergeResourceUsage(shards, timeline);
  const clusterWarmup = mergeClusterWarmup(shards);
  const ownership = mergeOwnership(shards);
  const report: KbenchReport = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    kind: REPORT_KIND,
    ...mergeRunState(shards),
    scenario,
    clientConfig: mergeClientConfig(shards),
    environment: mergeEnvironment(shards),
    counts: mergeCounts(reports),
    ...mergeErrors(reports),
    throughput: throughputOf(timeline),
    latency: mergeLatency(reports),
    partitions: mergePartitions(reports),
    consumerGroups: mergeConsumerGroups(reports, groupIds),
    timeline,
    rebalances: mergeRebalances(shards, scenario, timeline),
    consumerEvents: mergeConsumerEvents(shards),
    faults: mergeFaults(shards),
    integrity: mergeIntegrity(shards, groupIds),
    resources: mergeMemorySamples(shards),
    workers: mergeWorkers(shards),
    ...(clusterWarmup ? { clusterWarmup } : {}),
    ...(ownership ? { ownership } : {}),
    ...(resourceUsage ? { resourceUsage } : {}),
    saturation: assessSaturation(
      scenario.producers.map((producer) => producer.load),
      timeline,
      groupIds,
    ),
    mergedFrom: shards.map((shard) => ({ file: shard.file, shard: shard.shard, status: shard.report.status })),
  };
  report.validity = assessValidity(report);
  const thresholds = scenario.thresholds ?? {};
  if (Object.keys(thresholds).length > 0) report.thresholds = evaluateThresholds(thresholds, report);
  return report;
}
