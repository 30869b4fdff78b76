import { defineScenario } from '../../src/index.js';
import type { AcksChoice, ScenarioInput } from '../../src/index.js';

/**
 * The load broker-failure-acks-all.ts and broker-failure-acks-1.ts share: 2,000 compras/s keyed
 * by customer on three nodes (RF 3, min ISR 2); at 15 s the leader of partition 0 is killed
 * (SIGKILL, no controlled shutdown) and restarted 10 s later. The report's delivery section
 * says what the producer's settings really guaranteed.
 */
export function brokerFailure(acks: AcksChoice, idempotent: boolean, description: string): ScenarioInput {
  return defineScenario({
    name: `broker-failure-acks-${acks}`,
    description,
    cluster: { nodes: 3 },
    topic: { name: 'compras', partitions: 6, replicationFactor: 3, minInsyncReplicas: 2 },
    warmup: '5s',
    duration: '40s',
    drain: '30s',
    producers: [
      {
        load: { type: 'constant', ratePerSec: 2_000 },
        acks,
        idempotent,
        keys: { strategy: 'field', field: 'customer' },
        message: { sizeBytes: 512 },
      },
    ],
    consumers: [{ members: 2 }],
    faults: [{ at: '15s', action: 'kill', node: 'leader', duration: '10s' }],
  });
}
