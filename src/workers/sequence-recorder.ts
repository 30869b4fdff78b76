/**
 * Collects the sequence numbers of one producer stream or of what a consumer saw, per producer,
 * between two snapshots, and hands them over as ranges (metrics/interval-set.ts): a second of
 * in-order traffic is one or a few ranges per producer, whatever the rate.
 */
import { toRanges } from '../metrics/interval-set.js';
import type { SequenceRanges } from '../metrics/snapshot-types.js';

export class SequenceRecorder {
  private readonly pending = new Map<number, number[]>();
  /** The last producer added to and its list: consecutive adds are mostly of one producer. */
  private lastProducer = -1;
  private lastList: number[] = [];

  add(producerIndex: number, sequence: number): void {
    if (producerIndex !== this.lastProducer) {
      let list = this.pending.get(producerIndex);
      if (!list) this.pending.set(producerIndex, (list = []));
      this.lastProducer = producerIndex;
      this.lastList = list;
    }
    this.lastList.push(sequence);
  }

  /** Everything since the last call, as ranges. */
  take(): SequenceRanges[] {
    const out: SequenceRanges[] = [];
    for (const [producerIndex, values] of this.pending) {
      if (values.length === 0) continue;
      out.push({ producerIndex, ...toRanges(values) });
    }
    this.pending.clear();
    this.lastProducer = -1;
    this.lastList = [];
    return out;
  }
}
