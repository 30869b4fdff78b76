/**
 * Carries out what scenario/cluster-ownership.ts decides for one run: the run's names (topic,
 * group ids with the run id), the topic's preparation, the warning before writing into a topic
 * kbench did not create, and the clean-up at the end — on an external cluster the topic this run
 * created (unless kept) and the groups it used; never anything else. Records it all for the
 * report's `ownership`.
 */
import type { ClusterConnection } from '../clients/connection-security.js';
import { createKafkaAdmin } from '../clients/kafka-admin.js';
import { errorMessage } from '../errors.js';
import type { GroupOwnershipReport, OwnershipReport, TopicOwnershipReport } from '../report/report-types.js';
import { clusterOwner, newRunId, topicPolicy, withRunNames, type ClusterOwner, type TopicPolicy } from '../scenario/cluster-ownership.js';
import type { Plan } from '../scenario/plan-types.js';
import { ksqlPipelineNames, type KsqlPipelineNames } from '../ksql/ksql-statements.js';
import { awaitTopic, awaitTopicTimeoutMs, prepareTopic, type PreparedTopic } from './topic-setup.js';

/** Bound on the clean-up's admin requests (it runs at the end of the run, also after failures). */
const CLEAN_UP_TIMEOUT_MS = 15_000;

export class RunOwnership {
  readonly runId: string;
  readonly owner: ClusterOwner;
  readonly policy: TopicPolicy;
  /** The plan with the run's names: what the workers, the aggregation and the report use. */
  readonly plan: Plan;
  /** The ksqlDB stage's stream, table and topics for this run (`plan.ksql`); undefined without one. */
  readonly ksqlNames: KsqlPipelineNames | undefined;
  private readonly configuredGroupIds: string[];
  private prepared: PreparedTopic | undefined;
  /** The stages' output topics: each one's policy, and what preparing and cleaning up did. */
  private readonly outputs: Array<{ policy: TopicPolicy; prepared?: PreparedTopic; deleted: boolean; note?: string }>;
  private topicDeleted = false;
  private topicNote: string | undefined;
  private groups: GroupOwnershipReport[];
  private cleaning: Promise<void> | undefined;
  private warmupTopic: OwnershipReport['warmupTopic'];

  constructor(configured: Plan, runId: string = newRunId()) {
    this.runId = runId;
    this.owner = clusterOwner(configured);
    this.policy = topicPolicy(configured.topic, this.owner, runId, configured.shard);
    this.outputs = configured.outputTopics.map((topic) => ({ policy: topicPolicy(topic, this.owner, runId, configured.shard), deleted: false }));
    const outputNames = new Map(this.outputs.map(({ policy }) => [policy.configuredName, policy.name]));
    // The ksqlDB query writes a topic of kbench's own, named for the run whatever the cluster (ksqlDB creates and deletes it).
    this.ksqlNames = configured.ksql ? ksqlPipelineNames(this.policy.name, runId) : undefined;
    if (configured.ksql && this.ksqlNames) outputNames.set(configured.ksql.outputTopic, this.ksqlNames.outputTopic);
    this.plan = withRunNames(configured, this.policy.name, runId, outputNames);
    this.configuredGroupIds = configured.consumerGroups.map((group) => group.groupId);
    this.groups = this.plan.consumerGroups.map((group, i) => ({
      groupId: group.groupId,
      configuredId: this.configuredGroupIds[i] ?? group.groupId,
      deleted: false,
      ...(this.owner === 'kbench' ? { note: "left on kbench's own cluster" } : configured.shard ? { note: 'a sharded run: left for the other shards (delete it once every shard has ended)' } : {}),
    }));
  }

  /** Creates, recreates or checks the run's topic, and says so when it is someone else's. */
  async prepareTopic(connection: ClusterConnection, log: (line: string) => void, interrupt?: AbortSignal): Promise<void> {
    const { name } = this.policy;
    if (this.policy.preparation === 'await-shard-0') {
      const shard = this.plan.shard;
      log(`shard ${shard?.index ?? '?'}/${shard?.count ?? '?'}: waiting for shard 0 to create topic ${name}`);
      this.prepared = await awaitTopic(connection, this.plan.topic, awaitTopicTimeoutMs(this.plan), interrupt);
      log(`topic ${name} is there (${this.plan.topic.partitions} partition(s))`);
      return;
    }
    this.prepared = await prepareTopic(connection, this.plan.topic, log, this.policy.preparation);
    await this.prepareOutputTopics(connection, log);
    const existing = this.prepared.existing;
    if (this.owner !== 'external') return;
    if (existing) {
      log(
        `WARNING: this run writes into the existing topic ${name}, which kbench did not create ` +
          `(${existing.partitions} partition(s), ${existing.messages.toLocaleString('en-US')} message(s) now); it is left in place after the run`,
      );
    } else if (this.policy.preparation === 'create-new') {
      log(`created topic ${name} for this run (${this.policy.deleteAtEnd ? 'deleted at the end' : 'kept after the run'}); consumer group(s) ${this.plan.consumerGroups.map((g) => g.groupId).join(', ') || 'none'}`);
    } else {
      log(`--recreate-topic: deleted and created topic ${name} anew`);
    }
  }

  /** Creates the stages' output topics (each new: a stage's readers are checked against what the stage was given). */
  private async prepareOutputTopics(connection: ClusterConnection, log: (line: string) => void): Promise<void> {
    for (const [i, output] of this.outputs.entries()) {
      const topic = this.plan.outputTopics[i];
      if (topic === undefined) continue;
      output.prepared = await prepareTopic(connection, topic, log, output.policy.preparation);
      if (this.owner === 'external') log(`created topic ${topic.name} for a stage's output (${output.policy.deleteAtEnd ? 'deleted at the end' : 'kept after the run'})`);
    }
  }

  /** Notes what the cluster warm-up did with its own topic. */
  recordWarmupTopic(topic: NonNullable<OwnershipReport['warmupTopic']>): void {
    this.warmupTopic = topic;
  }

  /**
   * At the end of the run (also after a failure or an interruption), once: on an external cluster
   * deletes the topic this run created (unless kept) and the groups it used. Never throws.
   */
  cleanUp(connection: ClusterConnection, log: (line: string) => void): Promise<void> {
    this.cleaning ??= this.deleteOwned(connection, log);
    return this.cleaning;
  }

  private async deleteOwned(connection: ClusterConnection, log: (line: string) => void): Promise<void> {
    if (this.owner !== 'external') return;
    const deleteTopic = this.policy.deleteAtEnd && this.prepared?.created === true;
    const outputsToDelete = this.outputs.filter((output) => output.policy.deleteAtEnd && output.prepared?.created === true);
    // A sharded run's groups are shared: deleting one would drop the offsets another shard still reads from.
    const groupIds = this.plan.shard ? [] : this.groups.map((group) => group.groupId);
    if (!deleteTopic && outputsToDelete.length === 0 && groupIds.length === 0) return;
    const admin = createKafkaAdmin({ ...connection, retries: 2, requestTimeoutMs: CLEAN_UP_TIMEOUT_MS });
    try {
      if (groupIds.length > 0) {
        try {
          const results = await admin.deleteGroups(groupIds);
          for (const result of results) {
            const group = this.groups.find((g) => g.groupId === result.groupId);
            if (!group) continue;
            group.deleted = result.deleted;
            if (!result.deleted) group.note = describeGroupProblem(result.problem);
          }
        } catch (error) {
          for (const group of this.groups) group.note = `not deleted: ${errorMessage(error)}`;
        }
        // A group no member ever joined was never created: nothing was left behind.
        const left = this.groups.filter((group) => !group.deleted && !group.note?.startsWith('not found'));
        const deleted = this.groups.filter((group) => group.deleted);
        if (deleted.length > 0) log(`deleted consumer group(s) ${deleted.map((g) => g.groupId).join(', ')}`);
        if (left.length > 0) log(`consumer group(s) not deleted: ${left.map((g) => `${g.groupId} (${g.note ?? 'unknown'})`).join(', ')}`);
      }
      for (const output of outputsToDelete) {
        try {
          await admin.deleteTopic(output.policy.name);
          output.deleted = true;
          log(`deleted topic ${output.policy.name} (a stage's output, created for this run)`);
        } catch (error) {
          output.note = `deleting it failed: ${errorMessage(error)}`;
          log(`could not delete topic ${output.policy.name}, which this run created: ${errorMessage(error)} (delete it by hand)`);
        }
      }
      if (deleteTopic) {
        try {
          await admin.deleteTopic(this.policy.name);
          this.topicDeleted = true;
          log(`deleted topic ${this.policy.name} (created for this run)`);
        } catch (error) {
          this.topicNote = `deleting it failed: ${errorMessage(error)}`;
          log(`could not delete topic ${this.policy.name}, which this run created: ${errorMessage(error)} (delete it by hand)`);
        }
      }
    } finally {
      await admin.close().catch(() => {});
    }
  }

  report(): OwnershipReport {
    const prepared = this.prepared;
    const action: TopicOwnershipReport['action'] = prepared?.created ? (prepared.deleted ? 'recreated' : 'created') : 'existing';
    const keptNote = prepared?.created && !this.topicDeleted && this.topicNote === undefined ? this.policy.keptBecause : undefined;
    const note = this.topicNote ?? (prepared?.existing && this.owner === 'external' ? 'an existing topic kbench did not create: written into, left in place' : keptNote);
    return {
      runId: this.runId,
      cluster: this.owner,
      topic: {
        name: this.policy.name,
        configuredName: this.policy.configuredName,
        action,
        createdByKbench: prepared?.created === true,
        ...(prepared?.existing ? { before: prepared.existing } : {}),
        deleted: this.topicDeleted,
        ...(note !== undefined ? { note } : {}),
      },
      ...(this.outputs.length > 0 ? { outputTopics: this.outputs.map((output) => outputOwnership(output)) } : {}),
      consumerGroups: this.groups.map((group) => ({ ...group })),
      ...(this.warmupTopic ? { warmupTopic: this.warmupTopic } : {}),
    };
  }
}

function outputOwnership(output: { policy: TopicPolicy; prepared?: PreparedTopic; deleted: boolean; note?: string }): TopicOwnershipReport {
  const prepared = output.prepared;
  const action: TopicOwnershipReport['action'] = prepared?.created ? (prepared.deleted ? 'recreated' : 'created') : 'existing';
  const note = output.note ?? (prepared?.created && !output.deleted ? output.policy.keptBecause : undefined);
  return {
    name: output.policy.name,
    configuredName: output.policy.configuredName,
    action,
    createdByKbench: prepared?.created === true,
    deleted: output.deleted,
    ...(note !== undefined ? { note } : {}),
  };
}

function describeGroupProblem(problem: string | undefined): string {
  if (problem === 'GROUP_ID_NOT_FOUND') return 'not found: no member joined it';
  if (problem === 'NON_EMPTY_GROUP') return 'not deleted: a member is still in it (a crashed member, until its session timeout)';
  return `not deleted: ${problem ?? 'unknown error'}`;
}
