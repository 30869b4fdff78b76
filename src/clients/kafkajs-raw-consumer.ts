/**
 * kafkajs alone, counting records (see `raw-consumer.ts`): `run({ eachBatch })` with kafkajs
 * resolving and committing offsets as kbench's adapter does (every 5 s, sockets without Nagle),
 * and nothing done per record.
 */
import { Kafka, logLevel } from 'kafkajs';
import { AUTO_COMMIT_INTERVAL_MS } from './commit-interval.js';
import { kafkajsSocketFactory, KAFKAJS_SOCKET_NO_DELAY_DEFAULT } from './kafkajs-socket.js';
import { ArrivalCounter, type RawConsume } from './raw-consumer.js';

export const rawConsume: RawConsume = async (input) => {
  const counter = new ArrivalCounter(input.records);
  const kafka = new Kafka({ clientId: 'kbench-raw', brokers: input.brokers, logLevel: logLevel.NOTHING, socketFactory: kafkajsSocketFactory(KAFKAJS_SOCKET_NO_DELAY_DEFAULT) });
  const consumer = kafka.consumer({ groupId: input.groupId });
  await consumer.connect();
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.subscribe({ topics: [input.topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(resolve, input.timeoutMs);
      consumer
        .run({
          autoCommitInterval: AUTO_COMMIT_INTERVAL_MS,
          eachBatch: async ({ batch }) => {
            if (counter.add(batch.messages.length)) resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
  return counter.result();
};
