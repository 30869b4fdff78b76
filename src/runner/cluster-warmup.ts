/**
 * The cluster warm-up: on a cluster kbench has just started, the broker JVMs are still
 * interpreting and compiling their code, and on a small machine their JIT competes with the load
 * for the cores — a run measured then describes the compilers, not Kafka. Before the run, an
 * unmeasured load (warmup-plan.ts) runs on a topic of its own until the settle rule
 * (metrics/settle-rule.ts) holds or the bound is reached; the topic is then deleted and the
 * report's `clusterWarmup` says what happened.
 */
import type { ClusterConnection } from '../clients/connection-security.js';
import type { AcquiredCluster } from '../cluster/acquire-cluster.js';
import { createKafkaAdmin } from '../clients/kafka-admin.js';
import { KbenchError, errorMessage } from '../errors.js';
import { nowUs } from '../metrics/clock.js';
import { assessSettled, describeSettleRule, type SettleSecond } from '../metrics/settle-rule.js';
import type { ClusterWarmupReport, WarmupSecond } from '../report/validity-types.js';
import type { Plan } from '../scenario/plan-types.js';
import { READY_TIMEOUT_MS, SHUTDOWN_TIMEOUT_MS, SNAPSHOT_TIMEOUT_MS, START_MARGIN_US } from './fleet-timing.js';
import { JitSampler } from './jit-sampler.js';
import { RunAggregator } from './run-aggregator.js';
import { prepareTopic } from './topic-setup.js';
import { createWarmupPlan } from './warmup-plan.js';
import { WorkerFleet } from './worker-fleet.js';

/** Bound on the warm-up producer's last acknowledgements (what it misses matters to no one). */
const FLUSH_TIMEOUT_MS = 5_000;
/** A progress line every this many seconds. */
const PROGRESS_EVERY_SECONDS = 5;

export interface ClusterWarmupOptions {
  log(line: string): void;
  /** Ends the warm-up early (Ctrl-C); the report then says it did not settle. */
  interrupt?: AbortSignal;
  /** Receives a function that kills the warm-up's workers at once (a second Ctrl-C). */
  registerKill?: (kill: () => void) => void;
  /** The run's id: the warm-up's topic and group are then `kbench-cluster-warmup-<run id>`, the run's own. */
  runId?: string;
  /** Told what became of the warm-up's topic (created by this run or not, deleted or not). */
  onTopic?: (topic: { name: string; createdByKbench: boolean; deleted: boolean }) => void;
}

/** Why no warm-up is needed, or undefined when one should run. */
export function warmupSkipReason(plan: Plan, cluster: AcquiredCluster): string | undefined {
  const mode = plan.clusterWarmup.mode;
  if (cluster.warmedEarlier !== undefined) return cluster.warmedEarlier;
  if (mode === 'off') return 'turned off (clusterWarmup.mode, --cluster-warmup or KBENCH_CLUSTER_WARMUP is "off")';
  if (mode === 'always') return undefined;
  if (cluster.source === 'external') {
    return 'an external cluster: kbench did not start it and does not know how warm it is (clusterWarmup.mode "always" warms it too)';
  }
  if (cluster.source === 'persistent' && cluster.embedded?.warmedUpAt !== undefined) {
    return `the cluster from \`kbench cluster start\` was warmed up by an earlier run (${cluster.embedded.warmedUpAt})`;
  }
  return undefined;
}

export async function warmUpCluster(plan: Plan, cluster: AcquiredCluster, options: ClusterWarmupOptions): Promise<ClusterWarmupReport> {
  const boundMs = plan.clusterWarmup.maxDurationMs;
  const criterion = describeSettleRule();
  const clusterStartMs = cluster.startedInMs ?? null;
  const skip = warmupSkipReason(plan, cluster);
  if (skip !== undefined) {
    return { outcome: 'skipped', reason: skip, clusterStartMs, durationMs: 0, boundMs, load: null, criterion, seconds: [] };
  }
  const { plan: warmupPlan, load } = createWarmupPlan(plan, cluster.connection, options.runId);
  const topic = warmupPlan.topic.name;
  options.log(
    `warming the cluster up before measuring (at most ${boundMs / 1000} s): ${load.ratePerSec.toLocaleString('en-US')} msg/s of ${load.sizeBytes} B, ` +
      `acks=${load.acks}, on topic ${topic}, not measured`,
  );
  // A topic of this run's own: created new (an existing one of that name is never touched), deleted only when created here.
  const prepared = await prepareTopic(cluster.connection, warmupPlan.topic, options.log, options.runId === undefined ? undefined : 'create-new').catch((error: unknown) => {
    options.onTopic?.({ name: topic, createdByKbench: false, deleted: false });
    throw error;
  });
  let warnings = 0;
  const fleet = new WorkerFleet(warmupPlan, { onWarning: () => void warnings++ });
  options.registerKill?.(() => fleet.killAll());
  const aggregator = new RunAggregator(warmupPlan);
  const seconds: WarmupSecond[] = [];
  const settleSeconds: SettleSecond[] = [];
  // The brokers' compiler threads tell a JVM still compiling from a warm one (embedded brokers only).
  const jit = cluster.embedded ? new JitSampler(cluster.embedded) : undefined;
  let settled = false;
  let durationMs = 0;
  try {
    const ready = await Promise.race([fleet.start(cluster.connection, READY_TIMEOUT_MS).then(() => undefined), fleet.failed]);
    if (ready) throw new KbenchError('worker', `the cluster warm-up's worker failed: ${ready.message}`);
    const startUs = nowUs() + START_MARGIN_US;
    const endUs = startUs + boundMs * 1000;
    fleet.startLoad(startUs, startUs, endUs);
    jit?.start();
    aggregator.startSchedule(startUs, endUs);
    let lastPending: string | null = null;
    for (let second = 0; startUs + (second + 1) * 1_000_000 <= endUs; second++) {
      const tickUs = startUs + (second + 1) * 1_000_000;
      const stopped = await sleepUntil(tickUs, fleet, options.interrupt);
      // The bound is wall time: a worker slow to answer its snapshots must not stretch it.
      if (stopped || nowUs() > endUs + SNAPSHOT_TIMEOUT_MS * 1000) break;
      for (const snapshot of await fleet.snapshots(second, SNAPSHOT_TIMEOUT_MS)) aggregator.addSnapshot(snapshot);
      const entry = aggregator.closeSecond(second, 'warmup');
      const warmupSecond: WarmupSecond = {
        second,
        offeredPerSec: entry.offeredPerSec ?? entry.sentPerSec + entry.notAttemptedPerSec,
        ackedPerSec: entry.ackedPerSec,
        produceP50Ms: entry.produceP50Ms,
        produceP99Ms: entry.produceP99Ms,
        inFlight: entry.inFlight,
        jitCpuMs: jit?.sample() ?? null,
      };
      seconds.push(warmupSecond);
      settleSeconds.push({ ...warmupSecond, notAttemptedPerSec: entry.notAttemptedPerSec });
      durationMs = Math.max(0, Math.round((nowUs() - startUs) / 1000));
      const verdict = assessSettled(settleSeconds);
      if (verdict.settled) {
        settled = true;
        break;
      }
      lastPending = verdict.pending;
      if ((second + 1) % PROGRESS_EVERY_SECONDS === 0) {
        const ms = (value: number | null): string => (value === null ? '-' : `${value.toFixed(1)} ms`);
        options.log(
          `cluster warm-up ${second + 1} s: acked ${entry.ackedPerSec.toLocaleString('en-US')}/s of ${(entry.offeredPerSec ?? 0).toLocaleString('en-US')}/s offered, ` +
            `produce p50 ${ms(entry.produceP50Ms)} p99 ${ms(entry.produceP99Ms)}, busiest broker's JIT ${warmupSecond.jitCpuMs === null ? '-' : `${(warmupSecond.jitCpuMs / 10).toFixed(0)} % of a core`} — not settled: ${lastPending}`,
        );
      }
    }
    const failure = await Promise.race([fleet.failed, Promise.resolve(undefined)]);
    if (failure) throw new KbenchError('worker', `the cluster warm-up's worker failed: ${failure.message}`);
    await fleet.stopProducers(nowUs(), FLUSH_TIMEOUT_MS).catch(() => []);
    await fleet.shutdown(SHUTDOWN_TIMEOUT_MS).catch(() => []);
    const reason = settled
      ? `settled after ${Math.round(durationMs / 1000)} s of load`
      : options.interrupt?.aborted
        ? `interrupted after ${Math.round(durationMs / 1000)} s, before the cluster settled`
        : `not settled within its ${boundMs / 1000} s bound (last: ${lastPending ?? 'no figures'})${warnings > 0 ? `; ${warnings} client warning(s)` : ''}`;
    options.log(`cluster warm-up ${settled ? 'settled' : 'did NOT settle'}: ${reason}`);
    if (settled && cluster.source === 'persistent') cluster.embedded?.markWarmedUp();
    return {
      outcome: settled ? 'settled' : 'not-settled',
      reason,
      clusterStartMs,
      durationMs,
      boundMs,
      load: { client: plan.client, ratePerSec: load.ratePerSec, acks: load.acks, sizeBytes: load.sizeBytes, partitions: warmupPlan.topic.partitions },
      criterion,
      seconds,
    };
  } finally {
    fleet.killAll();
    const deleted = prepared.created && (await deleteWarmupTopic(cluster.connection, topic, options.log));
    if (cluster.source === 'external') await deleteWarmupGroups(cluster.connection, warmupPlan, options.log);
    options.onTopic?.({ name: topic, createdByKbench: prepared.created, deleted });
  }
}

/** Resolves true when the warm-up must end early (interrupted, or its worker died). */
function sleepUntil(targetUs: number, fleet: WorkerFleet, interrupt: AbortSignal | undefined): Promise<boolean> {
  if (interrupt?.aborted) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => finish(false), Math.max(0, (targetUs - nowUs()) / 1000));
    const onAbort = (): void => finish(true);
    interrupt?.addEventListener('abort', onAbort, { once: true });
    void fleet.failed.then(() => finish(true));
    function finish(stop: boolean): void {
      clearTimeout(timer);
      interrupt?.removeEventListener('abort', onAbort);
      resolve(stop);
    }
  });
}

async function deleteWarmupTopic(connection: ClusterConnection, topic: string, log: (line: string) => void): Promise<boolean> {
  const admin = createKafkaAdmin({ ...connection, retries: 1 });
  try {
    await admin.deleteTopic(topic);
    return true;
  } catch (error) {
    log(`could not delete the warm-up topic ${topic}: ${errorMessage(error)}`);
    return false;
  } finally {
    await admin.close().catch(() => {});
  }
}

/** On an external cluster, the warm-up's consumer group is not left behind (best effort). */
async function deleteWarmupGroups(connection: ClusterConnection, warmupPlan: Plan, log: (line: string) => void): Promise<void> {
  const admin = createKafkaAdmin({ ...connection, retries: 1 });
  try {
    const results = await admin.deleteGroups(warmupPlan.consumerGroups.map((group) => group.groupId));
    for (const result of results) if (!result.deleted && result.problem !== 'GROUP_ID_NOT_FOUND') log(`could not delete the warm-up's consumer group ${result.groupId}: ${result.problem ?? 'unknown error'}`);
  } catch (error) {
    log(`could not delete the warm-up's consumer group: ${errorMessage(error)}`);
  } finally {
    await admin.close().catch(() => {});
  }
}
