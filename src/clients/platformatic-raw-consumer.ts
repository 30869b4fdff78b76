/**
 * @platformatic/kafka alone, counting records (see `raw-consumer.ts`): its consume stream in
 * flowing mode from the earliest offset, the library's autocommit every `AUTO_COMMIT_INTERVAL_MS`
 * (5 s, as kbench's adapter commits what it handled), library defaults otherwise (kbench's
 * adapter sets none for throughput). The stream has no batch delivery (1.35 pushes one message at a time, and 'data'
 * in flowing mode hands each over without buffering), so the records of one fetch response are
 * counted together: each 'data' only increments, and one microtask after the response's pushes
 * adds them up.
 */
import { Consumer } from '@platformatic/kafka';
import { AUTO_COMMIT_INTERVAL_MS } from './commit-interval.js';
import { ArrivalCounter, type RawConsume } from './raw-consumer.js';

export const rawConsume: RawConsume = async (input) => {
  const counter = new ArrivalCounter(input.records);
  const consumer = new Consumer({ clientId: 'kbench-raw', groupId: input.groupId, bootstrapBrokers: input.brokers });
  let timer: NodeJS.Timeout | undefined;
  try {
    const stream = await consumer.consume({ topics: [input.topic], mode: 'earliest', autocommit: AUTO_COMMIT_INTERVAL_MS });
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(resolve, input.timeoutMs);
      let arrived = 0;
      const count = (): void => {
        const records = arrived;
        arrived = 0;
        if (counter.add(records)) resolve();
      };
      stream.on('data', () => {
        if (arrived++ === 0) queueMicrotask(count);
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
