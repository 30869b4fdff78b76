/**
 * A load worker: runs the producers and consumer members the plan placed on it, and answers
 * the runner's commands (protocol.ts). The same code runs in a worker thread (kafkajs) or a
 * child process (confluent, whose native addon cannot run in threads).
 */
import type { ClusterConnection } from '../clients/connection-security.js';
import { loadClientAdapter } from '../clients/index.js';
import type { ClientAdapter, ClientError, ClientErrorKind } from '../clients/client-adapter.js';
import { nowUs } from '../metrics/clock.js';
import type { WorkerSnapshot } from '../metrics/snapshot-types.js';
import type { WorkerCommand } from '../runner/protocol.js';
import type { Plan } from '../scenario/plan-types.js';
import { ConsumerMember } from './consumer-member.js';
import { ProducerLoop } from './producer-loop.js';
import { createMemberConsumer, createStageMember, type StageMemberContext } from './stage-member.js';
import { SelfUsageMeter } from './self-usage.js';
import type { WorkerChannel } from './worker-channel.js';

/** How long a consumer member may take to get its first assignment before the run starts anyway. */
const ASSIGNMENT_TIMEOUT_MS = 30_000;
/** Error messages reported to the runner per kind, per worker (the counts are exact either way). */
const ERROR_SAMPLES_PER_KIND = 3;

export class LoadWorker {
  private workerId = -1;
  private producers: ProducerLoop[] = [];
  private consumers: ConsumerMember[] = [];
  private readonly samplesSent = new Map<ClientErrorKind, number>();
  private readonly usage = new SelfUsageMeter();
  /** Initialised with `standby`, its members not started yet (no `join` so far): nothing to leave at shutdown. */
  private standby = false;

  constructor(private readonly channel: WorkerChannel) {}

  listen(): void {
    this.channel.onCommand((command) => {
      this.handle(command).catch((error: unknown) => this.fatal(error));
    });
  }

  fatal(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    const stack = error instanceof Error ? error.stack : undefined;
    this.channel.send({ type: 'fatal', workerId: this.workerId, message, ...(stack ? { stack } : {}) });
  }

  private async handle(command: WorkerCommand): Promise<void> {
    switch (command.type) {
      case 'init':
        return this.init(command.workerId, command.plan, command.connection, command.awaitAssignment, command.standby ?? false);
      case 'join':
        await Promise.all(this.consumers.map((member) => member.start()));
        this.standby = false;
        this.channel.send({ type: 'joined', workerId: this.workerId });
        return;
      case 'set-processing-time':
        for (const consumer of this.consumers) if (command.consumerIds.includes(consumer.planned.id)) consumer.setProcessingTime(command.processingTimeMs);
        return;
      case 'set-paused':
        for (const consumer of this.consumers) if (command.consumerIds.includes(consumer.planned.id)) consumer.setPaused(command.paused);
        return;
      case 'start':
        for (const consumer of this.consumers) consumer.measureFrom(command.measureFromUs);
        for (const producer of this.producers) producer.start(command.startUs, command.measureFromUs, command.endUs);
        return;
      case 'snapshot':
        if (command.freeze) for (const consumer of this.consumers) consumer.freeze();
        this.channel.send({ type: 'snapshot', sequence: command.sequence, snapshot: this.snapshot() });
        return;
      case 'stop-producers':
        await Promise.all(this.producers.map((producer) => producer.stop(command.untilUs, command.flushTimeoutMs)));
        this.channel.send({ type: 'producers-stopped', workerId: this.workerId, snapshot: this.snapshot() });
        return;
      case 'shutdown':
        return this.shutdown();
    }
  }

  private async init(workerId: number, plan: Plan, connection: ClusterConnection, awaitAssignment: boolean, standby: boolean): Promise<void> {
    const { brokers, security } = connection;
    this.workerId = workerId;
    const adapter: ClientAdapter = await loadClientAdapter(plan.client);
    const worker = plan.workers.find((w) => w.id === workerId);
    if (!worker) throw new Error(`the plan has no worker ${workerId}`);
    const reportError = (error: ClientError): void => this.sampleError(error);

    const producerConfigs: Record<string, Record<string, string | number | boolean>> = {};
    for (const planned of plan.producers.filter((p) => worker.producerIds.includes(p.id))) {
      const producer = adapter.createProducer({
        brokers,
        security,
        clientId: `kbench-${planned.id}`,
        acks: planned.acks,
        idempotent: planned.idempotent,
        compression: planned.compression,
        ...(planned.lingerMs !== undefined ? { lingerMs: planned.lingerMs } : {}),
        ...(planned.batchSizeBytes !== undefined ? { batchSizeBytes: planned.batchSizeBytes } : {}),
        native: planned.clientConfig,
      });
      await producer.connect();
      producerConfigs[planned.id] = producer.effectiveConfig();
      this.producers.push(new ProducerLoop(planned, producer, plan.topic.name, reportError));
    }

    const consumerConfigs: Record<string, Record<string, string | number | boolean>> = {};
    const context: StageMemberContext = { adapter, brokers, security, reportError };
    for (const group of plan.consumerGroups) {
      for (const planned of group.members.filter((m) => worker.consumerIds.includes(m.id))) {
        let member: ConsumerMember;
        if (group.stage) {
          const stage = await createStageMember(context, planned, group);
          member = stage.member;
          consumerConfigs[planned.id] = stage.consumer.effectiveConfig();
          producerConfigs[planned.id] = stage.producerConfig;
        } else {
          const consumer = createMemberConsumer(context, planned, group);
          consumerConfigs[planned.id] = consumer.effectiveConfig();
          member = new ConsumerMember(planned, consumer, group.topicName, reportError);
        }
        this.consumers.push(member);
        if (!standby) await member.start();
      }
    }
    this.standby = standby;
    const assignments = awaitAssignment ? await Promise.all(this.consumers.map((member) => member.waitForAssignment(ASSIGNMENT_TIMEOUT_MS))) : [];
    assignments.forEach((assigned, i) => {
      if (!assigned) {
        this.sampleError({ kind: 'timeout', message: `consumer ${this.consumers[i]?.planned.id} got no partition assignment within ${ASSIGNMENT_TIMEOUT_MS / 1000} s` });
      }
    });
    this.channel.send({ type: 'ready', workerId, clientVersions: adapter.versions(), producerConfigs, consumerConfigs });
  }

  private snapshot(): WorkerSnapshot {
    const memory = process.memoryUsage();
    return {
      workerId: this.workerId,
      atUs: nowUs(),
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      usage: this.usage.read(),
      producers: this.producers.map((producer) => producer.snapshot()),
      consumers: this.consumers.map((consumer) => consumer.snapshot()),
    };
  }

  private async shutdown(): Promise<void> {
    await Promise.all(this.producers.map((producer) => producer.stop(nowUs(), 0)));
    const started = this.standby ? [] : this.consumers;
    await Promise.all(started.map((consumer) => consumer.stop().catch((error: unknown) => this.sampleError({ kind: 'other', message: String(error) }))));
    const snapshot = this.snapshot();
    this.usage.stop();
    await Promise.all(this.producers.map((producer) => producer.disconnect().catch(() => {})));
    this.channel.sendAndExit({ type: 'stopped', workerId: this.workerId, snapshot });
  }

  private sampleError(error: ClientError): void {
    const sent = this.samplesSent.get(error.kind) ?? 0;
    if (sent >= ERROR_SAMPLES_PER_KIND) return;
    this.samplesSent.set(error.kind, sent + 1);
    this.channel.send({ type: 'warning', workerId: this.workerId, kind: error.kind, message: error.message });
  }
}
