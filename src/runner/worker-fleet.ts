/**
 * All load workers of a run: spawns them (those of the load's start, then members joining
 * mid-run), initialises them, asks them for snapshots, retires members (a graceful leave or a
 * crash), stops them, and notices when one dies. A worker that exits before it was told to, or
 * reports a fatal error, fails the run (`failed` resolves) — the runner then stops everything else.
 */
import { PLAINTEXT, type ClusterConnection } from '../clients/connection-security.js';
import type { ClientErrorKind } from '../clients/client-adapter.js';
import type { WorkerSnapshot } from '../metrics/snapshot-types.js';
import type { WorkerExitStatus, WorkerReport } from '../report/report-types.js';
import type { Plan, PlannedWorker } from '../scenario/plan-types.js';
import type { WorkerCommand, WorkerEvent } from './protocol.js';
import { spawnWorker, type WorkerHandle } from './worker-handle.js';

export interface WorkerFailure {
  workerId: number;
  message: string;
}

export interface FleetListeners {
  onWarning(workerId: number, kind: ClientErrorKind, message: string): void;
}

type Waiter = { workerId: number; accept: (event: WorkerEvent) => boolean; resolve: (event: WorkerEvent) => void };

export class WorkerFleet {
  private readonly handles: WorkerHandle[] = [];
  private readonly waiters: Waiter[] = [];
  private readonly errors = new Map<number, string>();
  /** Workers told to exit (a member leaving or crashing): their exit fails nothing. */
  private readonly retiring = new Set<number>();
  /** Standby workers (members the schedule has join later) whose members have not been started. */
  private readonly standbys = new Set<number>();
  private connection: ClusterConnection = { brokers: [], security: PLAINTEXT };
  private startCommand: Extract<WorkerCommand, { type: 'start' }> | undefined;
  private shuttingDown = false;
  private resolveFailure: (failure: WorkerFailure) => void = () => {};
  /** Resolves when a worker dies or reports a fatal error (never resolves otherwise). */
  readonly failed: Promise<WorkerFailure>;
  clientVersions: Record<string, string> = {};
  readonly producerConfigs: Record<string, Record<string, string | number | boolean>> = {};
  readonly consumerConfigs: Record<string, Record<string, string | number | boolean>> = {};

  constructor(
    private readonly plan: Plan,
    private readonly listeners: FleetListeners,
  ) {
    this.failed = new Promise((resolve) => {
      this.resolveFailure = resolve;
    });
  }

  /** Pids of worker processes (thread workers share the runner's pid and are not listed). */
  processPids(): number[] {
    return this.handles.filter((h) => h.host === 'process' && h.pid !== undefined).map((h) => h.pid as number);
  }

  /**
   * Spawns the workers of the load's start (producers, and the members in the group from the
   * start) and resolves once each has connected its clients and its consumers have partitions.
   * The workers of members the schedule has join later are spawned too, as standbys: their client
   * library loaded and their clients created, their members started by `addWorker` at the step's
   * time (members added live are spawned by `addWorker` then).
   */
  async start(connection: ClusterConnection, timeoutMs: number): Promise<void> {
    this.connection = connection;
    const members = this.plan.consumerGroups.flatMap((g) => g.members);
    const initialMembers = new Set(members.filter((m) => m.origin === 'initial').map((m) => m.id));
    const scheduledMembers = new Set(members.filter((m) => m.origin === 'scheduled').map((m) => m.id));
    const initial = this.plan.workers.filter((w) => w.producerIds.length > 0 || w.consumerIds.some((id) => initialMembers.has(id)));
    const standbys = this.plan.workers.filter((w) => !initial.includes(w) && w.consumerIds.some((id) => scheduledMembers.has(id)));
    const events = await Promise.all([
      ...initial.map((planned) => this.spawn(planned, { awaitAssignment: true, standby: false }, timeoutMs)),
      ...standbys.map((planned) => this.spawn(planned, { awaitAssignment: false, standby: true }, timeoutMs)),
    ]);
    const missing = [...initial, ...standbys].filter((_, i) => events[i]?.type !== 'ready').map((w) => w.id);
    if (missing.length > 0) throw new Error(`worker(s) ${missing.join(', ')} did not become ready within ${timeoutMs / 1000} s`);
    for (const planned of standbys) this.standbys.add(planned.id);
  }

  /**
   * A member joining during the run: starts the members of its standby worker, or spawns a worker
   * (a member added live). It starts consuming at once, without waiting for its assignment.
   * Resolves when its members have started (false when they did not get there).
   */
  async addWorker(planned: PlannedWorker, timeoutMs: number): Promise<boolean> {
    if (this.standbys.delete(planned.id)) {
      const handle = this.handles.find((h) => h.id === planned.id && !h.exited);
      if (!handle) return false;
      const joined = this.waitFor(planned.id, (e) => e.type === 'joined', timeoutMs);
      handle.send({ type: 'join' });
      return (await joined)?.type === 'joined';
    }
    const event = await this.spawn(planned, { awaitAssignment: false, standby: false }, timeoutMs);
    if (event?.type !== 'ready') return false;
    if (this.startCommand) this.handles.find((h) => h.id === planned.id)?.send(this.startCommand);
    return true;
  }

  /**
   * Takes a worker out of the run: `leave` asks it to close its clients (members leave their
   * group) and resolves with its last snapshot; `crash` takes a snapshot, then kills it at once
   * (no leave request reaches Kafka) and resolves with that snapshot.
   */
  async retire(workerId: number, how: 'leave' | 'crash', timeoutMs: number): Promise<WorkerSnapshot | undefined> {
    const handle = this.handles.find((h) => h.id === workerId && !h.exited);
    if (!handle) return undefined;
    this.retiring.add(workerId);
    if (how === 'crash') {
      const answer = this.waitFor(workerId, (e) => e.type === 'snapshot' && e.sequence === -1, Math.min(timeoutMs, 1_000));
      handle.send({ type: 'snapshot', sequence: -1, freeze: true });
      const event = await answer;
      handle.kill();
      return event?.type === 'snapshot' ? event.snapshot : undefined;
    }
    const answer = this.waitFor(workerId, (e) => e.type === 'stopped', timeoutMs);
    handle.send({ type: 'shutdown' });
    const event = await answer;
    await this.waitForExit(handle, 2_000);
    if (!handle.exited) handle.kill();
    return event?.type === 'stopped' ? event.snapshot : undefined;
  }

  /** Sends a command to one live worker. */
  send(workerId: number, command: WorkerCommand): void {
    this.handles.find((h) => h.id === workerId && !h.exited)?.send(command);
  }

  private async spawn(planned: PlannedWorker, how: { awaitAssignment: boolean; standby: boolean }, timeoutMs: number): Promise<WorkerEvent | undefined> {
    const handle = spawnWorker(planned);
    this.handles.push(handle);
    handle.onEvent((event) => this.onEvent(handle, event));
    handle.onExit((exit) => {
      this.rejectWaitersOf(exit.workerId);
      const expected = handle.killedByRunner || this.retiring.has(exit.workerId) || (this.shuttingDown && exit.code === 0);
      if (expected && !this.errors.has(exit.workerId)) return;
      const reason = this.errors.get(exit.workerId) ?? `exited unexpectedly (${exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`})`;
      if (!this.errors.has(exit.workerId)) this.errors.set(exit.workerId, reason);
      this.resolveFailure({ workerId: exit.workerId, message: `worker ${exit.workerId} ${reason}` });
    });
    const ready = this.waitFor(handle.id, (e) => e.type === 'ready', timeoutMs);
    handle.send({ type: 'init', workerId: handle.id, plan: this.plan, connection: this.connection, ...how });
    const event = await ready;
    if (event?.type === 'ready') {
      this.clientVersions = event.clientVersions;
      Object.assign(this.producerConfigs, event.producerConfigs);
      Object.assign(this.consumerConfigs, event.consumerConfigs);
    }
    return event;
  }

  startLoad(startUs: number, measureFromUs: number, endUs: number): void {
    this.startCommand = { type: 'start', startUs, measureFromUs, endUs };
    for (const handle of this.live()) handle.send(this.startCommand);
  }

  /** Asks every live worker for a snapshot; resolves with those that answered within `timeoutMs`. */
  async snapshots(sequence: number, timeoutMs: number): Promise<WorkerSnapshot[]> {
    const answers = this.live().map((handle) => {
      const answer = this.waitFor(handle.id, (e) => e.type === 'snapshot' && e.sequence === sequence, timeoutMs);
      handle.send({ type: 'snapshot', sequence });
      return answer;
    });
    return (await Promise.all(answers)).flatMap((event) => (event?.type === 'snapshot' ? [event.snapshot] : []));
  }

  /**
   * Stops every producer after it has sent what its schedule planned before `untilUs`, waiting up
   * to `flushTimeoutMs` for outstanding acks; resolves with the workers' snapshots.
   */
  async stopProducers(untilUs: number, flushTimeoutMs: number): Promise<WorkerSnapshot[]> {
    const answers = this.live().map((handle) => {
      const answer = this.waitFor(handle.id, (e) => e.type === 'producers-stopped', flushTimeoutMs + 10_000);
      handle.send({ type: 'stop-producers', untilUs, flushTimeoutMs });
      return answer;
    });
    return (await Promise.all(answers)).flatMap((event) => (event?.type === 'producers-stopped' ? [event.snapshot] : []));
  }

  /** Consumers leave their groups and every worker exits; those still running after `timeoutMs` are killed. */
  async shutdown(timeoutMs: number): Promise<WorkerSnapshot[]> {
    this.shuttingDown = true;
    const live = this.live();
    const answers = live.map((handle) => {
      const answer = this.waitFor(handle.id, (e) => e.type === 'stopped', timeoutMs);
      handle.send({ type: 'shutdown' });
      return answer;
    });
    const events = await Promise.all(answers);
    await Promise.all(live.map((handle) => this.waitForExit(handle, 2_000)));
    this.killAll();
    return events.flatMap((event) => (event?.type === 'stopped' ? [event.snapshot] : []));
  }

  /** Ends every worker at once. */
  killAll(): void {
    this.shuttingDown = true;
    for (const handle of this.handles) if (!handle.exited) handle.kill();
  }

  reports(): WorkerReport[] {
    return this.plan.workers.map((planned) => {
      const handle = this.handles.find((h) => h.id === planned.id);
      const error = this.errors.get(planned.id);
      const exitCode = handle?.exitInfo?.code ?? null;
      const signal = handle?.exitInfo?.signal ?? null;
      // A standby whose member's step never came (the run ended first) started no member.
      const exitStatus: WorkerExitStatus = !handle || (this.standbys.has(planned.id) && !error)
        ? 'not-started'
        : error
          ? 'error'
          : handle.killedByRunner || signal
            ? 'killed'
            : exitCode === 0
              ? 'ok'
              : 'error';
      return {
        id: planned.id,
        host: planned.host,
        producerIds: planned.producerIds,
        consumerIds: planned.consumerIds,
        exitStatus,
        exitCode,
        signal,
        ...(error ? { error } : {}),
      };
    });
  }

  private live(): WorkerHandle[] {
    return this.handles.filter((handle) => !handle.exited);
  }

  private onEvent(handle: WorkerHandle, event: WorkerEvent): void {
    if (event.type === 'warning') {
      this.listeners.onWarning(handle.id, event.kind, event.message);
      return;
    }
    if (event.type === 'fatal') {
      this.errors.set(handle.id, `failed: ${event.message}`);
      this.resolveFailure({ workerId: handle.id, message: `worker ${handle.id} failed: ${event.message}` });
      handle.kill();
      return;
    }
    const index = this.waiters.findIndex((w) => w.workerId === handle.id && w.accept(event));
    if (index >= 0) {
      const [waiter] = this.waiters.splice(index, 1);
      waiter?.resolve(event);
    }
  }

  private waitFor(workerId: number, accept: (event: WorkerEvent) => boolean, timeoutMs: number): Promise<WorkerEvent | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        resolve(undefined);
      }, timeoutMs);
      const waiter: Waiter = {
        workerId,
        accept,
        resolve: (event) => {
          clearTimeout(timer);
          resolve(event);
        },
      };
      this.waiters.push(waiter);
    });
  }

  private rejectWaitersOf(workerId: number): void {
    for (const waiter of this.waiters.filter((w) => w.workerId === workerId)) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve({ type: 'fatal', workerId, message: 'exited' });
    }
  }

  private waitForExit(handle: WorkerHandle, timeoutMs: number): Promise<void> {
    if (handle.exited) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      handle.onExit(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
