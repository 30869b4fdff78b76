/**
 * Delivery callbacks of records a client has accepted and not yet reported, each under a small
 * integer slot: the integer travels with the record (librdkafka's opaque) and comes back in its
 * delivery report. Slots are reused, so a steady stream of sends allocates nothing here.
 */
import type { DeliveryCallback } from './client-adapter.js';

export class PendingDeliveries {
  private readonly callbacks: Array<DeliveryCallback | undefined> = [];
  private readonly freeSlots: number[] = [];
  private count = 0;

  /** Callbacks waiting for their report. */
  get size(): number {
    return this.count;
  }

  /** Registers a callback; returns its slot. */
  add(callback: DeliveryCallback): number {
    const slot = this.freeSlots.length > 0 ? (this.freeSlots.pop() as number) : this.callbacks.length;
    this.callbacks[slot] = callback;
    this.count++;
    return slot;
  }

  /** Removes and returns the callback of a slot; undefined when the slot is empty (already reported) or not a slot. */
  take(slot: unknown): DeliveryCallback | undefined {
    if (typeof slot !== 'number') return undefined;
    const callback = this.callbacks[slot];
    if (callback === undefined) return undefined;
    this.callbacks[slot] = undefined;
    this.freeSlots.push(slot);
    this.count--;
    return callback;
  }

  /** Removes and returns every waiting callback. */
  takeAll(): DeliveryCallback[] {
    const all: DeliveryCallback[] = [];
    for (let slot = 0; slot < this.callbacks.length; slot++) {
      const callback = this.take(slot);
      if (callback) all.push(callback);
    }
    return all;
  }
}
