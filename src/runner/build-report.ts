/** Assembles the JSON report from what the run aggregated. Pure. */
import type { ClientErrorKind } from '../clients/client-adapter.js';
import {
  REPORT_ERROR_KINDS,
  REPORT_KIND,
  REPORT_SCHEMA_VERSION,
  type BacklogReport,
  type ConsumerEventReport,
  type ErrorCounts,
  type FaultReport,
  type KbenchReport,
  type OwnershipReport,
  type RebalanceReport,
  type ReportEnvironment,
  type ResourceSample,
  type RunFailure,
  type RunStatus,
  type ShardReport,
  type WorkerReport,
} from '../report/report-types.js';
import { assessSaturation, deliberateBacklog } from '../report/assess-saturation.js';
import { assessValidity } from '../report/assess-validity.js';
import { shardStatusDetail } from '../report/shard-status.js';
import { throughputOf } from '../report/throughput-stats.js';
import { evaluateThresholds } from '../thresholds/evaluate-thresholds.js';
import type { ClusterWarmupReport, ResourceUsageReport } from '../report/validity-types.js';
import type { Plan } from '../scenario/plan-types.js';
import type { KsqlReport } from '../report/pipeline-types.js';
import { maskSecretsDeep, planSecrets } from '../scenario/redact-secrets.js';
import type { LogCheckResult } from './log-check.js';
import { allErrors, type RunAggregator } from './run-aggregator.js';
import { reportScenarioOf } from './report-scenario.js';
import { explainUnconsumed, type DrainOutcome } from './unconsumed-reasons.js';

export interface ReportInput {
  plan: Plan;
  status: RunStatus;
  failure: RunFailure | undefined;
  aggregator: RunAggregator;
  environment: ReportEnvironment;
  clientConfig: KbenchReport['clientConfig'];
  startedAtMs: number;
  endedAtMs: number;
  warmupRunMs: number;
  measuredRunMs: number;
  resources: ResourceSample[];
  workers: WorkerReport[];
  rebalances: RebalanceReport[];
  consumerEvents: ConsumerEventReport[];
  faults: FaultReport[];
  /** The cluster warm-up before the run; undefined when the run never got that far. */
  clusterWarmup?: ClusterWarmupReport;
  /** CPU, event-loop and memory use per process with the bottleneck verdict. */
  resourceUsage?: ResourceUsageReport;
  /** What happened beyond the status (e.g. messages left unconsumed, and why). */
  statusDetail?: string[];
  /** The log check at the end: tells lost from unconsumed (without it every unconsumed message counts as lost). */
  logCheck?: LogCheckResult;
  /** How the drain ended (for the reasons messages were left unconsumed). */
  drain?: DrainOutcome;
  /** The topic and groups the run used and what kbench did with them. */
  ownership?: OwnershipReport;
  /** A group's deliberate backlog and its catch-up (undefined when it never paused). */
  backlog?: BacklogReport | undefined;
  /** What kbench did on the ksqlDB server (the scenario's `ksql`). */
  ksql?: KsqlReport;
  /** A shard of a sharded run: its place, host and clock (the plan's `shard` says which part it ran). */
  shard?: ShardReport;
}


export function buildReport(input: ReportInput): KbenchReport {
  const { aggregator, plan } = input;
  const totals = aggregator.totals();
  const errorTotals = allErrors(totals);
  const errors = Object.fromEntries(REPORT_ERROR_KINDS.map((kind) => [kind, errorTotals[kind] ?? 0])) as ErrorCounts;
  const partitionIds = new Set<number>([
    ...Array.from({ length: plan.topic.partitions }, (_, i) => i),
    ...Object.keys(totals.producers.ackedByPartition).map(Number),
    ...Object.keys(totals.consumers.consumedByPartition).map(Number),
  ]);
  const lagEnd = aggregator.lagByGroup(totals);
  const reorderedByGroup = Object.fromEntries([...totals.groups].map(([groupId, counters]) => [groupId, counters.reordered]));
  // A shard sees part of the run: the delivery verdict is the merged report's, from the sets.
  const integrity = input.shard ? undefined : aggregator.verifier.report(reorderedByGroup, input.logCheck);
  const explanation = integrity
    ? explainUnconsumed({
        plan,
        status: input.status,
        integrity,
        consumerEvents: input.consumerEvents,
        clientConfig: input.clientConfig,
        drain: input.drain,
        unconsumedByPartition: input.logCheck?.unconsumedByPartition ?? {},
      })
    : undefined;
  if (integrity?.unconsumedReasons && explanation) integrity.unconsumedReasons = explanation.reasons;
  const statusDetail = [...(input.statusDetail ?? []), ...(input.logCheck && explanation ? explanation.statusDetail : []), ...(input.shard ? [shardStatusDetail(input.shard)] : [])];
  const report: KbenchReport = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    kind: REPORT_KIND,
    status: input.status,
    scenario: reportScenarioOf(plan),
    clientConfig: input.clientConfig,
    environment: input.environment,
    startedAt: new Date(input.startedAtMs).toISOString(),
    endedAt: new Date(input.endedAtMs).toISOString(),
    durationMs: Math.round(input.measuredRunMs),
    warmupMs: Math.round(input.warmupRunMs),
    counts: {
      sent: totals.producers.sent,
      acked: totals.producers.acked,
      failed: totals.producers.failed,
      notAttempted: totals.producers.notAttempted,
      consumed: totals.consumers.consumed,
      sentBytes: totals.producers.sentBytes,
      ackedBytes: totals.producers.ackedBytes,
      consumedBytes: totals.consumers.consumedBytes,
      expected: plan.expectedMessages ?? null,
    },
    errors,
    errorSamples: aggregator.errorSamples as Partial<Record<ClientErrorKind, string[]>>,
    throughput: throughputOf(aggregator.timeline),
    latency: aggregator.latency(),
    partitions: [...partitionIds]
      .sort((a, b) => a - b)
      .map((partition) => ({
        partition,
        acked: totals.producers.ackedByPartition[partition] ?? 0,
        consumed: totals.consumers.consumedByPartition[partition] ?? 0,
      })),
    consumerGroups: plan.consumerGroups.map((group) => ({
      groupId: group.groupId,
      members: group.members.length,
      consumed: totals.groups.get(group.groupId)?.consumed ?? 0,
      lagEnd: lagEnd[group.groupId] ?? 0,
    })),
    timeline: aggregator.timeline,
    ...(integrity ? { integrity } : {}),
    rebalances: input.rebalances,
    consumerEvents: input.consumerEvents,
    faults: input.faults,
    resources: input.resources,
    workers: input.workers,
    ...(input.failure ? { failure: input.failure } : {}),
    ...(statusDetail.length > 0 ? { statusDetail } : {}),
    ...(input.clusterWarmup ? { clusterWarmup: input.clusterWarmup } : {}),
    ...(input.ownership ? { ownership: input.ownership } : {}),
    ...(input.resourceUsage ? { resourceUsage: input.resourceUsage } : {}),
    ...(input.backlog ? { backlog: input.backlog } : {}),
    ...(aggregator.stages.active ? { pipeline: aggregator.stages.report() } : {}),
    ...(input.ksql ? { ksql: input.ksql } : {}),
    ...(input.shard ? { shard: input.shard, deliverySets: aggregator.verifier.sets(plan, reorderedByGroup) } : {}),
    saturation: assessSaturation(
      plan.producers.map((producer) => producer.load),
      aggregator.timeline,
      // A shard's own lag is a difference with the other shards' share in it: the merged report judges the groups.
      input.shard ? [] : plan.consumerGroups.map((group) => group.groupId),
      input.backlog ? deliberateBacklog(input.backlog) : undefined,
    ),
  };
  report.validity = assessValidity(report);
  if (Object.keys(plan.thresholds).length > 0 && !input.shard) report.thresholds = evaluateThresholds(plan.thresholds, report);
  // Secret settings are `***` in `scenario`; this also masks them in messages (error samples, failures).
  return maskSecretsDeep(report, planSecrets(plan));
}
