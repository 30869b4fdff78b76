/**
 * Carries out a scenario's broker faults on the embedded cluster at their times: kill (SIGKILL),
 * stop (SIGTERM), pause (SIGSTOP, then SIGCONT after the duration), restart; a kill or stop with
 * a duration restarts the node after it. `leader` is resolved when the fault fires: the leader
 * of the topic's partition 0. Every fault is recorded with when it began and ended; at the end
 * paused nodes are resumed so the cluster can be stopped or reused.
 */
import { createKafkaAdmin } from '../clients/kafka-admin.js';
import type { EmbeddedCluster } from '../cluster/embedded-cluster.js';
import { errorMessage } from '../errors.js';
import { nowUs } from '../metrics/clock.js';
import type { FaultReport } from '../report/report-types.js';
import type { PlannedFault } from '../scenario/plan-types.js';

const KIND: Record<PlannedFault['action'], FaultReport['kind']> = { kill: 'broker-kill', stop: 'broker-stop', pause: 'broker-pause', restart: 'broker-restart' };

export class FaultInjector {
  readonly faults: FaultReport[] = [];
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly paused = new Set<number>();
  private runStartUs = 0;
  private stopped = false;

  constructor(
    private readonly planned: PlannedFault[],
    private readonly cluster: EmbeddedCluster | undefined,
    private readonly topic: string,
    private readonly log: (line: string) => void,
  ) {}

  start(runStartUs: number): void {
    this.runStartUs = runStartUs;
    if (this.planned.length > 0 && !this.cluster) {
      this.log('faults skipped: they need the embedded cluster');
      return;
    }
    for (const fault of this.planned) {
      const delayMs = Math.max(0, (runStartUs + fault.atMs * 1000 - nowUs()) / 1000);
      this.timers.push(setTimeout(() => this.track(this.inject(fault)), delayMs));
    }
  }

  /** No further fault; waits for those under way (a restart) and resumes paused nodes. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    await Promise.all([...this.inFlight]);
    for (const nodeId of this.paused) await this.cluster?.resumeNode(nodeId).catch(() => {});
    this.paused.clear();
  }

  private async inject(fault: PlannedFault): Promise<void> {
    const cluster = this.cluster;
    if (!cluster || this.stopped) return;
    const nodeId = fault.node === 'leader' ? await this.leaderOfPartition0(cluster) : fault.node;
    const target = `node ${nodeId}${fault.node === 'leader' ? ' (leader of partition 0)' : ''}`;
    const record: FaultReport = { kind: KIND[fault.action], target, atMs: this.elapsedMs(), endedAtMs: null };
    this.faults.push(record);
    this.log(`fault: ${fault.action} ${target}${fault.durationMs !== undefined ? ` for ${fault.durationMs / 1000} s` : ''}`);
    switch (fault.action) {
      case 'kill':
        await cluster.killNode(nodeId);
        break;
      case 'stop':
        await cluster.stopNode(nodeId);
        break;
      case 'pause':
        await cluster.pauseNode(nodeId);
        this.paused.add(nodeId);
        break;
      case 'restart':
        await cluster.restartNode(nodeId);
        record.endedAtMs = this.elapsedMs();
        this.log(`fault: node ${nodeId} is back`);
        return;
    }
    if (fault.durationMs === undefined) return;
    await new Promise((resolve) => setTimeout(resolve, fault.durationMs));
    if (fault.action === 'pause') {
      await cluster.resumeNode(nodeId);
      this.paused.delete(nodeId);
    } else {
      await cluster.restartNode(nodeId);
    }
    record.endedAtMs = this.elapsedMs();
    this.log(`fault: node ${nodeId} is back`);
  }

  private async leaderOfPartition0(cluster: EmbeddedCluster): Promise<number> {
    const admin = createKafkaAdmin({ brokers: cluster.brokers, retries: 2 });
    try {
      const partitions = await admin.describeTopic(this.topic);
      const leader = partitions.find((p) => p.partition === 0)?.leader;
      if (leader === undefined || leader < 0) throw new Error(`partition 0 of ${this.topic} has no leader`);
      return leader;
    } finally {
      await admin.close().catch(() => {});
    }
  }

  private elapsedMs(): number {
    return Math.round(nowUs() - this.runStartUs) / 1000;
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => this.log(`fault failed: ${errorMessage(error)}`)).finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }
}
