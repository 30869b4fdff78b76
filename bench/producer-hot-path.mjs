// Micro-benchmark of kbench's producer hot path without Kafka: the producer loop (event, key,
// header, histogram) sending to a stand-in client that acknowledges in batches of 100 on the
// next turn of the event loop, as librdkafka's delivery reports arrive. Prints µs per message.
// `copy` (default) stands for a client that copies records on send (confluent), `keep` for one
// that keeps references (kafkajs): the loop then allocates every message's Buffers.
//   node bench/producer-hot-path.mjs [messages] [sizeBytes] [copy|keep]   (after npm run build)
import { nowUs } from '../dist/metrics/clock.js';
import { ProducerLoop } from '../dist/workers/producer-loop.js';

const messages = Number(process.argv[2] ?? 1_000_000);
const sizeBytes = Number(process.argv[3] ?? 1024);
const copies = (process.argv[4] ?? 'copy') === 'copy';

/** Acknowledges every record, 100 per turn of the event loop, like librdkafka's dispatcher. */
class StandInProducer {
  pending = [];
  scheduled = false;
  copiesRecordOnSend = copies;
  async connect() {}
  async flush() {}
  async disconnect() {}
  effectiveConfig() {
    return {};
  }
  send(record, onDelivery) {
    this.pending.push(onDelivery);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.deliver());
    }
    return true;
  }
  deliver() {
    this.scheduled = false;
    const batch = this.pending.splice(0);
    for (let i = 0; i < batch.length; i++) batch[i](undefined, { partition: i % 6, offset: String(i) });
  }
}

const planned = {
  id: 'bench#0', index: 0, group: 'bench', workerId: 0,
  load: { type: 'unthrottled', maxInFlight: 10_000 }, maxInFlight: 10_000,
  acks: 1, idempotent: false, compression: 'none', lingerMs: 5, batchSizeBytes: 262144,
  keys: { strategy: 'none' }, messageSizeBytes: sizeBytes, seed: 1, clientConfig: {},
};
const producer = new StandInProducer();
const loop = new ProducerLoop(planned, producer, 'bench');
const cpuBefore = process.cpuUsage();
const startUs = nowUs();
loop.start(startUs, startUs, startUs + 600_000_000);
await new Promise((resolve) => {
  const check = () => (loop.counters.acked >= messages ? resolve() : setTimeout(check, 5));
  check();
});
const elapsedUs = nowUs() - startUs;
const cpu = process.cpuUsage(cpuBefore);
const cpuUs = cpu.user + cpu.system;
await loop.stop(nowUs(), 1_000);
const acked = loop.counters.acked;
console.log(`${acked} messages of ${sizeBytes} B in ${(elapsedUs / 1e6).toFixed(2)} s: ${(cpuUs / acked).toFixed(2)} µs of CPU per message (${copies ? 'copying' : 'keeping'} client) (${(elapsedUs / acked).toFixed(2)} µs wall), ${Math.round(acked / (elapsedUs / 1e6)).toLocaleString('en-US')} msg/s`);
process.exit(0);
