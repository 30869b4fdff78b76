import { defineScenario } from '../src/index.js';
import { PIPELINE_LOAD } from './shared/pipeline.js';

/**
 * An at-most-once enrich stage (commit, then write) with one of its two members killed at 25 s:
 * what the killed member had committed but not yet written is never read again — the readers
 * downstream count it as lost. Behind it, two stages read `compras-enriched`: a filter keeping
 * electronics (at-least-once, → `compras-electronica`) and a per-store, per-second aggregate
 * (→ `compras-por-tienda`, whose outputs stand for windows and are not checked message by message).
 */
export default defineScenario({
  name: 'pipeline-at-most-once',
  description: 'compras → enrich (at-most-once, one of 2 killed at 25 s) → compras-enriched → filter electronica / aggregate per store, 500 compras/s',
  ...PIPELINE_LOAD,
  drain: '30s',
  consumers: [
    {
      groupId: 'enrich',
      members: 2,
      sessionTimeout: '10s',
      stage: { transform: { type: 'enrich' }, semantics: 'at-most-once', output: { name: 'compras-enriched' }, processingCostUs: 100 },
      schedule: [{ at: '25s', action: 'crash' }],
    },
    {
      groupId: 'electronica',
      topic: 'compras-enriched',
      stage: { transform: { type: 'filter', categories: ['electronica'] }, semantics: 'at-least-once', output: { name: 'compras-electronica' } },
    },
    {
      groupId: 'por-tienda',
      topic: 'compras-enriched',
      stage: { transform: { type: 'aggregate' }, semantics: 'at-least-once', output: { name: 'compras-por-tienda', partitions: 3 } },
    },
    { groupId: 'electronica-readers', topic: 'compras-electronica' },
    { groupId: 'por-tienda-readers', topic: 'compras-por-tienda' },
  ],
});
