/**
 * A pipeline stage's member: a consumer member (consumer-member.ts: counts, latency, rebalances)
 * whose batches go on to a `StageLoop` with a producer of its own. Builds the clients the stage
 * needs — a consumer committing on demand (`commitMode: 'manual'`), a producer writing the output
 * topic (transactional for exactly-once, with a `transactional.id` fixed per member) — and
 * restarts the member from the committed offsets when the stage halts on a failure.
 */
import type { ClientAdapter, ClientError, ConsumerAdapter, ProducerAdapter } from '../clients/client-adapter.js';
import type { ConnectionSecurity } from '../clients/connection-security.js';
import type { StageSnapshot } from '../metrics/snapshot-types.js';
import type { PlannedConsumer, PlannedConsumerGroup, PlannedStage } from '../scenario/plan-types.js';
import { createTransform } from '../workload/transforms/transforms.js';
import { ConsumerMember, type MemberStage } from './consumer-member.js';
import { StageLoop } from './stage-loop.js';
import type { StageHalt } from './stage-halt.js';

/** How long a stopping stage waits for its outputs in flight. */
const STAGE_STOP_TIMEOUT_MS = 10_000;

export interface StageMemberContext {
  adapter: ClientAdapter;
  brokers: string[];
  security: ConnectionSecurity | undefined;
  reportError: (error: ClientError) => void;
}

/** The consumer a member of `group` reads with (a stage's commits on demand). */
export function createMemberConsumer(context: StageMemberContext, planned: PlannedConsumer, group: PlannedConsumerGroup): ConsumerAdapter {
  return context.adapter.createConsumer({
    brokers: context.brokers,
    ...(context.security ? { security: context.security } : {}),
    clientId: `kbench-${planned.id}`,
    groupId: planned.groupId,
    startFrom: planned.startFrom,
    groupProtocol: planned.groupProtocol,
    ...(planned.assignmentStrategy ? { assignmentStrategy: planned.assignmentStrategy } : {}),
    ...(planned.sessionTimeoutMs !== undefined ? { sessionTimeoutMs: planned.sessionTimeoutMs } : {}),
    isolationLevel: group.readCommitted ? 'read_committed' : 'read_uncommitted',
    ...(group.stage ? { commitMode: 'manual' as const } : {}),
    native: planned.clientConfig,
  });
}

function createStageProducer(context: StageMemberContext, planned: PlannedConsumer, stage: PlannedStage): ProducerAdapter {
  const exactlyOnce = stage.semantics === 'exactly-once';
  return context.adapter.createProducer({
    brokers: context.brokers,
    ...(context.security ? { security: context.security } : {}),
    clientId: `kbench-${planned.id}-out`,
    acks: 'all',
    // Retries never write an output twice: the stage's duplicates are its semantics', nothing else's.
    idempotent: true,
    ...(exactlyOnce ? { transactionalId: `kbench-${planned.id}`, transactionTimeoutMs: stage.transactionTimeoutMs } : {}),
    native: stage.producerConfig,
  });
}

/** A connected stage member of `group` (which has a `stage`); `start` joins the group. */
export async function createStageMember(context: StageMemberContext, planned: PlannedConsumer, group: PlannedConsumerGroup): Promise<{ member: ConsumerMember; consumer: ConsumerAdapter; producerConfig: Record<string, string | number | boolean> }> {
  const stage = group.stage;
  if (stage === undefined) throw new Error(`group ${group.groupId} is not a stage`);
  let producer = createStageProducer(context, planned, stage);
  await producer.connect();
  const consumer = createMemberConsumer(context, planned, group);
  let member: ConsumerMember | undefined;
  let restarting: Promise<void> | undefined;
  const loop = new StageLoop(consumer, producer, {
    stageMemberId: planned.id,
    stageIndex: stage.stageIndex,
    outputTopic: stage.outputTopic,
    transform: createTransform(stage.transform),
    semantics: stage.semantics,
    processingCostUs: stage.processingCostUs,
    maxInFlight: stage.maxInFlight,
    commitIntervalMs: stage.commitIntervalMs,
    onClientError: context.reportError,
    onHalt: (halt) => {
      restarting ??= restart(halt).finally(() => (restarting = undefined));
    },
  });
  let stopped = false;
  /** A new consumer of the group from the committed offsets (and a new producer when the abort failed: it may be fenced). */
  const restart = async (halt: StageHalt): Promise<void> => {
    await Promise.resolve();
    if (stopped || member === undefined) return;
    context.reportError({ kind: halt.error.kind, message: `stage member ${planned.id} halted (${halt.step}: ${halt.error.message}); restarting from the committed offsets` });
    if (halt.abortError !== undefined) {
      await producer.disconnect().catch(() => {});
      producer = createStageProducer(context, planned, stage);
      await producer.connect();
    }
    const next = createMemberConsumer(context, planned, group);
    await member.rejoinWith(next, () => loop.resumeWith(next, producer));
  };
  const memberStage: MemberStage = {
    accepting: () => loop.accepting,
    handleBatch: (records) => loop.handleBatch(records),
    measureFrom: (measureFromUs) => loop.measureFrom(measureFromUs),
    snapshot: (): StageSnapshot => loop.snapshot(),
    stop: async () => {
      stopped = true;
      await restarting;
      await loop.stop(STAGE_STOP_TIMEOUT_MS);
    },
    close: () => producer.disconnect(),
  };
  member = new ConsumerMember(planned, consumer, group.topicName, context.reportError, memberStage);
  return { member, consumer, producerConfig: producer.effectiveConfig() };
}
