/**
 * kbench's transactional @platformatic/kafka producer (platformatic-producer.ts with
 * platformatic-transactions.ts) over a fake library producer: records go through the open
 * transaction, commit waits for every delivery first, a failed record blocks the commit, records
 * outside a transaction fail once with kind 'other', an empty transaction never reaches the
 * broker, and offsets are added one partition at a time as the library expects them.
 */
import { describe, expect, it } from 'vitest';
import type { ClientError, ConsumerAdapter, DeliveryReport } from '../../src/clients/client-adapter.js';
import { PlatformaticProducerAdapter, type PlatformaticSendOptions } from '../../src/clients/platformatic-producer.js';

interface SentBatch {
  messages: Array<{ topic: string; partition: number; value: Buffer }>;
  answer: (error?: Error) => void;
}

/** The library's Transaction as the adapter uses it: sends and offsets recorded, answered by the test. */
class FakeTransaction {
  readonly sends: SentBatch[] = [];
  readonly offsets: Array<{ topic: string; partition: number; offset: bigint; groupId: string }> = [];
  readonly log: string[] = [];
  offsetsInFlight = 0;

  constructor(private readonly producer: FakeProducer) {}

  send(options: { messages: SentBatch['messages'] }, callback: (error: Error | null, result?: unknown) => void): void {
    this.log.push(`send ${options.messages.length}`);
    this.sends.push({
      messages: options.messages,
      answer: (error) => {
        if (error) callback(error);
        else callback(null, { offsets: [{ topic: options.messages[0]?.topic, partition: options.messages[0]?.partition, offset: BigInt(this.sends.length * 100) }] });
      },
    });
  }

  async addConsumer(consumer: { groupId: string }): Promise<void> {
    this.log.push(`addConsumer ${consumer.groupId}`);
  }

  async addOffset(message: { topic: string; partition: number; offset: bigint; metadata: { consumer: { groupId: string } } }): Promise<void> {
    // The library deduplicates concurrent addOffset calls: the adapter must send one at a time.
    expect(this.offsetsInFlight).toBe(0);
    this.offsetsInFlight++;
    await new Promise((resolve) => setImmediate(resolve));
    this.offsetsInFlight--;
    this.offsets.push({ topic: message.topic, partition: message.partition, offset: message.offset, groupId: message.metadata.consumer.groupId });
  }

  async commit(): Promise<void> {
    this.log.push(`commit (unanswered sends: ${this.sends.length - this.answered()})`);
    this.producer.transaction = undefined;
  }

  async abort(): Promise<void> {
    this.log.push('abort');
    this.producer.transaction = undefined;
  }

  async cancel(): Promise<void> {
    this.log.push('cancel');
    this.producer.transaction = undefined;
  }

  answered = (): number => this.sends.filter((s) => (s as { done?: boolean }).done).length;
}

class FakeProducer {
  transaction: FakeTransaction | undefined;
  readonly transactions: FakeTransaction[] = [];

  async metadata(): Promise<{ topics: Map<string, { partitionsCount: number }> }> {
    return { topics: new Map([['out', { partitionsCount: 1 }]]) };
  }

  send(): void {
    throw new Error('a transactional producer must not send outside its transaction');
  }

  async beginTransaction(): Promise<FakeTransaction> {
    this.transaction = new FakeTransaction(this);
    this.transactions.push(this.transaction);
    return this.transaction;
  }

  async close(): Promise<void> {}
}

const OPTIONS: PlatformaticSendOptions = {
  acks: -1,
  deliveryTimeoutMs: 5_000,
  lingerMs: 0,
  batchSizeBytes: 1024 * 1024,
  maxRequestSizeBytes: 1024 * 1024,
  maxInFlightRequests: 1,
  maxQueuedRecords: 1_000,
};

interface Outcome {
  calls: number;
  error: ClientError | undefined;
  report: DeliveryReport | undefined;
}

function setUp() {
  const library = new FakeProducer();
  const adapter = new PlatformaticProducerAdapter(library as never, OPTIONS, {}, 'tx-1');
  const send = (value: string): Outcome => {
    const outcome: Outcome = { calls: 0, error: undefined, report: undefined };
    expect(adapter.send({ topic: 'out', key: null, value: Buffer.from(value) }, (error, report) => Object.assign(outcome, { calls: outcome.calls + 1, error, report }))).toBe(true);
    return outcome;
  };
  const transactions = adapter.transactions;
  if (!transactions) throw new Error('no transactions on a producer with a transactionalId');
  return { library, adapter, send, transactions };
}

/** Answers every send the transaction has, now and as they come, until `until` settles. */
async function answerSends(transaction: FakeTransaction, until: Promise<unknown>, error?: Error): Promise<void> {
  let settled = false;
  void until.finally(() => (settled = true)).catch(() => undefined);
  while (!settled) {
    for (const sent of transaction.sends) {
      const marked = sent as SentBatch & { done?: boolean };
      if (marked.done) continue;
      marked.done = true;
      sent.answer(error);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('the transactional @platformatic/kafka producer', () => {
  it('fails a record sent outside a transaction at once, once, with kind other; the library never sees it', () => {
    const { send } = setUp();
    const outcome = send('outside');
    expect(outcome.calls).toBe(1);
    expect(outcome.error?.kind).toBe('other');
    expect(outcome.error?.message).toMatch(/no transaction is open/);
  });

  it('sends through the open transaction and commits only after every record has its delivery', async () => {
    const { library, send, transactions } = setUp();
    await transactions.begin();
    const outcomes = [send('a'), send('b'), send('c')];
    const transaction = library.transaction as FakeTransaction;
    const committing = transactions.commit();
    await answerSends(transaction, committing);
    await committing;
    expect(outcomes.map((o) => o.calls)).toEqual([1, 1, 1]);
    expect(outcomes.every((o) => o.error === undefined && o.report !== undefined)).toBe(true);
    expect(transaction.log).toEqual(['send 3', 'commit (unanswered sends: 0)']);
    // After the commit, records are refused again.
    expect(send('late').error?.message).toMatch(/no transaction is open/);
  });

  it('refuses to commit a transaction one of whose records failed; abort then ends it', async () => {
    const { library, send, transactions } = setUp();
    await transactions.begin();
    const outcome = send('a');
    const transaction = library.transaction as FakeTransaction;
    const committing = transactions.commit();
    await answerSends(transaction, committing, Object.assign(new Error('broker said no'), { code: 'PLT_KFK_USER' }));
    await expect(committing).rejects.toMatchObject({ kind: 'other', message: expect.stringMatching(/cannot commit/) });
    expect(outcome).toMatchObject({ calls: 1, error: { kind: 'other' } });
    await transactions.abort();
    expect(transaction.log).toEqual(['send 1', 'abort']);
  });

  it('ends a transaction that sent nothing without asking the broker, and fails records still queued at an abort', async () => {
    const { library, send, transactions } = setUp();
    await transactions.begin();
    await transactions.commit();
    expect(library.transactions[0]?.log).toEqual(['cancel']);
    await transactions.begin();
    const queued = send('queued');
    // Aborted in the same tick: the record had not left the accumulator.
    await transactions.abort();
    expect(queued).toMatchObject({ calls: 1, error: { kind: 'other', message: expect.stringMatching(/aborted before the record was sent/) } });
    expect(library.transactions[1]?.log).toEqual(['cancel']);
  });

  it('adds offsets one partition at a time, each as the message before the next offset to read, with the consumer’s group', async () => {
    const { library, transactions } = setUp();
    const group = { groupId: 'g', generationId: 3, memberId: 'm-1', coordinatorId: 1 };
    const consumer = { libraryConsumer: () => group } as unknown as ConsumerAdapter;
    await transactions.begin();
    await Promise.all([
      transactions.sendOffsets(consumer, [
        { topic: 'in', partition: 0, offset: 0 },
        { topic: 'in', partition: 1, offset: 42 },
      ]),
      transactions.sendOffsets(consumer, [{ topic: 'in', partition: 2, offset: 7 }]),
    ]);
    const transaction = library.transaction as FakeTransaction;
    expect(transaction.offsets).toEqual([
      { topic: 'in', partition: 0, offset: -1n, groupId: 'g' },
      { topic: 'in', partition: 1, offset: 41n, groupId: 'g' },
      { topic: 'in', partition: 2, offset: 6n, groupId: 'g' },
    ]);
    await transactions.commit();
    expect(transaction.log).toEqual(['addConsumer g', 'addConsumer g', 'commit (unanswered sends: 0)']);
    await expect(transactions.sendOffsets({} as ConsumerAdapter, [])).rejects.toMatchObject({ kind: 'other' });
  });
});
