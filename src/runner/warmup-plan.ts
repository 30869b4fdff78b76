/**
 * The load of the cluster warm-up, derived from the scenario: the same client, acks, message
 * size, batching and topic layout (so the brokers compile the code paths the run will use), one
 * producer at a moderate constant rate with a small in-flight bound (a cold cluster is offered no
 * more than it can take: what it cannot take is dropped as not attempted, never queued), and one
 * consumer (fetch paths, the group coordinator). Pure.
 */
import { loadShapeOf } from '../workload/loads/load-shapes.js';
import type { ClusterConnection } from '../clients/connection-security.js';
import type { Acks } from '../clients/client-adapter.js';
import type { Plan } from '../scenario/plan-types.js';
import { warmupTopicName } from '../scenario/cluster-ownership.js';
import { resolveScenario } from '../scenario/resolve-scenario.js';
import type { ProducerGroupInput, ScenarioInput } from '../scenario/scenario-types.js';

/** The topic the warm-up writes to (with the run id appended when given: `kbench-cluster-warmup-<run id>`); deleted when it ends. */
export const WARMUP_TOPIC = 'kbench-cluster-warmup';
/**
 * The warm-up rate stays within these bounds whatever the scenario's rate. The JIT needs traffic,
 * not volume: on a 2-core machine a fresh 3-node cluster settled in 104 s at 300 msg/s and in
 * 90–158 s at 2,000 on 6 partitions (7 runs). Warm-ups on 12 partitions (keys-hot's topic) stalled
 * at 3,000 and at 2,000 msg/s (acks near 0 for a minute and more, compilers idle) and never
 * settled within 300 s: not understood yet, and reported as a warm-up that did not settle.
 */
export const MIN_WARMUP_RATE_PER_SEC = 1_000;
export const MAX_WARMUP_RATE_PER_SEC = 2_000;
/** Rate when the scenario gives none (unthrottled producers, consumer-only runs). */
export const DEFAULT_WARMUP_RATE_PER_SEC = 2_000;
/** In-flight bound, in seconds of load: a steady cluster acknowledges within milliseconds. */
const IN_FLIGHT_SECONDS = 0.5;
const DEFAULT_SIZE_BYTES = 512;

export interface WarmupLoad {
  ratePerSec: number;
  acks: Acks;
  sizeBytes: number;
}

/** The warm-up rate: the scenario's total planned rate (its peak for ramps), within the bounds above. */
export function warmupRatePerSec(plan: Plan): number {
  const rates = plan.producers.map(({ load }) => loadShapeOf(load).peakRatePerSec(load));
  if (rates.length === 0 || rates.some((rate) => rate === undefined)) return DEFAULT_WARMUP_RATE_PER_SEC;
  const total = rates.reduce<number>((sum, rate) => sum + (rate ?? 0), 0);
  return Math.round(Math.min(MAX_WARMUP_RATE_PER_SEC, Math.max(MIN_WARMUP_RATE_PER_SEC, total)));
}

/** The warm-up run as a plan of its own, on `connection` (the cluster the run acquired); `runId` makes its topic and group the run's own. */
export function createWarmupPlan(plan: Plan, connection: ClusterConnection, runId?: string): { plan: Plan; load: WarmupLoad } {
  const first = plan.producers[0];
  const ratePerSec = warmupRatePerSec(plan);
  // acks=0 has no acknowledgement to time; acks=1 exercises the same write path.
  const acks: Acks = first === undefined ? 'all' : first.acks === 0 ? 1 : first.acks;
  const sizeBytes = first?.messageSizeBytes ?? DEFAULT_SIZE_BYTES;
  const producer: ProducerGroupInput = {
    name: 'cluster-warmup',
    count: 1,
    load: { type: 'constant', ratePerSec },
    acks,
    compression: first?.compression ?? 'none',
    // Every partition (so every broker as a leader) gets records.
    keys: { strategy: 'round-robin', count: 64 },
    message: { sizeBytes, seed: 1 },
    ...(first?.lingerMs !== undefined ? { lingerMs: first.lingerMs } : {}),
    ...(first?.batchSizeBytes !== undefined ? { batchSizeBytes: first.batchSizeBytes } : {}),
    ...(first ? { clientConfig: { ...first.clientConfig } } : {}),
  };
  const scenario: ScenarioInput = {
    name: `${plan.name}.cluster-warmup`,
    client: plan.client,
    cluster: { brokers: connection.brokers },
    topic: {
      name: runId === undefined ? WARMUP_TOPIC : warmupTopicName(WARMUP_TOPIC, runId),
      partitions: plan.topic.partitions,
      ...(plan.topic.replicationFactor > 0 ? { replicationFactor: plan.topic.replicationFactor } : {}),
      configs: { ...plan.topic.configs },
    },
    duration: `${plan.clusterWarmup.maxDurationMs}ms`,
    drain: '5s',
    clusterWarmup: { mode: 'off' },
    workers: 1,
    producers: [producer],
    consumers: [{ groupId: runId === undefined ? `${WARMUP_TOPIC}-${process.pid}` : `${WARMUP_TOPIC}-${runId}`, members: 1, startFrom: 'latest' }],
  };
  const warmup = resolveScenario(scenario, plan.scenarioFile);
  warmup.cluster = { kind: 'external', brokers: [...connection.brokers], security: connection.security };
  for (const planned of warmup.producers) planned.maxInFlight = Math.max(100, Math.ceil(ratePerSec * IN_FLIGHT_SECONDS));
  return { plan: warmup, load: { ratePerSec, acks, sizeBytes } };
}
