/**
 * One shard of a sharded run (`kbench run --shard k/n`): the part of the plan shard k of n runs,
 * so that the n shards together are the scenario.
 * - Producers: every producer instance p (of P) of the scenario runs in every shard as index
 *   `p + k × P` (its own sequence space, id `<id>.s<k>`), sending slice k of p's schedule
 *   (messages k, k + n, k + 2n… at their intended times: sliced-schedule.ts), so the shards'
 *   messages are the scenario's, exactly, for any load shape. A closed loop's in-flight bound is
 *   split between the shards (remainders to the first ones).
 * - Consumers: each group keeps its id (the run id is shared) and shard k takes its members
 *   k, k + n, k + 2n… (in the plan's order, scheduled joiners included), with their steps.
 * - Faults and the cluster warm-up happen once, in shard 0 (the plan keeps them, as every shard's
 *   report describes the whole scenario: runner/shard-run.ts leaves them out elsewhere); so does the
 *   topic's creation (the other shards wait for it: run-ownership.ts).
 * Pure.
 */
import { KbenchError } from '../errors.js';
import { loadShapeOf } from '../workload/loads/load-shapes.js';
import { slicedCount } from '../workload/sliced-schedule.js';
import type { Plan, PlannedConsumer, PlannedConsumerGroup, PlannedProducer } from './plan-types.js';
import { placeOnWorkers } from './resolve-scenario.js';

/** The most shards a run may have. */
export const MAX_SHARDS = 1_000;

export interface ShardRequest {
  index: number;
  count: number;
  runId: string;
  startAtEpochMs: number | undefined;
}

/** `k/n` with 0 ≤ k < n (0-based, like Kubernetes' JOB_COMPLETION_INDEX). */
export function parseShard(text: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || !Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count < 1 || count > MAX_SHARDS || index >= count) {
    throw new KbenchError('usage', `--shard expects k/n with shards numbered from 0 (0 ≤ k < n ≤ ${MAX_SHARDS}), e.g. 0/2 and 1/2, got "${text}"`, {
      hint: 'on Kubernetes, an Indexed Job gives each pod its k as $JOB_COMPLETION_INDEX',
    });
  }
  return { index, count };
}

export function shardPlan(plan: Plan, request: ShardRequest): Plan {
  const { index, count } = request;
  refuseUnshardable(plan, count);
  const perShard = plan.producers.length;
  const producers = plan.producers.map((producer) => shardProducer(producer, index, count, perShard));
  const e2eProducerIndexes = { from: index * perShard, toExclusive: (index + 1) * perShard };
  const consumerGroups = plan.consumerGroups.map((group) => shardGroup(group, index, count, e2eProducerIndexes));
  const host = plan.workers[0]?.host ?? 'thread';
  const producerWorkers = plan.workers.filter((worker) => worker.producerIds.length > 0).length;
  const workers = placeOnWorkers(host, Math.max(1, producerWorkers), producers, consumerGroups);
  const runMs = plan.warmupMs + plan.durationMs;
  return {
    ...plan,
    producers,
    consumerGroups,
    workers,
    expectedMessages: expectedMessages(producers, runMs),
    shard: { index, count, runId: request.runId, startAtEpochMs: request.startAtEpochMs, producersPerShard: perShard },
  };
}

function refuseUnshardable(plan: Plan, count: number): void {
  if (plan.cluster.kind !== 'external' && plan.cluster.kind !== 'embedded') {
    throw new KbenchError('usage', 'a sharded run needs one cluster every shard reaches: give --brokers, or start one with kbench cluster start', {
      hint: 'a container cluster is started for one run and cannot be shared between shards',
    });
  }
  const backlog = plan.consumerGroups.find((group) => group.backlog !== undefined);
  if (backlog) {
    throw new KbenchError('usage', `consumer group ${backlog.groupId} builds a backlog, which a sharded run cannot do: each shard would pause on its own share of the lag`, {
      hint: 'run the backlog scenario unsharded',
    });
  }
  const stage = plan.consumerGroups.find((group) => group.stage !== undefined);
  if (stage) {
    throw new KbenchError('usage', `consumer group ${stage.groupId} is a pipeline stage, which a sharded run cannot do yet: each shard's report would check the output topic against its own producers only`, {
      hint: 'run the pipeline scenario unsharded',
    });
  }
  if (plan.topic.recreateExisting && count > 1) {
    throw new KbenchError('usage', '--recreate-topic cannot be used with --shard: a shard would delete the topic under the others', {
      hint: 'recreate the topic once beforehand, then run the shards with topic.recreate: false',
    });
  }
  for (const producer of plan.producers) {
    if (loadShapeOf(producer.load).maxInFlight(producer.load) !== undefined && producer.maxInFlight < count) {
      throw new KbenchError('usage', `producer ${producer.id} sends in a closed loop with at most ${producer.maxInFlight} in flight: too few to split between ${count} shards`, {
        hint: 'raise its load.maxInFlight to at least the number of shards',
      });
    }
  }
}

function shardProducer(producer: PlannedProducer, index: number, count: number, perShard: number): PlannedProducer {
  const globalIndex = producer.index + index * perShard;
  const closedLoop = loadShapeOf(producer.load).maxInFlight(producer.load) !== undefined;
  const maxInFlight = closedLoop ? Math.floor(producer.maxInFlight / count) + (index < producer.maxInFlight % count ? 1 : 0) : producer.maxInFlight;
  return {
    ...producer,
    id: count === 1 ? producer.id : `${producer.id}.s${index}`,
    index: globalIndex,
    seed: producer.seed + index * perShard,
    maxInFlight,
    clientConfig: { ...producer.clientConfig },
    ...(closedLoop || count === 1 ? {} : { slice: { index, count } }),
  };
}

function shardGroup(group: PlannedConsumerGroup, index: number, count: number, e2eProducerIndexes: PlannedConsumer['e2eProducerIndexes']): PlannedConsumerGroup {
  const members = group.members
    .filter((_, i) => i % count === index)
    .map((member) => ({ ...member, clientConfig: { ...member.clientConfig }, ...(count > 1 ? { e2eProducerIndexes } : {}) }));
  const local = new Set(members.map((member) => member.id));
  const schedule = group.schedule
    .map((step) => ({ ...step, consumerIds: step.consumerIds.filter((id) => local.has(id)) }))
    .filter((step) => step.consumerIds.length > 0);
  return { ...group, members, schedule };
}

function expectedMessages(producers: PlannedProducer[], runMs: number): number | undefined {
  let total = 0;
  for (const producer of producers) {
    const messages = loadShapeOf(producer.load).scheduledMessages(producer.load, runMs);
    if (messages === undefined) return undefined;
    total += producer.slice ? slicedCount(messages, producer.slice) : messages;
  }
  return total;
}
