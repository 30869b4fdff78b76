/**
 * What a Kafka client library can do, declared once per client next to its adapter
 * (`confluent-capabilities.ts`, `kafkajs-capabilities.ts`). Scenario validation, resolution and
 * worker hosting read these declarations; none of them names a client. Pure data.
 */
import type { AssignmentStrategy, Compression, GroupProtocol } from './client-adapter.js';

export interface ClientCapabilities {
  /** The npm package, for messages. */
  library: string;
  /**
   * How a worker hosts this client: `thread` (worker_threads) or `process` (child_process.fork),
   * for libraries whose native addon cannot load in a worker thread.
   */
  host: 'thread' | 'process';
  /** Producer compressions the client can send. */
  compressions: readonly Compression[];
  /** Classic-protocol assignors, and the one a group gets when the scenario names none. */
  assignors: readonly AssignmentStrategy[];
  defaultAssignor: AssignmentStrategy;
  /** Group protocols: `classic`, and `consumer` (KIP-848) where the client has it. */
  groupProtocols: readonly GroupProtocol[];
  /** Idempotent producer (`enable.idempotence`). */
  idempotence: boolean;
  /** Transactional producer (exactly-once pipelines). */
  transactions: boolean;
  /** The classic protocol's session timeout when nothing sets it, ms, and the effective-configuration keys that set it. */
  defaultSessionTimeoutMs: number;
  sessionTimeoutKeys: readonly string[];
  /** Where the client's own defaults come from, in messages ("the librdkafka default"). */
  defaultsName: string;
  /** The largest message the client sends by default (its `message.max.bytes`), when it has such a limit. */
  maxMessageBytes: number | undefined;
  /** Why scenarios with broker faults are refused with this client; undefined when it runs them. */
  brokerFaultsRefusal: string | undefined;
}
