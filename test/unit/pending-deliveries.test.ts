import { describe, expect, it, vi } from 'vitest';
import { PendingDeliveries } from '../../src/clients/pending-deliveries.js';

describe('PendingDeliveries', () => {
  it('hands each callback back once, by its slot', () => {
    const pending = new PendingDeliveries();
    const a = vi.fn();
    const b = vi.fn();
    const slotA = pending.add(a);
    const slotB = pending.add(b);
    expect(pending.size).toBe(2);
    expect(pending.take(slotB)).toBe(b);
    expect(pending.take(slotB)).toBeUndefined();
    expect(pending.take(slotA)).toBe(a);
    expect(pending.size).toBe(0);
  });

  it('reuses freed slots, so a steady stream keeps few slots', () => {
    const pending = new PendingDeliveries();
    const first = pending.add(() => {});
    const second = pending.add(() => {});
    pending.take(first);
    expect(pending.add(() => {})).toBe(first);
    pending.take(second);
    expect(pending.add(() => {})).toBe(second);
    expect(pending.add(() => {})).toBe(2);
  });

  it('ignores what is not a slot (another opaque, a slot already reported)', () => {
    const pending = new PendingDeliveries();
    pending.add(() => {});
    expect(pending.take(undefined)).toBeUndefined();
    expect(pending.take({})).toBeUndefined();
    expect(pending.take(7)).toBeUndefined();
    expect(pending.size).toBe(1);
  });

  it('takeAll empties it', () => {
    const pending = new PendingDeliveries();
    const callbacks = [vi.fn(), vi.fn(), vi.fn()];
    const slots = callbacks.map((callback) => pending.add(callback));
    pending.take(slots[1]);
    expect(pending.takeAll()).toEqual([callbacks[0], callbacks[2]]);
    expect(pending.size).toBe(0);
    expect(pending.takeAll()).toEqual([]);
  });
});
