import { defineScenario } from '../../src/index.js';
import type { ConsumerGroupInput, ScenarioInput } from '../../src/index.js';

/**
 * The load the rebalance scenarios share, so their reports compare one to one: 1,000 compras/s
 * keyed by customer into 12 partitions on three nodes, while one consumer group scales
 * 1 → 2 → 4 → 8 members, a step every 10 seconds after a 5-second warm-up. Only the group's
 * protocol and assignor differ between the files.
 */
export function rebalanceScaling(
  name: string,
  description: string,
  group: Pick<ConsumerGroupInput, 'groupProtocol' | 'assignmentStrategy'>,
): ScenarioInput {
  return defineScenario({
    name,
    description,
    cluster: { nodes: 3 },
    topic: { name: 'compras', partitions: 12, replicationFactor: 3, minInsyncReplicas: 2 },
    warmup: '5s',
    duration: '40s',
    drain: '20s',
    producers: [
      {
        load: { type: 'constant', ratePerSec: 1_000 },
        acks: 'all',
        keys: { strategy: 'field', field: 'customer' },
        message: { sizeBytes: 512 },
      },
    ],
    consumers: [
      {
        ...group,
        members: 1,
        schedule: [
          { at: '10s', action: 'scale', members: 2 },
          { at: '20s', action: 'scale', members: 4 },
          { at: '30s', action: 'scale', members: 8 },
        ],
      },
    ],
  });
}
