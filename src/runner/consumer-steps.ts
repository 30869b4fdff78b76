/**
 * Carries out membership changes during a run: the scenario's scheduled steps at their times,
 * and the ones asked for live (a key press in the terminal, or the API). A scheduled joiner's
 * worker is already there (a standby, spawned with the load's start: a client library that takes
 * seconds to load on a busy machine does not delay the join), one added live gets a new worker;
 * a leaving one closes its client (it leaves the group); a crashing one's worker
 * is killed without warning; a slow one gets a processing time per record. Every change is
 * recorded for rebalance analysis, and crashes as faults.
 */
import { capabilitiesOf } from '../clients/client-registry.js';
import { nowUs } from '../metrics/clock.js';
import type { FaultReport } from '../report/report-types.js';
import { liveMember } from '../scenario/consumer-membership.js';
import type { Plan, PlannedConsumerGroup, PlannedConsumerStep } from '../scenario/plan-types.js';
import { workerForMember } from '../scenario/resolve-scenario.js';
import type { RunAggregator } from './run-aggregator.js';
import type { WorkerFleet } from './worker-fleet.js';

const JOIN_READY_TIMEOUT_MS = 60_000;
const RETIRE_TIMEOUT_MS = 15_000;

/** What a user can do to consumer groups during a run. */
export interface MembershipControls {
  /** Adds a member to the group (the first group when none is named); returns its id, or undefined when it cannot. */
  addMember(groupId?: string): string | undefined;
  /** Takes the newest member out of the group, gracefully (`leave`) or by killing it (`crash`); returns its id. */
  removeMember(how: 'leave' | 'crash', groupId?: string): string | undefined;
}

export class ConsumerSteps implements MembershipControls {
  /** Per group: members in the group now, oldest first (as far as the runner's own actions go). */
  private readonly live = new Map<string, string[]>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly timers: NodeJS.Timeout[] = [];
  private runStartUs = 0;
  private stopped = false;
  readonly faults: FaultReport[] = [];

  constructor(
    private readonly plan: Plan,
    private readonly fleet: WorkerFleet,
    private readonly aggregator: RunAggregator,
    private readonly log: (line: string) => void,
  ) {
    for (const group of plan.consumerGroups) this.live.set(group.groupId, group.members.filter((m) => m.origin === 'initial').map((m) => m.id));
  }

  /** Schedules every group's steps relative to `runStartUs` (second 0 of the run). */
  start(runStartUs: number): void {
    this.runStartUs = runStartUs;
    for (const group of this.plan.consumerGroups) {
      for (const step of group.schedule) {
        const delayMs = Math.max(0, (runStartUs + step.atMs * 1000 - nowUs()) / 1000);
        this.timers.push(setTimeout(() => this.track(this.apply(group, step, 'scheduled')), delayMs));
      }
    }
  }

  /** No further step starts; resolves when the ones under way are done. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    await Promise.all([...this.inFlight]);
  }

  addMember(groupId?: string): string | undefined {
    const group = this.group(groupId);
    if (!group || this.stopped) return undefined;
    const member = liveMember(group);
    group.members.push(member);
    this.plan.workers.push(workerForMember(member, this.plan.workers.length, capabilitiesOf(this.plan.client).host));
    this.track(this.apply(group, { atMs: this.elapsedMs(), action: 'join', consumerIds: [member.id] }, 'live'));
    return member.id;
  }

  removeMember(how: 'leave' | 'crash', groupId?: string): string | undefined {
    const group = this.group(groupId);
    const newest = group ? this.live.get(group.groupId)?.at(-1) : undefined;
    if (!group || newest === undefined || this.stopped) return undefined;
    this.track(this.apply(group, { atMs: this.elapsedMs(), action: how, consumerIds: [newest] }, 'live'));
    return newest;
  }

  private async apply(group: PlannedConsumerGroup, step: PlannedConsumerStep, origin: 'scheduled' | 'live'): Promise<void> {
    if (this.stopped) return;
    const live = this.live.get(group.groupId) ?? [];
    const ids = step.action === 'join' ? step.consumerIds : step.consumerIds.filter((id) => live.includes(id));
    if (ids.length === 0) return;
    const how = origin === 'live' ? ' (live)' : '';
    this.log(`${group.groupId}: ${describeStep(step.action, ids, step.action === 'slow' ? step.processingTimeMs : undefined)}${how}`);
    if (step.action === 'join') {
      live.push(...ids);
      await Promise.all(
        ids.map(async (id) => {
          const worker = this.plan.workers.find((w) => w.consumerIds.includes(id));
          if (!worker) return;
          const ready = await this.fleet.addWorker(worker, JOIN_READY_TIMEOUT_MS);
          if (!ready) this.log(`${id} did not start within ${JOIN_READY_TIMEOUT_MS / 1000} s`);
        }),
      );
      return;
    }
    if (step.action === 'slow') {
      for (const id of ids) {
        const worker = this.plan.workers.find((w) => w.consumerIds.includes(id));
        if (worker) this.fleet.send(worker.id, { type: 'set-processing-time', consumerIds: [id], processingTimeMs: step.processingTimeMs });
      }
      return;
    }
    this.live.set(group.groupId, live.filter((id) => !ids.includes(id)));
    const retirement = step.action === 'crash' ? 'crash' : 'leave';
    // Every leaver is marked before any is told to go: a member that leaves at once could
    // otherwise revoke before the next one is marked, splitting one step over two triggers.
    if (retirement === 'leave') {
      const atUs = nowUs();
      for (const id of ids) this.aggregator.membership.leaving(group.groupId, id, atUs);
    }
    await Promise.all(ids.map((id) => this.retire(group.groupId, id, retirement)));
  }

  private async retire(groupId: string, consumerId: string, how: 'leave' | 'crash'): Promise<void> {
    const worker = this.plan.workers.find((w) => w.consumerIds.includes(consumerId));
    if (!worker) return;
    const snapshot = await this.fleet.retire(worker.id, how, RETIRE_TIMEOUT_MS);
    const atUs = nowUs();
    if (snapshot) this.aggregator.addSnapshot(snapshot);
    if (how === 'crash') {
      this.aggregator.membership.crashed(groupId, consumerId, atUs, snapshot?.consumers.find((c) => c.consumerId === consumerId));
      this.faults.push({ kind: 'consumer-crash', target: consumerId, atMs: (atUs - this.runStartUs) / 1000, endedAtMs: null });
    }
  }

  private group(groupId: string | undefined): PlannedConsumerGroup | undefined {
    return groupId === undefined ? this.plan.consumerGroups[0] : this.plan.consumerGroups.find((g) => g.groupId === groupId);
  }

  private elapsedMs(): number {
    return Math.max(0, (nowUs() - this.runStartUs) / 1000);
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => this.log(`membership change failed: ${error instanceof Error ? error.message : String(error)}`)).finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }
}

function describeStep(action: PlannedConsumerStep['action'], ids: string[], processingTimeMs: number | undefined): string {
  const who = ids.join(', ');
  switch (action) {
    case 'join':
      return `+ ${who} joining`;
    case 'leave':
      return `- ${who} leaving`;
    case 'crash':
      return `✗ ${who} crashed (killed, no leave request)`;
    case 'slow':
      return `~ ${who} now ${processingTimeMs} ms per record`;
  }
}
