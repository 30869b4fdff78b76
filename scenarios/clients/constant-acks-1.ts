import { CLIENT_BENCH_RATE_PER_SEC, clientBench } from '../shared/client-bench.js';

/**
 * Open-model constant load, acks=1: 2,000 compras/s whatever the acknowledgements do, one
 * consumer member reading along. Measures, per client: produce response time (from each
 * message's intended send time to its acknowledgement by the partition leader), end-to-end
 * latency, and the CPU and memory the client spends per message at a rate it keeps up with.
 * The 30 s warm-up lets the start of the load (a new topic, the group joining) drain first.
 */
export default clientBench({
  name: 'clients-constant-acks-1',
  description: 'Constant 2,000 compras/s of 512 B, acks=1, one producer, one consumer member',
  warmup: '30s',
  duration: '30s',
  producer: { load: { type: 'constant', ratePerSec: CLIENT_BENCH_RATE_PER_SEC }, acks: 1 },
  consumers: [{ members: 1 }],
});
