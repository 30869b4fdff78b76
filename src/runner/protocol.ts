/**
 * The typed messages between the runner and its load workers, whatever hosts the worker
 * (a worker thread or a child process). Commands go in, events come out; both are plain data.
 */
import type { ClusterConnection } from '../clients/connection-security.js';
import type { ClientErrorKind } from '../clients/client-adapter.js';
import type { WorkerSnapshot } from '../metrics/snapshot-types.js';
import type { Plan } from '../scenario/plan-types.js';

/** Runner → worker. */
export type WorkerCommand =
  /**
   * First message: what to run. The worker connects its producers and starts its consumers, then
   * answers `ready` — after every member got its first assignment when `awaitAssignment` (the
   * members present when the load starts), at once otherwise (a member joining mid-run).
   */
  | { type: 'init'; workerId: number; plan: Plan; connection: ClusterConnection; awaitAssignment: boolean; standby?: boolean }
  /**
   * With `standby` in `init` (a member the schedule has join mid-run), the worker loads its client
   * library and creates its clients, then answers `ready` without starting its members; this
   * command starts them at the scheduled time, and the worker answers `joined`. A library that
   * takes seconds to load (@platformatic/kafka compiles its validators on import) then joins on
   * time rather than after loading on a busy machine.
   */
  | { type: 'join' }
  /**
   * Producers begin at `startUs` (monotonic clock, metrics/clock.ts) and send no message whose
   * intended send time is at or after `endUs`. Latencies of messages whose intended send time is
   * before `measureFromUs` (the warm-up) are not recorded.
   */
  | { type: 'start'; startUs: number; measureFromUs: number; endUs: number }
  /**
   * Reply with a snapshot (counters since the start, histograms since the last snapshot). With
   * `freeze` (the last snapshot before a crash), consumer members first stop handling records:
   * nothing is consumed (or committed) between the snapshot and the kill, so what the snapshot
   * counts is exactly what the member consumed.
   */
  | { type: 'snapshot'; sequence: number; freeze?: boolean }
  /**
   * Producers first send every message intended before `untilUs` they have not sent yet (a
   * late timer must not drop the last messages of the schedule), then send nothing more, wait
   * for outstanding acks (bounded by `flushTimeoutMs`) and answer `producers-stopped`.
   */
  | { type: 'stop-producers'; untilUs: number; flushTimeoutMs: number }
  /** These members take `processingTimeMs` per record from now on (a slow member). */
  | { type: 'set-processing-time'; consumerIds: string[]; processingTimeMs: number }
  /** These members stop fetching (`paused`) or fetch again, staying in their group (a deliberate backlog). */
  | { type: 'set-paused'; consumerIds: string[]; paused: boolean }
  /** Consumers leave their groups, clients close; the worker answers `stopped` with a last snapshot and exits. */
  | { type: 'shutdown' };

/** Worker → runner. */
export type WorkerEvent =
  | {
      type: 'ready';
      workerId: number;
      /** Library versions of the client (for the report). */
      clientVersions: Record<string, string>;
      /** Effective client configuration per producer / consumer id. */
      producerConfigs: Record<string, Record<string, string | number | boolean>>;
      consumerConfigs: Record<string, Record<string, string | number | boolean>>;
    }
  /** The members of a standby worker have started (after `join`). */
  | { type: 'joined'; workerId: number }
  | { type: 'snapshot'; sequence: number; snapshot: WorkerSnapshot }
  | { type: 'producers-stopped'; workerId: number; snapshot: WorkerSnapshot }
  | { type: 'stopped'; workerId: number; snapshot: WorkerSnapshot }
  /** A problem the worker survives (e.g. a consumer error); counted, also shown live. */
  | { type: 'warning'; workerId: number; kind: ClientErrorKind; message: string }
  /** The worker cannot go on; it exits after sending this. */
  | { type: 'fatal'; workerId: number; message: string; stack?: string };

export function isWorkerEvent(value: unknown): value is WorkerEvent {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
