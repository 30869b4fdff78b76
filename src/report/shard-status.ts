/** The sentence a shard's report carries instead of the verdicts only the merged report gives (and which the merge leaves out). Pure. */
import type { ShardReport } from './shard-types.js';

const PREFIX = (shard: Pick<ShardReport, 'index' | 'count' | 'runId'>): string => `shard ${shard.index}/${shard.count} of run ${shard.runId}: `;

export function shardStatusDetail(shard: Pick<ShardReport, 'index' | 'count' | 'runId'>): string {
  return (
    `${PREFIX(shard)}delivery, thresholds, the groups' lag and rebalances are judged on the merged report ` +
    `(kbench merge of every shard's report), as this shard sees only its own members; its end-to-end latency covers its own producers' records`
  );
}

/** True for that sentence of `shard`'s report. */
export function isShardStatusDetail(detail: string, shard: Pick<ShardReport, 'index' | 'count' | 'runId'>): boolean {
  return detail === shardStatusDetail(shard);
}
