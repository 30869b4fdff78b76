// Micro-benchmark of kbench's consumer hot path without Kafka: batches of 500 records shaped as
// @confluentinc/kafka-javascript delivers them (1 KiB value, the 20-byte kb header) go through
// the confluent adapter's per-record conversion and offset storing, and ConsumerMember's
// onRecords. Prints µs of CPU per record (the library's own consume cost is not included).
//   node bench/consumer-hot-path.mjs [records]   (after npm run build)
import { offsetsAfter as storeOffsets, toConsumedRecord } from '../dist/clients/confluent-consumer.js';
import { ConsumerMember } from '../dist/workers/consumer-member.js';
import { encodeMessageHeader } from '../dist/workload/message-header.js';
import { nowUs } from '../dist/metrics/clock.js';

const records = Number(process.argv[2] ?? 2_000_000);
const BATCH = 500;
const PARTITIONS = 6;

const planned = { id: 'bench#0', groupId: 'bench', workerId: 0, startFrom: 'earliest', groupProtocol: 'classic', processingTimeMs: 0, origin: 'initial', clientConfig: {} };
const member = new ConsumerMember(planned, {}, 'compras');
member.measureFrom(0);
const startUs = nowUs();
const batch = Array.from({ length: BATCH }, (_, i) => ({
  topic: 'compras',
  partition: i % PARTITIONS,
  offset: 0,
  key: null,
  value: Buffer.alloc(1024, 120),
  size: 1024,
  timestamp: Date.now(),
  headers: [{ kb: encodeMessageHeader({ producerIndex: 0, sequence: i, intendedUs: startUs }) }],
}));
const nextOffset = new Array(PARTITIONS).fill(0);
const cpuBefore = process.cpuUsage();
for (let done = 0; done < records; done += BATCH) {
  for (const message of batch) message.offset = nextOffset[message.partition]++;
  await member.onRecords(batch.map(toConsumedRecord));
  storeOffsets(batch);
  if (done % 100_000 === 0) member.snapshot();
}
const cpu = process.cpuUsage(cpuBefore);
console.log(`${records} records: ${((cpu.user + cpu.system) / records).toFixed(2)} µs of CPU per record (conversion, onRecords, offset storing)`);
