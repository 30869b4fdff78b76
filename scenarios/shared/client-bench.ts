import { defineScenario } from '../../src/index.js';
import type { ConsumerGroupInput, ProducerGroupInput, ScenarioInput } from '../../src/index.js';

/**
 * What the scenarios of `scenarios/clients/` share, so that every client runs the same thing and
 * `kbench clients` compares like with like: three nodes, 6 partitions with replication factor 3
 * and min.insync.replicas 2, 512-byte compras keyed by customer, one producer instance and (where
 * there is one) a consumer group of one member — the client's own cost per message, not a fleet's.
 * No scenario names a client: `kbench clients` (or `--client`) chooses it, and every setting
 * here is one each registered client has (no compression, each client's default assignor).
 *
 * Rates are ones every client keeps up with on a 2-core machine that also runs the three broker
 * JVMs: 2,000 msg/s (kafkajs peaked near 18,000–20,000 msg/s there, confluent near 50,000).
 */
export const CLIENT_BENCH_RATE_PER_SEC = 2_000;

export function clientBench(input: {
  name: string;
  description: string;
  warmup: string;
  duration: string;
  drain?: string;
  partitions?: number;
  producer: Pick<ProducerGroupInput, 'load' | 'acks'> & Partial<ProducerGroupInput>;
  consumers: ConsumerGroupInput[];
}): ScenarioInput {
  return defineScenario({
    name: input.name,
    description: input.description,
    cluster: { nodes: 3 },
    topic: { name: 'compras', partitions: input.partitions ?? 6, replicationFactor: 3, minInsyncReplicas: 2 },
    warmup: input.warmup,
    duration: input.duration,
    ...(input.drain === undefined ? {} : { drain: input.drain }),
    producers: [
      {
        count: 1,
        lingerMs: 5,
        keys: { strategy: 'field', field: 'customer' },
        message: { sizeBytes: 512 },
        ...input.producer,
      },
    ],
    consumers: input.consumers,
  });
}
