import { rebalanceScaling } from './shared/rebalance-scaling.js';

/**
 * The scale-out of rebalance-scale-out.ts with the consumer group protocol of KIP-848
 * (`group.protocol=consumer`, Kafka 4 brokers): the broker computes the assignment and each
 * member reconciles incrementally through its heartbeats; there is no group-wide barrier.
 * Client confluent (kafkajs has only the classic protocol).
 */
export default rebalanceScaling('rebalance-kip848', 'Consumers 1 → 2 → 4 → 8 on 12 partitions, KIP-848 consumer protocol', {
  groupProtocol: 'consumer',
});
