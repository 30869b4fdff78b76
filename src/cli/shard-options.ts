/** `kbench run`'s options for one shard of a sharded run: `--shard k/n`, `--run-id`, `--start-at`. */
import type { Command } from 'commander';
import { KbenchError } from '../errors.js';
import type { Plan } from '../scenario/plan-types.js';
import { parseShard, shardPlan } from '../scenario/shard-plan.js';

export interface ShardOptions {
  shard?: string;
  runId?: string;
  startAt?: string;
}

/** Letters, digits, `.`, `_` and `-` (Kafka's topic and group name characters), at most 64. */
const RUN_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
/** Latest `--start-at`: a Node.js timer waits at most 2^31 − 1 ms. */
const MAX_START_DELAY_MS = 2 ** 31 - 1;

export function registerShardOptions(command: Command): Command {
  return command
    .option('--shard <k/n>', 'run shard k of n (0-based, e.g. 0/2 and 1/2): this shard\'s share of the producers and consumer members; merge the shards\' reports with kbench merge')
    .option('--run-id <id>', 'the run id every shard shares (names the topic and groups): letters, digits, . _ -')
    .option('--start-at <time>', 'with --shard: start the load at this wall-clock time (ISO 8601, e.g. 2026-12-01T10:00:00Z), the same for every shard');
}

/** The plan of the shard the options ask for; the plan itself without `--shard`. */
export function applyShardOptions(plan: Plan, options: ShardOptions, nowMs: number = Date.now()): Plan {
  if (options.shard === undefined) {
    if (options.startAt !== undefined) throw new KbenchError('usage', '--start-at is for sharded runs: give --shard k/n too');
    if (options.runId !== undefined) throw new KbenchError('usage', '--run-id is for sharded runs: give --shard k/n too');
    return plan;
  }
  const { index, count } = parseShard(options.shard);
  if (options.runId === undefined) {
    throw new KbenchError('usage', '--shard needs --run-id: every shard of a run must use the same id (it names the topic and the consumer groups)', {
      hint: 'e.g. --run-id orders-test-1; on Kubernetes, the Job\'s name',
    });
  }
  if (!RUN_ID_PATTERN.test(options.runId)) {
    throw new KbenchError('usage', `--run-id expects 1 to 64 letters, digits, ".", "_" or "-" (it becomes part of topic and group names), got ${JSON.stringify(options.runId)}`);
  }
  let startAtEpochMs: number | undefined;
  if (options.startAt !== undefined) {
    startAtEpochMs = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(options.startAt) ? Date.parse(options.startAt) : Number.NaN;
    if (!Number.isFinite(startAtEpochMs)) {
      throw new KbenchError('usage', `--start-at expects an ISO 8601 time with its zone, e.g. 2026-12-01T10:00:00Z, got ${JSON.stringify(options.startAt)}`);
    }
    if (startAtEpochMs - nowMs > MAX_START_DELAY_MS) throw new KbenchError('usage', `--start-at is more than 24 days ahead: ${options.startAt}`);
  }
  return shardPlan(plan, { index, count, runId: options.runId, startAtEpochMs });
}
