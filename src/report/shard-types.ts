/**
 * What a report of one shard of a sharded run carries (`kbench run --shard i/n`), so that
 * `kbench merge` can rebuild the whole run exactly: which shard it was, on which host and clock,
 * and the delivery data as sequence ranges (a message produced by one shard and consumed by
 * another is accounted for only when the sets are joined). Plain data only.
 */

/** One inclusive range of sequence numbers, `[from, to]`. */
export type SequenceRange = [number, number];

/** A sharded run's place among its shards. */
export interface ShardReport {
  /** This shard, 0-based as on the command line (`--shard 0/2` and `--shard 1/2`) and as Kubernetes' `JOB_COMPLETION_INDEX`. */
  index: number;
  /** How many shards the run has. */
  count: number;
  /** The run id every shard of the run shares (`--run-id`); it names the topic and the groups. */
  runId: string;
  /** `os.hostname()` of the machine the shard ran on. */
  host: string;
  /**
   * Which clock `startedAtEpochMs` comes from, in words. Timelines of shards on different hosts
   * line up only as well as those clocks agree. End-to-end latency never crosses shards: a
   * shard's consumers read every shard's records but record the latency of their own shard's
   * producers' records only (send and receive times on one host's monotonic clock), so it holds
   * whatever the clocks' offset.
   */
  clockSource: string;
  /** Wall-clock time of the run's second 0, ms since the Unix epoch. */
  startedAtEpochMs: number;
  /** The wall-clock time the shards were told to start at (`--start-at`, ISO 8601 UTC); null when not given. */
  startAt: string | null;
}

/** Exact delivery data of one shard: its producers' outcomes and its members' consumption. */
export interface DeliverySetsReport {
  /**
   * Per producer instance of this shard. Indexes are unique across the run's shards: shard k of n
   * runs the scenario's producer p (of P) as index `p + k × P`.
   */
  producers: Array<{ producerIndex: number; producerId: string; acked: SequenceRange[]; failed: SequenceRange[] }>;
  /** Per consumer group this shard had members in: what they consumed of every producer, any shard's. */
  groups: Array<{
    groupId: string;
    /** The group reads the topic from its start (see `GroupIntegrity.readsEverything`). */
    readsEverything: boolean;
    consumed: Array<{ producerIndex: number; ranges: SequenceRange[] }>;
    /** Messages this shard's members consumed more than once. */
    duplicated: number;
    /** Out-of-order messages this shard's members counted. */
    reordered: number;
  }>;
}
