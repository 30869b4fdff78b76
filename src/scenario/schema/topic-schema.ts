/** `topic`: the topic the producers write and the consumer groups read. */
import { MAX_PARTITIONS, MAX_REPLICATION_FACTOR } from './limits.js';
import { booleanCheck, checked, integer, section, settings, show } from '../../util/schema-kit.js';

export const DEFAULT_TOPIC_NAME = 'compras';
export const DEFAULT_PARTITIONS = 6;

/** A Kafka topic name. */
export const topicName = checked<string>((x) => {
  if (typeof x !== 'string' || x === '') return `expected a non-empty topic name, got ${show(x)}`;
  if (!/^[A-Za-z0-9._-]{1,249}$/.test(x) || x === '.' || x === '..') return `expected a topic name of at most 249 letters, digits, ".", "_" and "-", got ${show(x)}`;
  return undefined;
});

export const topicSchema = section(
  {
    /** @default 'compras' */
    name: topicName.default(DEFAULT_TOPIC_NAME),
    /** On an embedded cluster, at most 4000 partition replicas per node. @default 6 */
    partitions: integer(1, MAX_PARTITIONS).default(DEFAULT_PARTITIONS),
    /** At most the node count of an embedded cluster. @default the embedded cluster's node count, at most 3; the broker's default on an external cluster */
    replicationFactor: integer(1, MAX_REPLICATION_FACTOR).optional(),
    /** Topic-level `min.insync.replicas`. @default the broker's (2 on three nodes) */
    minInsyncReplicas: integer(1, MAX_REPLICATION_FACTOR).optional(),
    /** Other topic configs, e.g. `{ 'retention.ms': '600000' }`. */
    configs: settings<string | number>(['string', 'number']).optional(),
    /**
     * Start every run on an empty topic. On an embedded cluster: delete and create the topic
     * before the run. On an external cluster kbench never deletes a topic it did not create: it
     * creates a topic of its own instead, `kbench-<name>-<run id>`, deleted at the end (see `keep`).
     * `false`: use the existing topic named `name` as it is (on an external cluster it must exist;
     * it is never deleted). Deleting an existing topic on an external cluster takes the command
     * line's `--recreate-topic`. @default true
     */
    recreate: checked<boolean>(booleanCheck).default(true),
    /** External clusters: keep the topic kbench created for the run after it ends (also `--keep-topic`). @default false */
    keep: checked<boolean>(booleanCheck).default(false),
  },
  'an object such as { name: "compras", partitions: 6 }',
).superRefine((topic, ctx) => {
  if (topic.configs?.['min.insync.replicas'] !== undefined && topic.minInsyncReplicas !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['configs', 'min.insync.replicas'], message: 'min.insync.replicas is already set by topic.minInsyncReplicas: keep one of them' });
  }
});
