import { defineScenario } from '../../src/index.js';
import type { ScenarioInput } from '../../src/index.js';

type Semantics = 'at-most-once' | 'at-least-once' | 'exactly-once';

/** The load every shipped pipeline runs on: 500 compras/s keyed by customer into `compras` on three nodes (RF 3, min ISR 2), 10 s warm-up, 40 s measured. */
export const PIPELINE_LOAD = {
  cluster: { nodes: 3 },
  topic: { name: 'compras', partitions: 6, replicationFactor: 3, minInsyncReplicas: 2 },
  warmup: '10s',
  duration: '40s',
  producers: [
    {
      load: { type: 'constant', ratePerSec: 500 },
      acks: 'all',
      idempotent: true,
      keys: { strategy: 'field', field: 'customer' },
    },
  ],
} satisfies Partial<ScenarioInput>;

/**
 * The pipeline pipeline-at-least-once.ts and pipeline-exactly-once.ts share: 500 compras/s keyed
 * by customer → `compras` → an `enrich` stage of two members (VAT split, spend tier; 100 µs of CPU
 * per event) → `compras-enriched` → one reader group. At 25 s one stage member is killed without
 * leaving; the group notices after its 10 s session timeout and the survivor takes its partitions
 * from the committed offsets. The reader's delivery check on `compras-enriched` says what the
 * semantics guaranteed through that crash.
 */
export function enrichPipeline(semantics: Semantics, description: string): ScenarioInput {
  return defineScenario({
    name: `pipeline-${semantics}`,
    description,
    ...PIPELINE_LOAD,
    drain: '40s',
    consumers: [
      {
        groupId: 'enrich',
        members: 2,
        sessionTimeout: '10s',
        stage: { transform: { type: 'enrich' }, semantics, output: { name: 'compras-enriched' }, processingCostUs: 100 },
        schedule: [{ at: '25s', action: 'crash' }],
      },
      { groupId: 'enriched-readers', topic: 'compras-enriched', members: 1 },
    ],
  });
}
