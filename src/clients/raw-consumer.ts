/**
 * A client library alone, reading a topic from its start and only counting: the ceiling kbench's
 * consumer on that client is measured against (`bench:peers`). Each client declares its own in
 * `<name>-raw-consumer.ts`, registered beside its adapter. It uses the library's fastest way to
 * receive records, with the settings kbench's adapter gives the same client for throughput, and
 * does nothing with a record but count it.
 */
export interface RawConsumeInput {
  brokers: string[];
  topic: string;
  groupId: string;
  /** Stop once this many records arrived. */
  records: number;
  /** Give up after this long, with what arrived by then. */
  timeoutMs: number;
}

export interface RawConsumeResult {
  records: number;
  /** From the consumer's creation to its first record, ms (connecting, joining the group). */
  firstRecordAfterMs: number;
  /** From the first record to the last, ms: records ÷ this is the fetch rate, as ConsumerPerformance's. */
  fetchMs: number;
}

export type RawConsume = (input: RawConsumeInput) => Promise<RawConsumeResult>;

/** Counts arrivals and says when the target is reached; shared by the raw consumers. */
export class ArrivalCounter {
  records = 0;
  private readonly createdMs = performance.now();
  private firstMs: number | undefined;
  private lastMs = 0;

  constructor(private readonly target: number) {}

  /** Counts `count` records that arrived now; true once the target is reached. */
  add(count: number): boolean {
    if (count <= 0) return this.records >= this.target;
    const now = performance.now();
    this.firstMs ??= now;
    this.lastMs = now;
    this.records += count;
    return this.records >= this.target;
  }

  result(): RawConsumeResult {
    const first = this.firstMs;
    return { records: this.records, firstRecordAfterMs: first === undefined ? 0 : first - this.createdMs, fetchMs: first === undefined ? 0 : this.lastMs - first };
  }
}
