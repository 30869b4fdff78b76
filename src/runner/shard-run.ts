/**
 * What a shard of a sharded run does differently from a whole run (scenario/shard-plan.ts says
 * which part it runs): it starts its load at the wall-clock time all shards were given, and its
 * drain ends when the groups' committed offsets reach the topic's end — every shard's records,
 * not only its own, since its members read partitions whatever shard wrote them.
 */
import type { ClusterConnection } from '../clients/connection-security.js';
import { createKafkaAdmin, type KafkaAdmin } from '../clients/kafka-admin.js';
import { KbenchError, errorMessage } from '../errors.js';
import { nowUs } from '../metrics/clock.js';
import { hostname } from 'node:os';
import type { ShardReport } from '../report/report-types.js';
import type { Plan, PlannedShard } from '../scenario/plan-types.js';
import { US_PER_MS } from './run-timeline.js';

/** A start this far behind `--start-at` is said in the output (the shards' timelines then differ). */
const LATE_START_WARNING_MS = 1_000;
/** How often the drain asks for the groups' committed lag. */
const DRAIN_POLL_MS = 1_000;

/**
 * The monotonic time the load starts: `--start-at` when given (waited for; said when already
 * past), else `fallbackUs`.
 */
export async function shardStartUs(plan: Plan, fallbackUs: number, log: (line: string) => void, interrupt?: AbortSignal): Promise<number> {
  const startAt = plan.shard?.startAtEpochMs;
  if (startAt === undefined) return fallbackUs;
  const waitMs = startAt - Date.now();
  if (waitMs < -LATE_START_WARNING_MS) {
    log(`shard ${plan.shard?.index}/${plan.shard?.count}: ready ${(-waitMs / 1000).toFixed(1)} s after --start-at ${new Date(startAt).toISOString()}: starting now (this shard's timeline is shifted by that much)`);
    return fallbackUs;
  }
  if (waitMs > 0) {
    log(`shard ${plan.shard?.index}/${plan.shard?.count}: ready; the load starts at ${new Date(startAt).toISOString()} (in ${(waitMs / 1000).toFixed(1)} s)`);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(done, waitMs);
      function done(): void {
        interrupt?.removeEventListener('abort', aborted);
        resolve();
      }
      function aborted(): void {
        clearTimeout(timer);
        reject(new KbenchError('interrupted', 'interrupted while waiting for --start-at'));
      }
      interrupt?.addEventListener('abort', aborted, { once: true });
    });
  }
  return nowUs() + Math.max(0, startAt - Date.now()) * US_PER_MS;
}

/**
 * In a sharded run, whether every group has caught up: asked once a second, answered from the
 * last finished query (the first call starts one and says no). Errors are said once and the
 * answer stays no (the drain's bound then ends it).
 */
export class ShardDrainProbe {
  private admin: KafkaAdmin | undefined;
  private query: Promise<void> | undefined;
  private lastQueryMs = 0;
  private caughtUpValue = false;
  private warned = false;

  constructor(
    private readonly plan: Plan,
    private readonly connection: ClusterConnection,
    private readonly log: (line: string) => void,
  ) {}

  caughtUp(): boolean {
    if (this.query === undefined && Date.now() - this.lastQueryMs >= DRAIN_POLL_MS) {
      this.lastQueryMs = Date.now();
      this.query = this.ask().finally(() => {
        this.query = undefined;
      });
    }
    return this.caughtUpValue;
  }

  async close(): Promise<void> {
    await this.query?.catch(() => {});
    await this.admin?.close().catch(() => {});
  }

  private async ask(): Promise<void> {
    try {
      this.admin ??= createKafkaAdmin({ brokers: this.connection.brokers, security: this.connection.security, retries: 1 });
      const lags = await Promise.all(this.plan.consumerGroups.map((group) => this.admin?.committedLag(group.groupId, this.plan.topic.name)));
      this.caughtUpValue = lags.every((lag) => lag === 0);
    } catch (error) {
      if (!this.warned) this.log(`warning: could not read the consumer groups' committed offsets (${errorMessage(error)}): the drain ends at its bound`);
      this.warned = true;
    }
  }
}

/** The report's `shard` section. */
export function shardReport(shard: PlannedShard, runId: string, startedAtEpochMs: number): ShardReport {
  return {
    index: shard.index,
    count: shard.count,
    runId,
    host: hostname(),
    clockSource: "this host's system clock (Date.now, paired once with its monotonic clock); kbench does not synchronise clocks across hosts",
    startedAtEpochMs,
    startAt: shard.startAtEpochMs === undefined ? null : new Date(shard.startAtEpochMs).toISOString(),
  };
}

/** The faults this process injects: all of the plan's, but in a shard other than 0 (shard 0 injects them once). */
export function faultsOfThisShard(plan: Plan): Plan['faults'] {
  return plan.shard !== undefined && plan.shard.index > 0 ? [] : plan.faults;
}

/** The plan the cluster warm-up reads: in a shard other than 0 with the warm-up off (shard 0 warms the shared cluster). */
export function warmupPlanOfThisShard(plan: Plan): Plan {
  return plan.shard !== undefined && plan.shard.index > 0 ? { ...plan, clusterWarmup: { ...plan.clusterWarmup, mode: 'off' } } : plan;
}
