/**
 * The kafkajs and confluent consumers' per-batch conversions: headers as kbench's record of
 * Buffers, and (confluent) the offsets to store after a handled batch, one per partition.
 */
import type { Message } from '@confluentinc/kafka-javascript';
import { describe, expect, it } from 'vitest';
import { normaliseRdkafkaHeaders, offsetsAfter } from '../../src/clients/confluent-consumer.js';
import { normaliseKafkajsHeaders } from '../../src/clients/kafkajs-consumer.js';

function message(partition: number, offset: number, topic = 'compras'): Message {
  return { topic, partition, offset, value: Buffer.alloc(1), size: 1 } as Message;
}

describe('confluent: the offsets stored after a batch', () => {
  it('are, per partition, the offset after its highest record, in the order partitions first appear', () => {
    const batch = [message(2, 5), message(2, 6), message(0, 1), message(2, 7), message(0, 0), message(1, 9), message(1, 3, 'other')];
    expect(offsetsAfter(batch)).toEqual([
      { topic: 'compras', partition: 2, offset: 8 },
      { topic: 'compras', partition: 0, offset: 2 },
      { topic: 'compras', partition: 1, offset: 10 },
      { topic: 'other', partition: 1, offset: 4 },
    ]);
    expect(offsetsAfter([])).toEqual([]);
  });

  it('headers: the last value per key, strings as Buffers', () => {
    const headers = normaliseRdkafkaHeaders([{ kb: Buffer.from([1]) }, { text: 'x' }, { kb: Buffer.from([2]) }]);
    expect(Object.keys(headers)).toEqual(['kb', 'text']);
    expect([...(headers.kb ?? [])]).toEqual([2]);
    expect(headers.text?.toString()).toBe('x');
  });
});

describe('kafkajs: headers', () => {
  it('the last of repeated values, strings as Buffers, undefined left out', () => {
    const headers = normaliseKafkajsHeaders({ kb: [Buffer.from([1]), Buffer.from([2])], text: 'x', none: undefined });
    expect(Object.keys(headers)).toEqual(['kb', 'text']);
    expect([...(headers.kb ?? [])]).toEqual([2]);
    expect(headers.text?.toString()).toBe('x');
    expect(normaliseKafkajsHeaders(undefined)).toEqual({});
  });

  it("kafkajs's own object when every value is one Buffer (no copy per record)", () => {
    const decoded = { kb: Buffer.from([1]), other: Buffer.from([2]) };
    expect(normaliseKafkajsHeaders(decoded)).toBe(decoded);
    expect(normaliseKafkajsHeaders({})).toEqual({});
  });
});
