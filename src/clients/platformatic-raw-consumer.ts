/**
 * @platformatic/kafka alone, counting records (see `raw-consumer.ts`): its consume stream in
 * flowing mode from the earliest offset, autocommit on, nothing done per record.
 */
import { Consumer } from '@platformatic/kafka';
import { ArrivalCounter, type RawConsume } from './raw-consumer.js';

export const rawConsume: RawConsume = async (input) => {
  const counter = new ArrivalCounter(input.records);
  const consumer = new Consumer({ clientId: 'kbench-raw', groupId: input.groupId, bootstrapBrokers: input.brokers });
  let timer: NodeJS.Timeout | undefined;
  try {
    const stream = await consumer.consume({ topics: [input.topic], mode: 'earliest', autocommit: true });
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(resolve, input.timeoutMs);
      stream.on('data', () => {
        if (counter.add(1)) resolve();
      });
      stream.on('error', reject);
    });
    await stream.close();
  } finally {
    clearTimeout(timer);
    await consumer.close(true);
  }
  return counter.result();
};
