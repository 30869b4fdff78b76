import { brokerFailure } from './shared/broker-failure.js';

/**
 * acks=1 while the leader of partition 0 is killed and comes back: the leader acknowledges before
 * its followers have the message, so messages acknowledged just before the kill can be lost when
 * a follower that lacked them becomes leader. The delivery section counts them.
 */
export default brokerFailure(1, false, 'Leader killed at 15 s and restarted at 25 s; acks=1, RF 3, min ISR 2');
