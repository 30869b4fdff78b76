/**
 * What a run may do to the topic and consumer groups it uses, and what it names them: the one
 * place that decides. Embedded clusters (run-scoped, or the persistent one of `kbench cluster
 * start`) are kbench's own: the scenario's topic is deleted and created fresh (`topic.recreate`,
 * default true) or used as is. On an external cluster kbench never deletes a topic it did not
 * create: by default it creates a topic of its own (`kbench-<name>-<run id>`) and deletes it at
 * the end (unless `topic.keep` / `--keep-topic`); `topic.recreate: false` writes into the
 * existing topic named exactly `topic.name`, never deleted; only `--recreate-topic` (the
 * command line, one run) deletes and recreates an existing topic there. Consumer group ids get
 * the run id on every cluster, so no run inherits another's committed offsets. Pure.
 */
import type { Plan, PlannedTopic } from './plan-types.js';

/** Prefix of every topic kbench creates for itself on an external cluster. */
export const OWN_TOPIC_PREFIX = 'kbench-';
/** Kafka's longest topic name. */
const MAX_TOPIC_NAME_LENGTH = 249;

/** Where the run's Kafka is, as far as ownership goes. */
export type ClusterOwner = 'kbench' | 'external';

/**
 * What happens to the run's topic before the run:
 * - `recreate`: delete it if it exists, then create it (kbench's clusters; `--recreate-topic`);
 * - `use-or-create`: use it as is when it exists, else create it (kbench's clusters, `recreate: false`);
 * - `use-existing`: use it as is; a missing topic is an error (external, `recreate: false`);
 * - `create-new`: create it; an existing topic of that name is an error, never deleted (external default);
 * - `await-shard-0`: a sharded run's shard other than 0 waits until shard 0 has created it.
 */
export type TopicPreparation = 'recreate' | 'use-or-create' | 'use-existing' | 'create-new' | 'await-shard-0';

export interface TopicPolicy {
  /** The topic the run writes to and reads from. */
  name: string;
  /** The name the scenario gave. */
  configuredName: string;
  preparation: TopicPreparation;
  /** Delete the topic at the end of the run (only ever a topic this run created). */
  deleteAtEnd: boolean;
  /** Why the topic is kept (when `deleteAtEnd` is false and the run may create it). */
  keptBecause: string | undefined;
}

export function clusterOwner(plan: Pick<Plan, 'cluster'>): ClusterOwner {
  return plan.cluster.kind === 'external' ? 'external' : 'kbench';
}

/** A short id, unique enough per run: 6 hex digits (from `random`, 0 ≤ x < 1). */
export function newRunId(random: () => number = Math.random): string {
  return Math.floor(random() * 0x1000000).toString(16).padStart(6, '0');
}

/** `kbench-<name>-<run id>`, within Kafka's 249 characters (the name part shortened when needed). */
export function ownTopicName(name: string, runId: string): string {
  const room = MAX_TOPIC_NAME_LENGTH - OWN_TOPIC_PREFIX.length - runId.length - 1;
  return `${OWN_TOPIC_PREFIX}${name.slice(0, room)}-${runId}`;
}

/** The group id a run uses: the configured (or default) id plus the run id. */
export function runGroupId(groupId: string, runId: string): string {
  return `${groupId}-${runId}`;
}

/** The cluster warm-up's topic of one run (never shared with another run, so never someone else's). */
export function warmupTopicName(prefix: string, runId: string): string {
  return `${prefix}-${runId}`;
}

export function topicPolicy(topic: PlannedTopic, owner: ClusterOwner, runId: string, shard?: { index: number }): TopicPolicy {
  const whole = wholeRunTopicPolicy(topic, owner, runId);
  if (shard === undefined) return whole;
  // A sharded run: one topic of the run (its name carries the shared run id), created once by shard 0
  // and kept, since any shard may still read it when another ends.
  const kept = 'a sharded run: kept, as other shards may still read it (delete it once every shard has ended)';
  if (whole.preparation === 'use-existing' || whole.preparation === 'use-or-create') return { ...whole, deleteAtEnd: false, keptBecause: kept };
  const name = owner === 'kbench' ? shardedTopicName(topic.name, runId) : whole.name;
  return { name, configuredName: topic.name, preparation: shard.index === 0 ? 'create-new' : 'await-shard-0', deleteAtEnd: false, keptBecause: kept };
}

/** A sharded run's topic on kbench's own cluster: `<name>-<run id>`, within Kafka's 249 characters. */
export function shardedTopicName(name: string, runId: string): string {
  return `${name.slice(0, MAX_TOPIC_NAME_LENGTH - runId.length - 1)}-${runId}`;
}

function wholeRunTopicPolicy(topic: PlannedTopic, owner: ClusterOwner, runId: string): TopicPolicy {
  const configuredName = topic.name;
  if (owner === 'kbench') {
    return { name: configuredName, configuredName, preparation: topic.recreate ? 'recreate' : 'use-or-create', deleteAtEnd: false, keptBecause: 'an embedded cluster: its topics are kbench\'s' };
  }
  if (topic.recreateExisting) {
    return { name: configuredName, configuredName, preparation: 'recreate', deleteAtEnd: false, keptBecause: '--recreate-topic: the topic keeps its name and stays' };
  }
  if (!topic.recreate) return { name: configuredName, configuredName, preparation: 'use-existing', deleteAtEnd: false, keptBecause: undefined };
  return {
    name: ownTopicName(configuredName, runId),
    configuredName,
    preparation: 'create-new',
    deleteAtEnd: !topic.keep,
    keptBecause: topic.keep ? 'kept on request (topic.keep or --keep-topic)' : undefined,
  };
}

/** What to do given whether the topic exists: delete it first, create it, or neither; or why the run cannot go on. */
export type TopicStep = { deleteFirst: boolean; create: boolean } | { error: string; hint: string };

export function topicStep(policy: TopicPolicy, exists: boolean): TopicStep {
  switch (policy.preparation) {
    case 'recreate':
      return { deleteFirst: exists, create: true };
    case 'use-or-create':
      return { deleteFirst: false, create: !exists };
    case 'use-existing':
      return exists
        ? { deleteFirst: false, create: false }
        : {
            error: `topic ${policy.name} does not exist on this cluster, and topic.recreate: false uses an existing topic as it is`,
            hint: 'create the topic first, or drop recreate: false to let kbench create a topic of its own (deleted at the end)',
          };
    case 'create-new':
      return exists
        ? {
            error: `topic ${policy.name} already exists: kbench creates a topic of its own for each run on an external cluster and never deletes one it did not create`,
            hint: 'run again (a new run id gives a new name), or delete the topic if it is a leftover of a kept run',
          }
        : { deleteFirst: false, create: true };
    case 'await-shard-0':
      return { deleteFirst: false, create: false };
  }
}

/**
 * The plan with the run's names: the topic's, the stages' and the ksqlDB query's output topics'
 * (`outputNames`, configured name → the run's; unchanged when absent), the topic each group reads, and every group id (and
 * the member ids built from it).
 */
export function withRunNames(plan: Plan, topicName: string, runId: string, outputNames: ReadonlyMap<string, string> = new Map()): Plan {
  const topicOf = (name: string): string => (name === plan.topic.name ? topicName : (outputNames.get(name) ?? name));
  const renamed = new Map<string, string>();
  const consumerGroups = plan.consumerGroups.map((group) => {
    const groupId = runGroupId(group.groupId, runId);
    const memberId = (id: string): string => {
      const next = id.startsWith(`${group.groupId}#`) ? `${groupId}${id.slice(group.groupId.length)}` : id;
      renamed.set(id, next);
      return next;
    };
    const members = group.members.map((member) => ({ ...member, id: memberId(member.id), groupId }));
    const schedule = group.schedule.map((step) => ({ ...step, consumerIds: step.consumerIds.map((id) => renamed.get(id) ?? id) }));
    const stage = group.stage ? { stage: { ...group.stage, outputTopic: topicOf(group.stage.outputTopic) } } : {};
    const upstreamStages = group.upstreamStages.map((id) => runGroupId(id, runId));
    return { ...group, groupId, topicName: topicOf(group.topicName), upstreamStages, ...stage, members, schedule };
  });
  const workers = plan.workers.map((worker) => ({ ...worker, consumerIds: worker.consumerIds.map((id) => renamed.get(id) ?? id) }));
  const outputTopics = plan.outputTopics.map((topic) => ({ ...topic, name: topicOf(topic.name) }));
  const ksql = plan.ksql ? { ksql: { ...plan.ksql, outputTopic: topicOf(plan.ksql.outputTopic) } } : {};
  return { ...plan, topic: { ...plan.topic, name: topicName }, outputTopics, consumerGroups, workers, ...ksql };
}

/** What the run will do with the topic and groups, in a sentence (for `kbench validate`). */
export function describeOwnership(plan: Plan): string {
  const owner = clusterOwner(plan);
  const policy = topicPolicy(plan.topic, owner, '<run id>');
  const groups = 'consumer group ids get the run id appended';
  if (owner === 'kbench') {
    return policy.preparation === 'recreate'
      ? `an embedded cluster: kbench deletes and creates topic ${policy.name} before the run; ${groups}`
      : `an embedded cluster: kbench uses topic ${policy.name} as it is (created when missing); ${groups}`;
  }
  const groupsEnd = `${groups} and are deleted at the end`;
  switch (policy.preparation) {
    case 'recreate':
      return `an external cluster, --recreate-topic: kbench DELETES topic ${policy.name} if it exists and creates it anew (kept after the run); ${groupsEnd}`;
    case 'use-existing':
      return `an external cluster: kbench writes into the existing topic ${policy.name} as it is (an error if it is missing) and never deletes it; ${groupsEnd}`;
    default:
      return (
        `an external cluster: kbench creates a topic of its own, ${policy.name}, and ${policy.deleteAtEnd ? 'deletes it at the end' : 'keeps it after the run (topic.keep or --keep-topic)'}; ` +
        `it never deletes a topic it did not create; ${groupsEnd}`
      );
  }
}
