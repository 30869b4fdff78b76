/**
 * Who owns which partition of one consumer group, and which members are live, as the member
 * events tell it (an assignment adds owners, a revocation or a crash removes them). The rebalance
 * analysis (`rebalance-state.ts`) keeps one per group while it reads the events.
 */

/** How the group's partitions are owned right now. */
export interface OwnershipHealth {
  /** Partitions with no owner. */
  unowned: number;
  /** Partitions with more than one owner. */
  doubleOwned: number;
  /**
   * Every partition has exactly one owner, every owner is a live member, and as many members own
   * partitions as can (min(live members, partitions)).
   */
  settled: boolean;
}

export class GroupOwnership {
  private readonly owners = new Map<number, Set<string>>();
  private readonly ownedBy = new Map<string, Set<number>>();
  private readonly live = new Set<string>();

  constructor(readonly partitionCount: number) {}

  get liveMembers(): number {
    return this.live.size;
  }

  /** A member joined (or is joining): it counts as live from now. */
  join(consumerId: string): void {
    this.live.add(consumerId);
  }

  /** A member left, is leaving or crashed: it is no longer live (what it owns stays until revoked). */
  depart(consumerId: string): void {
    this.live.delete(consumerId);
  }

  assign(consumerId: string, partition: number): void {
    let set = this.owners.get(partition);
    if (!set) this.owners.set(partition, (set = new Set()));
    set.add(consumerId);
    let owned = this.ownedBy.get(consumerId);
    if (!owned) this.ownedBy.set(consumerId, (owned = new Set()));
    owned.add(partition);
  }

  revoke(consumerId: string, partition: number): void {
    this.owners.get(partition)?.delete(consumerId);
    this.ownedBy.get(consumerId)?.delete(partition);
  }

  /** The partition's one owner; null when it has none or several. */
  ownerOf(partition: number): string | null {
    const set = this.owners.get(partition);
    return set && set.size === 1 ? ([...set][0] ?? null) : null;
  }

  /** Every partition's one owner (null: none or several). */
  ownerByPartition(): Map<number, string | null> {
    const owners = new Map<number, string | null>();
    for (let p = 0; p < this.partitionCount; p++) owners.set(p, this.ownerOf(p));
    return owners;
  }

  /** The partitions of each member owning any, sorted. */
  partitionsByMember(): Map<string, number[]> {
    return new Map([...this.ownedBy].filter(([, set]) => set.size > 0).map(([id, set]) => [id, [...set].sort((a, b) => a - b)]));
  }

  health(): OwnershipHealth {
    let unowned = 0;
    let doubleOwned = 0;
    let ownersAlive = true;
    for (let p = 0; p < this.partitionCount; p++) {
      const set = this.owners.get(p);
      if (!set || set.size === 0) unowned++;
      else if (set.size > 1) doubleOwned++;
      for (const id of set ?? []) if (!this.live.has(id)) ownersAlive = false;
    }
    const owning = [...this.ownedBy.values()].filter((set) => set.size > 0).length;
    const settled = unowned === 0 && doubleOwned === 0 && ownersAlive && owning === Math.min(this.live.size, this.partitionCount);
    return { unowned, doubleOwned, settled };
  }
}
