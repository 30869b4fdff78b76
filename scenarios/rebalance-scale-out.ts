import { rebalanceScaling } from './shared/rebalance-scaling.js';

/**
 * Scale a consumer group 1 → 2 → 4 → 8 under a steady load with the classic protocol's eager
 * `range` assignor: at every step every member gives up every partition, then gets its new
 * share. Compare with rebalance-cooperative.ts and rebalance-kip848.ts.
 */
export default rebalanceScaling('rebalance-scale-out', 'Consumers 1 → 2 → 4 → 8 on 12 partitions, classic eager range assignor', {
  groupProtocol: 'classic',
  assignmentStrategy: 'range',
});
