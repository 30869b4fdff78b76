import { acksComparison } from './shared/acks-comparison.js';

/**
 * acks=0: the producer does not wait for the broker at all. Its "produce latency" then only
 * measures the client handing the message over; end-to-end latency and the consumed count tell
 * how the messages really fared. Same load as acks-all.ts.
 */
export default acksComparison(0, 'Steady 2,000 compras/s, acks=0, RF 3, min ISR 2, one consumer group');
