/**
 * The load of the cluster warm-up, derived from the scenario so the brokers compile the code
 * paths the run will use (a JVM's compiled code is specialised to what it has seen; a first run
 * whose traffic looked different still started with a backlog): the same client, acks, message
 * size, keys, batching and topic layout, one producer at a moderate constant rate with a small
 * in-flight bound (a cold cluster is offered no more than it can take: what it cannot take is
 * dropped as not attempted, never queued), and a consumer group like the scenario's first (its
 * protocol and assignor, up to 4 members). Pure.
 */
import type { Acks } from '../clients/client-adapter.js';
import type { Plan, PlannedKeys, PlannedLoad } from '../scenario/plan-types.js';
import { resolveScenario } from '../scenario/resolve-scenario.js';
import type { ConsumerGroupInput, KeysInput, ProducerGroupInput, ScenarioInput } from '../scenario/scenario-types.js';

/** The topic the warm-up writes to; deleted when it ends. */
export const WARMUP_TOPIC = 'kbench-cluster-warmup';
/** The warm-up rate stays within these bounds whatever the scenario's rate. */
export const MIN_WARMUP_RATE_PER_SEC = 1_000;
export const MAX_WARMUP_RATE_PER_SEC = 5_000;
/** Rate when the scenario gives none (unthrottled producers, consumer-only runs). */
export const DEFAULT_WARMUP_RATE_PER_SEC = 2_000;
/** In-flight bound, in seconds of load: a steady cluster acknowledges within milliseconds. */
const IN_FLIGHT_SECONDS = 0.5;
const DEFAULT_SIZE_BYTES = 512;
/** Consumer members of the warm-up's group at most (each is a worker of its own). */
const MAX_WARMUP_MEMBERS = 4;

export interface WarmupLoad {
  ratePerSec: number;
  acks: Acks;
  sizeBytes: number;
}

/** The warm-up rate: the scenario's total planned rate (its peak for ramps), within the bounds above. */
export function warmupRatePerSec(plan: Plan): number {
  const rates = plan.producers.map((producer) => peakRate(producer.load));
  if (rates.length === 0 || rates.some((rate) => rate === undefined)) return DEFAULT_WARMUP_RATE_PER_SEC;
  const total = rates.reduce<number>((sum, rate) => sum + (rate ?? 0), 0);
  return Math.round(Math.min(MAX_WARMUP_RATE_PER_SEC, Math.max(MIN_WARMUP_RATE_PER_SEC, total)));
}

function peakRate(load: PlannedLoad): number | undefined {
  if (load.type === 'constant') return load.ratePerSec;
  if (load.type === 'ramping') return Math.max(load.startRatePerSec, ...load.stages.map((stage) => stage.targetRatePerSec));
  return undefined;
}

/** The scenario's key strategy as a scenario would write it. */
function keysInput(keys: PlannedKeys): KeysInput {
  return keys.strategy === 'field' || keys.strategy === 'none' ? keys : { ...keys };
}

/** A group like the scenario's first (protocol, assignor, up to 4 members present from the start), or one member. */
function warmupGroup(plan: Plan): ConsumerGroupInput {
  const first = plan.consumerGroups[0];
  const members = Math.max(1, Math.min(MAX_WARMUP_MEMBERS, first?.members.filter((member) => member.origin === 'initial').length ?? 1));
  return {
    groupId: `kbench-cluster-warmup-${process.pid}`,
    members,
    startFrom: 'latest',
    ...(first ? { groupProtocol: first.groupProtocol } : {}),
    ...(first?.assignmentStrategy !== undefined ? { assignmentStrategy: first.assignmentStrategy } : {}),
  };
}

/** The warm-up run as a plan of its own, on `brokers` (the cluster the run acquired). */
export function createWarmupPlan(plan: Plan, brokers: string[]): { plan: Plan; load: WarmupLoad } {
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
    keys: first ? keysInput(first.keys) : { strategy: 'round-robin', count: 64 },
    message: { sizeBytes, seed: 1 },
    ...(first?.lingerMs !== undefined ? { lingerMs: first.lingerMs } : {}),
    ...(first?.batchSizeBytes !== undefined ? { batchSizeBytes: first.batchSizeBytes } : {}),
    ...(first ? { clientConfig: { ...first.clientConfig } } : {}),
  };
  const scenario: ScenarioInput = {
    name: `${plan.name}.cluster-warmup`,
    client: plan.client,
    cluster: { brokers },
    topic: {
      name: WARMUP_TOPIC,
      partitions: plan.topic.partitions,
      ...(plan.topic.replicationFactor > 0 ? { replicationFactor: plan.topic.replicationFactor } : {}),
      configs: { ...plan.topic.configs },
    },
    duration: `${plan.clusterWarmup.maxDurationMs}ms`,
    drain: '5s',
    clusterWarmup: { mode: 'off' },
    workers: 1,
    producers: [producer],
    consumers: [warmupGroup(plan)],
  };
  const warmup = resolveScenario(scenario, plan.scenarioFile);
  for (const planned of warmup.producers) planned.maxInFlight = Math.max(100, Math.ceil(ratePerSec * IN_FLIGHT_SECONDS));
  return { plan: warmup, load: { ratePerSec, acks, sizeBytes } };
}
