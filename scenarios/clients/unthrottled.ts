import { clientBench } from '../shared/client-bench.js';

/**
 * Unthrottled, acks=1: one producer sends whenever fewer than 2,000 messages are in flight (a
 * closed loop, so the run is marked `unthrottled`, never `saturated`). Measures each client's
 * producer capacity on this machine (acknowledged msg/s) and its CPU per message when flat
 * out; its latencies are queueing behind the in-flight bound by design. No consumer group, so
 * the producer has the client's whole share of the cores.
 */
export default clientBench({
  name: 'clients-unthrottled',
  description: 'Unthrottled 512 B compras, acks=1, at most 2,000 in flight, one producer, no consumer',
  warmup: '10s',
  duration: '30s',
  producer: { load: { type: 'unthrottled', maxInFlight: 2_000 }, acks: 1 },
  consumers: [],
});
