/**
 * @confluentinc/kafka-javascript alone, counting records (see `raw-consumer.ts`): the callback
 * API's `consume(n)` in a loop, as kbench's adapter reads, with the librdkafka settings the
 * adapter uses for throughput, and nothing done per record.
 */
import { createRequire } from 'node:module';
import type { KafkaConsumer } from '@confluentinc/kafka-javascript';
import { CONFLUENT_CONSUME_BATCH_SIZE, CONFLUENT_FETCH_QUEUE_BACKOFF_MS } from './confluent-adapter.js';
import { ArrivalCounter, type RawConsume } from './raw-consumer.js';

type RdKafkaModule = typeof import('@confluentinc/kafka-javascript');

export const rawConsume: RawConsume = async (input) => {
  const rdkafka = createRequire(import.meta.url)('@confluentinc/kafka-javascript') as RdKafkaModule;
  const counter = new ArrivalCounter(input.records);
  const consumer: KafkaConsumer = new rdkafka.KafkaConsumer(
    {
      'bootstrap.servers': input.brokers.join(','),
      'group.id': input.groupId,
      'enable.auto.commit': true,
      'fetch.queue.backoff.ms': CONFLUENT_FETCH_QUEUE_BACKOFF_MS,
    },
    { 'auto.offset.reset': 'earliest' },
  );
  await new Promise<void>((resolve, reject) => consumer.connect({ timeout: input.timeoutMs }, (error) => (error ? reject(error) : resolve())));
  consumer.setDefaultConsumeTimeout(100);
  consumer.subscribe([input.topic]);
  const deadlineMs = performance.now() + input.timeoutMs;
  try {
    await new Promise<void>((resolve, reject) => {
      const next = (): void => {
        if (performance.now() > deadlineMs) return resolve();
        consumer.consume(CONFLUENT_CONSUME_BATCH_SIZE, (error, messages) => {
          if (error) return reject(error);
          if (counter.add(messages.length)) return resolve();
          next();
        });
      };
      next();
    });
  } finally {
    await new Promise<void>((resolve) => consumer.disconnect(() => resolve()));
  }
  return counter.result();
};
