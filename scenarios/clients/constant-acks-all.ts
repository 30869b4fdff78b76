import { CLIENT_BENCH_RATE_PER_SEC, clientBench } from '../shared/client-bench.js';

/**
 * The load of constant-acks-1.ts with acks=all: every in-sync replica (at least 2 of 3) must have
 * the message before it is acknowledged. Measures, per client, the same figures; the produce
 * latency now includes the followers' fetch round, which each client waits for differently
 * (batching, requests in flight).
 */
export default clientBench({
  name: 'clients-constant-acks-all',
  description: 'Constant 2,000 compras/s of 512 B, acks=all, one producer, one consumer member',
  warmup: '30s',
  duration: '30s',
  producer: { load: { type: 'constant', ratePerSec: CLIENT_BENCH_RATE_PER_SEC }, acks: 'all' },
  consumers: [{ members: 1 }],
});
