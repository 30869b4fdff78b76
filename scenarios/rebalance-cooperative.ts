import { rebalanceScaling } from './shared/rebalance-scaling.js';

/**
 * The scale-out of rebalance-scale-out.ts with the classic protocol's incremental
 * `cooperative-sticky` assignor: only the partitions that move are revoked (in a first round),
 * then assigned to their new owners (in a second). Client confluent (kafkajs has only eager round-robin).
 */
export default rebalanceScaling('rebalance-cooperative', 'Consumers 1 → 2 → 4 → 8 on 12 partitions, classic cooperative-sticky assignor', {
  groupProtocol: 'classic',
  assignmentStrategy: 'cooperative-sticky',
});
