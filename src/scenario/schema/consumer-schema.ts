/** `consumers[]`: a consumer group, its members, its membership schedule and its backlog. */
import { parseBacklogSize } from '../backlog-size.js';
import { MAX_INSTANCES_PER_GROUP, MAX_TIMER_MS } from './limits.js';
import { stageSchema } from './stage-schema.js';
import { topicName } from './topic-schema.js';
import { checked, duration, integer, list, nonEmptyStringCheck, nonNegative, oneOf, section, settings, show, variants } from '../../util/schema-kit.js';

const STEP_EXAMPLE = 'a step such as { at: "10s", action: "scale", members: 4 }';
/** When a step happens, since the run started (second 0 of the timeline, warm-up included). */
const at = duration(false);
/** @default 1 */
const count = integer(1, MAX_INSTANCES_PER_GROUP).default(1);
const memberStep = <A extends 'join' | 'leave' | 'crash'>(action: A) => section({ at, action: oneOf([action] as const), count }, STEP_EXAMPLE);

/**
 * One change of a consumer group's membership, `at` a time since the run started (second 0 of
 * the timeline, warm-up included; before the end of warm-up plus duration). Steps are in time order.
 * - `scale`: to `members` members — newcomers join, the newest members leave gracefully;
 * - `join` / `leave`: `count` members join, or the newest `count` leave gracefully (close: the group rebalances at once);
 * - `crash`: the newest `count` members are killed without leaving: the group notices only after the session timeout;
 * - `slow`: the newest `count` members take `processingTimeMs` per message from then on.
 */
export const consumerStepSchema = variants(
  'action',
  {
    scale: section({ at, action: oneOf(['scale'] as const), members: integer(0, MAX_INSTANCES_PER_GROUP) }, STEP_EXAMPLE),
    join: memberStep('join'),
    leave: memberStep('leave'),
    crash: memberStep('crash'),
    slow: section({ at, action: oneOf(['slow'] as const), count, processingTimeMs: nonNegative('milliseconds', MAX_TIMER_MS) }, STEP_EXAMPLE),
  },
  STEP_EXAMPLE,
);

/**
 * A deliberate consumer outage: `after` a time since the run started (after the warm-up), every
 * member of the group stops fetching (the client's `pause()`: the members stay in the group, keep
 * heartbeating and own their partitions, so nothing rebalances) while the producers keep
 * producing; once the backlog has reached `size` the members resume fetching, and kbench measures
 * the catch-up (report section `backlog`). At most one group per scenario has one, and that group
 * has no `schedule`.
 */
const backlogSchema = section(
  {
    /** When the group stops fetching, since the run started: at least 1 s after the warm-up, before the producers stop. */
    after: duration(false),
    /**
     * How big the backlog grows before the group resumes: a message count (`'200000 messages'`),
     * bytes of record values (`'100MB'`, `'64MiB'`, `'500KB'`; KB/MB/GB are powers of 1000, KiB/MiB/GiB of 1024)
     * or a time (`'60s'`: resume that long after the pause). Counts and bytes are the growth of the
     * group's lag since the pause, checked every second; if the producers stop first, the group resumes then.
     */
    size: checked<string>((x) =>
      typeof x === 'string' && parseBacklogSize(x) !== undefined ? undefined : `expected a size above 0 such as "200000 messages", "100MB", "64MiB" or "60s", got ${show(x)}`,
    ),
  },
  "an object such as { after: '20s', size: '50000 messages' }",
);

export const consumerGroupSchema = section(
  {
    /** Kafka group id, unique among the groups. @default 'kbench-<scenario name>-<index>' */
    groupId: checked<string>(nonEmptyStringCheck).optional(),
    /**
     * The topic the group reads: the scenario's `topic` or the output topic of a stage (another
     * group's `stage.output.name`). @default the scenario's `topic.name`
     */
    topic: topicName.optional(),
    /** Makes the group a pipeline stage: its members transform what they read and write it to `stage.output` (see `stageSchema`). @default none */
    stage: stageSchema.optional(),
    /** Members of the group when the load starts, 0 to 64. Each member runs on its own worker. @default 1 */
    members: integer(0, MAX_INSTANCES_PER_GROUP).default(1),
    /**
     * Group protocol: `classic` (join/sync rounds, client-side assignors) or `consumer`, the
     * KIP-848 protocol of Kafka 4 brokers (server-side assignment, incremental), for clients
     * that have it (confluent). @default 'classic'
     */
    groupProtocol: oneOf(['classic', 'consumer'] as const).default('classic'),
    /**
     * Classic protocol only: `range` and `roundrobin` are eager (every member gives up every
     * partition at each rebalance), `cooperative-sticky` is incremental. kafkajs has only
     * `roundrobin`. @default the client's ('range' for confluent, 'roundrobin' for kafkajs)
     */
    assignmentStrategy: oneOf(['range', 'roundrobin', 'cooperative-sticky'] as const).optional(),
    /** Classic protocol only: how long the group waits for a silent (crashed) member, 6s to 30m by the broker's defaults. @default the client's (45s) */
    sessionTimeout: duration(true).optional(),
    /** Membership changes during the run (scale out and in, crashes, slow members). */
    schedule: list(consumerStepSchema, STEP_EXAMPLE.replace('a step such as', 'an array of steps such as')).default([]),
    /** Where a member starts when the group has no committed offset. @default 'earliest' */
    startFrom: oneOf(['earliest', 'latest'] as const).default('earliest'),
    /** A deliberate outage of the whole group while the producers go on, then the catch-up (see `backlogSchema`). @default none */
    backlog: backlogSchema.optional(),
    /** Simulated work per message, in milliseconds (a slow consumer). @default 0 */
    processingTimeMs: nonNegative('milliseconds', MAX_TIMER_MS).default(0),
    /** Client-native settings passed through verbatim; recorded in the report. */
    clientConfig: settings(['string', 'number', 'boolean']).default({}),
  },
  'a consumer group such as { members: 2 }',
).superRefine((group, ctx) => {
  if (group.groupProtocol !== 'consumer') return;
  if (group.assignmentStrategy !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['assignmentStrategy'],
      message: 'the "consumer" group protocol (KIP-848) assigns on the broker: leave assignmentStrategy out (group.remote.assignor in clientConfig chooses the broker\'s assignor)',
    });
  }
  if (group.sessionTimeout !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['sessionTimeout'],
      message: 'the "consumer" group protocol (KIP-848) takes its session timeout from the broker (group.consumer.session.timeout.ms in cluster.brokerConfig)',
    });
  }
});

/** The group id of consumer group `index` when the scenario gives none. */
export function defaultConsumerGroupId(scenarioName: string, index: number): string {
  return `kbench-${scenarioName}-${index}`;
}
