/**
 * The drain after the producers stop: when every group has caught up, what to say when a crashed
 * member's partitions will come back only after the drain's bound, and how the drain ended.
 *
 * A group that reads everything has caught up when it consumed every acknowledged message at
 * least once (distinct messages: records consumed twice after a rebalance do not hide a
 * crashed member's partitions still waiting for their session timeout). Other groups have caught
 * up when their lag (acknowledged − consumed records) is 0.
 */
import type { Plan } from '../scenario/plan-types.js';
import { readsEverything } from './delivery-verifier.js';
import type { RunAggregator } from './run-aggregator.js';
import { describePendingCrashAtDrain, pendingCrashes, type DrainOutcome } from './unconsumed-reasons.js';

const US_PER_MS = 1000;

export class DrainWatch {
  private announced = false;
  private outcomeValue: DrainOutcome | undefined;

  constructor(
    private readonly plan: Plan,
    private readonly aggregator: RunAggregator,
    private readonly log: (line: string) => void,
    /** A shard's view of the whole run's groups (shard-run.ts): its own counts see only part of them. */
    private readonly shardProbe?: { caughtUp(): boolean },
  ) {}

  /** True when every group has consumed everything acknowledged (see the file comment). */
  caughtUp(): boolean {
    if (this.shardProbe) return this.shardProbe.caughtUp();
    const lag = this.aggregator.lagByGroup();
    const atMostOnce = new Set(this.plan.consumerGroups.filter((g) => g.stage?.semantics === 'at-most-once').map((g) => g.groupId));
    return this.plan.consumerGroups.every((group) => {
      // Behind an at-most-once stage, what it lost never comes: the group has caught up once it read what was written.
      const byMessage = readsEverything(group) && !group.upstreamStages.some((id) => atMostOnce.has(id));
      return byMessage ? this.aggregator.verifier.missingCount(group.groupId) === 0 : (lag[group.groupId] ?? 0) === 0;
    });
  }

  /** Once, as the drain starts: says which crashed members' partitions come back only after the drain's end. */
  announce(runStartUs: number, producersStoppedUs: number, drainEndUs: number, consumerConfigs: Record<string, Record<string, string | number | boolean>>): void {
    if (this.announced) return;
    this.announced = true;
    const events = this.aggregator.membership.consumerEvents(runStartUs, runStartUs + Number.MAX_SAFE_INTEGER);
    const drainEndMs = (drainEndUs - runStartUs) / US_PER_MS;
    const stoppedMs = (producersStoppedUs - runStartUs) / US_PER_MS;
    for (const crash of pendingCrashes(this.plan, events, consumerConfigs, Number.POSITIVE_INFINITY)) {
      if (crash.reassignAtMs > drainEndMs) this.log(describePendingCrashAtDrain(this.plan, crash, drainEndMs, stoppedMs));
    }
  }

  /** Records how the drain ended (the first call wins). */
  ended(runStartUs: number, producersStoppedUs: number, endedUs: number, boundMs: number): void {
    this.outcomeValue ??= {
      producersStoppedAtMs: (producersStoppedUs - runStartUs) / US_PER_MS,
      endedAtMs: (endedUs - runStartUs) / US_PER_MS,
      boundMs,
      boundReached: !this.caughtUp(),
    };
  }

  get outcome(): DrainOutcome | undefined {
    return this.outcomeValue;
  }
}
