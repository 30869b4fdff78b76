import { CLIENT_BENCH_RATE_PER_SEC, clientBench } from '../shared/client-bench.js';

/**
 * Measures each client's consumer throughput, reading a prefilled topic alone. The producer
 * writes 2,000 compras/s for 60 s (warm-up included); at 20 s the group's only member pauses
 * fetching (the client's `pause()`: it stays in the group, nothing rebalances) and stays paused
 * while about 80,000 messages (41 MB) pile up — the backlog's size is set beyond what the producer
 * writes, so the member resumes when the producer stops (`backlog.resumeReason: producers-stopped`)
 * and then reads the backlog with no producer running. Its catch-up drain rate (messages consumed
 * per second from the resume until caught up, `backlog.drainRatePerSec`) is the consumer's
 * throughput, and `kbench clients` reports it as this scenario's consumed msg/s, with the
 * consumer's CPU per message over the same seconds. The reads are Kafka's fetch path from the
 * brokers' logs, not a client's prefetched memory (librdkafka's prefetched records are dropped at
 * the pause and fetched again). End-to-end latency here is the backlog's age, not a client figure.
 *
 * Why not a producer phase then a group that joins? Its join would count in the rate; the pause
 * keeps the member joined and measures only reading.
 */
export default clientBench({
  name: 'clients-consumer-backlog',
  description: 'One consumer member paused from 20 s until the producer stops at 60 s (about 80,000 messages), then reading them alone; 2,000 compras/s, acks=1',
  warmup: '15s',
  duration: '45s',
  drain: '60s',
  producer: { load: { type: 'constant', ratePerSec: CLIENT_BENCH_RATE_PER_SEC }, acks: 1 },
  consumers: [{ members: 1, backlog: { after: '20s', size: '1000000 messages' } }],
});
