/**
 * Carries out a group's deliberate backlog during a run: at `backlog.after` every member of the
 * group stops fetching (`set-paused`; the members stay in the group), and once the backlog has
 * reached its size — the lag's growth since the pause in messages or bytes, checked every second,
 * or a time after the pause — they fetch again. If the producers are about to stop first, the
 * group resumes then, so the catch-up and the delivery check still see every message consumed.
 * What is measured is recorded by the aggregator's `BacklogRecorder`.
 */
import { nowUs } from '../metrics/clock.js';
import type { Plan, PlannedConsumerGroup } from '../scenario/plan-types.js';
import type { BacklogRecorder, ResumeReason } from './backlog-recorder.js';
import type { WorkerFleet } from './worker-fleet.js';

export class BacklogPhase {
  private readonly group: PlannedConsumerGroup | undefined;
  private readonly timers: NodeJS.Timeout[] = [];
  private startUs = 0;

  constructor(
    private readonly plan: Plan,
    private readonly fleet: WorkerFleet,
    private readonly recorder: BacklogRecorder | undefined,
    private readonly log: (line: string) => void,
  ) {
    this.group = plan.consumerGroups.find((g) => g.groupId === recorder?.groupId);
  }

  /** Schedules the pause relative to `startUs` (second 0 of the run). */
  start(startUs: number): void {
    this.startUs = startUs;
    const backlog = this.group?.backlog;
    if (!backlog || !this.recorder) return;
    this.recorder.start(startUs);
    const delayMs = Math.max(0, (startUs + backlog.atMs * 1000 - nowUs()) / 1000);
    this.timers.push(setTimeout(() => this.pause(), delayMs));
  }

  /** After each closed second: resumes the group once its backlog reached a size in messages or bytes. */
  afterSecond(): void {
    const recorder = this.recorder;
    const size = this.group?.backlog?.size;
    if (!recorder?.isPaused || !size) return;
    const growth = recorder.growthSincePause();
    if ((size.kind === 'messages' && growth.messages >= size.messages) || (size.kind === 'bytes' && growth.bytes >= size.bytes)) this.resume('size-reached');
  }

  /** The producers are about to stop: a group still paused resumes now. */
  producersStopping(): void {
    if (this.recorder?.isPaused) this.resume('producers-stopped');
  }

  /** The run ends: no pause starts any more, and a paused group fetches again (so the drain can finish). */
  stop(): void {
    for (const timer of this.timers.splice(0)) clearTimeout(timer);
    if (this.recorder?.isPaused) this.resume('run-ended');
  }

  private pause(): void {
    const group = this.group;
    const recorder = this.recorder;
    if (!group || !recorder || recorder.isPaused || recorder.hasResumed) return;
    this.send(group, true);
    const atUs = nowUs();
    recorder.paused(atUs);
    this.log(`${group.groupId}: ⏸ fetching paused at ${((atUs - this.startUs) / 1e6).toFixed(1)} s (members stay in the group): a backlog builds`);
    const size = group.backlog?.size;
    if (size?.kind === 'time') this.timers.push(setTimeout(() => this.resume('size-reached'), size.durationMs));
  }

  private resume(reason: ResumeReason): void {
    const group = this.group;
    const recorder = this.recorder;
    if (!group || !recorder?.isPaused) return;
    this.send(group, false);
    const atUs = nowUs();
    recorder.resumed(atUs, reason);
    const growth = recorder.growthSincePause();
    const why = reason === 'size-reached' ? 'backlog reached its size' : reason === 'producers-stopped' ? 'the producers are stopping' : 'the run is ending';
    this.log(`${group.groupId}: ▶ fetching resumed at ${((atUs - this.startUs) / 1e6).toFixed(1)} s (${why}; lag grew by ${growth.messages.toLocaleString('en-US')} messages): catching up`);
  }

  private send(group: PlannedConsumerGroup, paused: boolean): void {
    const ids = group.members.map((member) => member.id);
    for (const worker of this.plan.workers) {
      const consumerIds = worker.consumerIds.filter((id) => ids.includes(id));
      if (consumerIds.length > 0) this.fleet.send(worker.id, { type: 'set-paused', consumerIds, paused });
    }
  }
}
