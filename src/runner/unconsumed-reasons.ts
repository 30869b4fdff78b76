/**
 * Why acknowledged messages were left unconsumed at the end of a run, in sentences for the
 * report (`integrity.unconsumedReasons`, `statusDetail`) and the live log: a crashed member whose
 * partitions wait for its session timeout, a slow group, the drain bound, an interruption.
 * Pure: a function of the plan, what the members saw and how the drain ended.
 */
import { capabilitiesOf } from '../clients/client-registry.js';
import { effectiveSessionTimeout, type SessionTimeout } from '../clients/session-timeouts.js';
import { formatCount } from '../report/console-format.js';
import type { ConsumerEventReport, IntegrityReport, KbenchReport, RunStatus } from '../report/report-types.js';
import type { Plan, PlannedConsumerGroup } from '../scenario/plan-types.js';

/** How the run's drain ended. Times are ms since the run started (second 0 of the timeline). */
export interface DrainOutcome {
  /** When the producers stopped. */
  producersStoppedAtMs: number;
  /** When the consumers stopped being waited for. */
  endedAtMs: number;
  /** The bound on that wait: the plan's `drainMs`, or the short catch-up after an interruption. */
  boundMs: number;
  /** True when the bound ended it, with some group still behind. */
  boundReached: boolean;
}

/** A crashed member whose partitions the group had not handed to anyone else by `untilMs`. */
export interface PendingCrash {
  groupId: string;
  consumerId: string;
  crashedAtMs: number;
  partitions: number[];
  sessionTimeout: SessionTimeout;
  /** When the group notices the crash and reassigns its partitions: the crash plus the session timeout. */
  reassignAtMs: number;
}

const seconds = (ms: number): string => (ms / 1000).toFixed(1);
const wholeSeconds = (ms: number): string => `${Math.round(ms / 1000)} s`;
const partitionList = (partitions: number[]): string => `${partitions.length === 1 ? 'partition' : 'partitions'} ${partitions.join(', ')}`;

/** The session timeout a member ran with: the group's setting, its client configuration, or the client's default. */
export function sessionTimeoutOf(plan: Plan, group: PlannedConsumerGroup, consumerConfig: Record<string, string | number | boolean> | undefined): SessionTimeout {
  if (group.sessionTimeoutMs !== undefined && group.groupProtocol === 'classic') return { ms: group.sessionTimeoutMs, source: 'configured' };
  return effectiveSessionTimeout(plan.client, group.groupProtocol, consumerConfig);
}

/** Crashes up to `untilMs` whose partitions (some of them) had not been assigned to another member by then. */
export function pendingCrashes(plan: Plan, events: readonly ConsumerEventReport[], consumerConfigs: Record<string, Record<string, string | number | boolean>>, untilMs: number): PendingCrash[] {
  const pending: PendingCrash[] = [];
  for (const crash of events) {
    if (crash.type !== 'crashed' || crash.atMs > untilMs) continue;
    const group = plan.consumerGroups.find((g) => g.groupId === crash.groupId);
    if (!group) continue;
    const reassigned = new Set<number>();
    for (const event of events) {
      if (event.groupId === crash.groupId && event.type === 'assigned' && event.atMs > crash.atMs && event.atMs <= untilMs) for (const p of event.partitions ?? []) reassigned.add(p);
    }
    const partitions = (crash.partitions ?? []).filter((p) => !reassigned.has(p));
    if (partitions.length === 0) continue;
    const sessionTimeout = sessionTimeoutOf(plan, group, consumerConfigs[crash.consumerId]);
    pending.push({ groupId: crash.groupId, consumerId: crash.consumerId, crashedAtMs: crash.atMs, partitions, sessionTimeout, reassignAtMs: crash.atMs + sessionTimeout.ms });
  }
  return pending;
}

/** `drain` long enough to wait out a reassignment at `reassignAtMs`, with a few seconds to catch up, in whole 5 s. */
export function drainToWaitOut(reassignAtMs: number, producersStoppedAtMs: number): string {
  const neededMs = reassignAtMs - producersStoppedAtMs + 5_000;
  return `${Math.ceil(neededMs / 5_000) * 5}s`;
}

function describeTimeout(plan: Plan, timeout: SessionTimeout): string {
  const whose = timeout.source === 'configured' ? 'its' : `the ${capabilitiesOf(plan.client).defaultsName} default`;
  return `${whose} ${wholeSeconds(timeout.ms)} session timeout`;
}

/** The live log's line when the drain starts while a crashed member's partitions wait beyond its end. */
export function describePendingCrashAtDrain(plan: Plan, crash: PendingCrash, drainEndMs: number, producersStoppedAtMs: number): string {
  return (
    `drain: ${crash.consumerId} crashed at ${seconds(crash.crashedAtMs)} s; its ${partitionList(crash.partitions)} go to another member only after ` +
    `${describeTimeout(plan, crash.sessionTimeout)} (about ${seconds(crash.reassignAtMs)} s), beyond the drain bound (${seconds(drainEndMs)} s): ` +
    `their messages will be reported as unconsumed (raise \`drain\` to ${drainToWaitOut(crash.reassignAtMs, producersStoppedAtMs)} to wait it out)`
  );
}

export interface UnconsumedExplanation {
  /** For `integrity.unconsumedReasons`. */
  reasons: string[];
  /** For `statusDetail`. */
  statusDetail: string[];
}

export interface ExplainInput {
  plan: Plan;
  status: RunStatus;
  integrity: IntegrityReport;
  consumerEvents: readonly ConsumerEventReport[];
  clientConfig: KbenchReport['clientConfig'];
  drain: DrainOutcome | undefined;
  /** Per group, per partition: unconsumed messages the log check found there (empty without a log read). */
  unconsumedByPartition: Record<string, Record<number, number>>;
}

/** The reasons, one sentence each, and the status detail of a run (empty when every acknowledged message was consumed). */
export function explainUnconsumed(input: ExplainInput): UnconsumedExplanation {
  const { plan, status, integrity, drain } = input;
  const logRead = integrity.logCheck?.method === 'log-read';
  const reasons: string[] = [];
  const endedAtMs = drain?.endedAtMs ?? Number.POSITIVE_INFINITY;
  const crashes = pendingCrashes(plan, input.consumerEvents, input.clientConfig.consumers, endedAtMs);
  for (const groupId of integrity.checkedGroups) {
    const group = integrity.groups[groupId];
    const planned = plan.consumerGroups.find((g) => g.groupId === groupId);
    if (!group || !planned) continue;
    const notConsumed = (group.unconsumed ?? 0) + (logRead ? 0 : group.lost);
    if (notConsumed === 0) continue;
    const byPartition = input.unconsumedByPartition[groupId] ?? {};
    let explained = 0;
    for (const crash of crashes.filter((c) => c.groupId === groupId)) {
      const count = crash.partitions.reduce((sum, p) => sum + (byPartition[p] ?? 0), 0);
      if (logRead && count === 0) continue;
      explained += count;
      const countText = logRead ? `${formatCount(count)} in ${partitionList(crash.partitions)}: ` : '';
      let sentence =
        `${countText}member ${crash.consumerId} crashed at ${seconds(crash.crashedAtMs)} s and its ${crash.partitions.length === 1 ? 'partition is' : 'partitions are'} ` +
        `reassigned only after ${describeTimeout(plan, crash.sessionTimeout)}, at about ${seconds(crash.reassignAtMs)} s`;
      if (status === 'aborted') sentence += `, but the run was aborted and ended at ${seconds(endedAtMs)} s`;
      else if (status === 'failed') sentence += `, but the run failed and ended at ${seconds(endedAtMs)} s`;
      else if (drain && crash.reassignAtMs > drain.producersStoppedAtMs + drain.boundMs) {
        sentence += `, beyond the ${wholeSeconds(drain.boundMs)} drain bound, which ended at ${seconds(endedAtMs)} s (raise \`drain\` to ${drainToWaitOut(crash.reassignAtMs, drain.producersStoppedAtMs)} to wait it out)`;
      } else sentence += `, after the run ended at ${seconds(endedAtMs)} s`;
      reasons.push(sentence);
    }
    const rest = logRead ? notConsumed - explained : crashes.some((c) => c.groupId === groupId) ? 0 : notConsumed;
    if (rest <= 0) continue;
    const slowestMs = Math.max(
      0,
      ...planned.members.map((m) => m.processingTimeMs),
      ...input.consumerEvents.filter((e) => e.groupId === groupId && e.type === 'slow').map((e) => e.processingTimeMs ?? 0),
    );
    const slow = slowestMs > 0 ? `group ${groupId} processes records slowly (up to ${slowestMs} ms per record) and` : `group ${groupId}`;
    const when =
      status === 'aborted'
        ? `when the run was aborted (consumers get ${wholeSeconds(drain?.boundMs ?? 0)} to catch up after an interruption)`
        : status === 'failed'
          ? 'when the run failed'
          : `when the ${wholeSeconds(drain?.boundMs ?? plan.drainMs)} drain bound was reached`;
    reasons.push(`${formatCount(rest)}${rest === notConsumed ? '' : ' more'}: ${slow} had not caught up ${when}`);
  }
  return { reasons, statusDetail: statusDetail(status, integrity, reasons, drain) };
}

function statusDetail(status: RunStatus, integrity: IntegrityReport, reasons: string[], drain: DrainOutcome | undefined): string[] {
  const detail: string[] = [];
  if (status === 'aborted') {
    detail.push(
      `aborted: the counts cover the load sent until the interruption${drain ? ` (${seconds(drain.producersStoppedAtMs)} s)` : ''} and what consumers read in the short catch-up after it; ` +
        'acknowledged messages they did not reach were looked for in the topic (unconsumed when found there, lost when not)',
    );
  }
  const unconsumed = integrity.unconsumed ?? 0;
  const method = integrity.logCheck?.method;
  const ended = status === 'completed' ? 'the drain ended' : 'the run ended';
  if (unconsumed > 0) {
    const summary = `${status}; ${formatCount(unconsumed)} acknowledged ${unconsumed === 1 ? 'message was' : 'messages were'} not consumed before ${ended} — they are in the topic, not lost`;
    if (reasons.length === 1) detail.push(`${summary}: ${reasons[0]}`);
    else detail.push(summary, ...reasons);
  }
  if (integrity.lost > 0 && method === 'log-read') {
    detail.push(`${formatCount(integrity.lost)} acknowledged ${integrity.lost === 1 ? 'message is' : 'messages are'} missing from the topic: lost`);
  } else if (integrity.lost > 0 && method === 'unavailable') {
    detail.push(`${formatCount(integrity.lost)} acknowledged messages were not consumed and could not be checked against the topic, so they count as lost`, ...(unconsumed === 0 ? reasons : []));
  }
  if (integrity.logCheck?.note && method !== 'not-needed') detail.push(`log check: ${integrity.logCheck.note}`);
  return detail;
}
