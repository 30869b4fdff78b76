import { brokerFailure } from './shared/broker-failure.js';

/**
 * acks=all with the idempotent producer while the leader of partition 0 is killed and comes back:
 * every acknowledged message is on at least two replicas, so none may be lost, and idempotence
 * keeps retries from writing duplicates. The report must show lost 0 and duplicated 0.
 */
export default brokerFailure('all', true, 'Leader killed at 15 s and restarted at 25 s; acks=all, idempotent, RF 3, min ISR 2');
