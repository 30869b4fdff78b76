import { acksComparison } from './shared/acks-comparison.js';

/**
 * acks=1: the leader acknowledges as soon as it has written the message, before any follower
 * copied it. Same load as acks-all.ts, so the two reports compare directly.
 */
export default acksComparison(1, 'Steady 2,000 compras/s, acks=1, RF 3, min ISR 2, one consumer group');
