import { acksComparison } from './shared/acks-comparison.js';

/**
 * acks=all on three nodes with replication factor 3 and min.insync.replicas 2: a message is
 * acknowledged only once every in-sync replica (at least two) has it. Compare with acks-1.ts and acks-0.ts.
 */
export default acksComparison('all', 'Steady 2,000 compras/s, acks=all, RF 3, min ISR 2, one consumer group');
