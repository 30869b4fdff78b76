/**
 * The one small interface every Kafka client hides behind. Workers, the runner and the
 * cluster code talk to Kafka only through it; the Kafka libraries are imported only by the
 * adapter files in this folder.
 */
import type { ConnectionSecurity } from './connection-security.js';

import type { ClientName } from './client-registry.js';
export { CLIENT_NAMES, type ClientName } from './client-registry.js';

/** Acknowledgements the producer waits for: none, the leader, or every in-sync replica. */
export type Acks = 0 | 1 | 'all';
export type Compression = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';

/** Kinds under which errors are counted, in the order reports and tables list them; `other` keeps the client's own code in the message. */
export const CLIENT_ERROR_KINDS = [
  'timeout',
  'not-enough-replicas',
  'not-leader',
  'queue-full',
  'broker-unreachable',
  'message-too-large',
  'unknown-topic',
  'authorization',
  'disconnected',
  'other',
] as const;
export type ClientErrorKind = (typeof CLIENT_ERROR_KINDS)[number];

export interface ClientError {
  kind: ClientErrorKind;
  /** The client's own error text (and code where it has one). */
  message: string;
}

/** Settings common to producers and consumers. */
export interface ConnectionSettings {
  brokers: string[];
  /** TLS and SASL; undefined = PLAINTEXT. */
  security?: ConnectionSecurity;
  clientId: string;
  /**
   * Client-native settings passed through verbatim (librdkafka property names for confluent,
   * constructor options for kafkajs). They win over kbench's own mapping.
   */
  native?: Record<string, string | number | boolean>;
}

export interface ProducerSettings extends ConnectionSettings {
  acks: Acks;
  /** Idempotent producer (needs acks 'all'). @default false */
  idempotent?: boolean;
  /** @default 'none' */
  compression?: Compression;
  /** How long the client may wait to fill a batch. */
  lingerMs?: number;
  /** Upper bound of one batch, per partition. */
  batchSizeBytes?: number;
  /** How long a send may take before it fails with a timeout. @default 30000 */
  deliveryTimeoutMs?: number;
  /**
   * Makes the producer transactional (implies idempotent, acks 'all'): `transactions` is then
   * present and every record must be sent inside a transaction. Unique per live producer.
   */
  transactionalId?: string;
  /**
   * A transactional producer: how long a transaction may stay open before the broker aborts it
   * (`transaction.timeout.ms`; what a crashed producer's open transaction costs its readers).
   * @default the client's (60 s; @platformatic/kafka uses its request timeout)
   */
  transactionTimeoutMs?: number;
}

export interface ProduceRecord {
  topic: string;
  /** null for keyless records (the client spreads them over partitions). */
  key: Buffer | null;
  value: Buffer;
  headers?: Record<string, Buffer>;
}

export interface DeliveryReport {
  partition: number;
  /** Offset as a decimal string (Kafka offsets exceed 2^53 in principle). */
  offset: string;
}

/** Called exactly once per accepted record: with an error, or with where the record landed. */
export type DeliveryCallback = (error: ClientError | undefined, report: DeliveryReport | undefined) => void;

export interface ProducerAdapter {
  connect(): Promise<void>;
  /**
   * Hands one record to the client without waiting. Returns false when the client refuses it
   * at once (its local queue is full); `onDelivery` is then never called and the caller counts
   * the record as not attempted.
   */
  send(record: ProduceRecord, onDelivery: DeliveryCallback): boolean;
  /**
   * True when `send` copies the record's key, value and header bytes before it returns: the
   * caller may then reuse their Buffers (and a frozen headers object) for the next record.
   * False or absent: the client keeps references until the record is sent.
   */
  readonly copiesRecordOnSend?: boolean;
  /** Resolves when every accepted record has had its delivery callback, or after `timeoutMs`. */
  flush(timeoutMs: number): Promise<void>;
  disconnect(): Promise<void>;
  /** The configuration the client really runs with, for the report (no secrets). */
  effectiveConfig(): Record<string, string | number | boolean>;
  /** Present when the producer was created with a `transactionalId` (and its client has transactions). */
  readonly transactions?: ProducerTransactions;
}

/** The next offset to read from a partition: what a commit stores. */
export interface PartitionOffset {
  topic: string;
  partition: number;
  /** The offset after the last record handled. */
  offset: number;
}

/**
 * A transactional producer's transactions, one open at a time: records sent between `begin` and
 * `commit` become visible to `read_committed` consumers together, with the consumer offsets
 * given to `sendOffsets` (consume-transform-produce exactly once); `abort` discards them all.
 * Each call rejects with a `ClientError`-shaped error (an Error with a `kind`) when the client or
 * the broker refuses it, and every call is bounded in time. A record sent while no transaction is
 * open (before `begin`, or once `commit` / `abort` has started) is not sent: its delivery callback
 * gets an error of kind `other`. Disconnecting aborts a transaction left open.
 */
export interface ProducerTransactions {
  begin(): Promise<void>;
  /**
   * Adds `offsets` of `consumer`'s group to the open transaction: committed with it, or not at all.
   * `consumer` must be of the producer's own client (a confluent producer needs the librdkafka
   * consumer's group metadata).
   */
  sendOffsets(consumer: ConsumerAdapter, offsets: PartitionOffset[]): Promise<void>;
  /**
   * Sends what the producer still holds, waits for every delivery callback of the transaction,
   * then commits it. Refuses (rejects, nothing committed) when a record of the transaction
   * failed: the caller then aborts. After a rejection only `abort` (or a retried `commit`) is allowed.
   */
  commit(): Promise<void>;
  /**
   * Discards the transaction. Records not acknowledged yet fail (their callbacks get an error);
   * records already acknowledged keep their successful callback although the abort discards them
   * from what `read_committed` consumers see: the caller, not the adapter, accounts for those.
   */
  abort(): Promise<void>;
}

/** Which records a consumer reads: every record, or only those of committed transactions (and none of aborted ones). */
export type IsolationLevel = 'read_uncommitted' | 'read_committed';
/**
 * kbench's isolation level for every client when the settings name none: the Java client's
 * default. (librdkafka and kafkajs default to read_committed themselves; the adapters set it.)
 */
export const DEFAULT_ISOLATION_LEVEL: IsolationLevel = 'read_uncommitted';

/** Where to start when the group has no committed offset. */
export type StartFrom = 'earliest' | 'latest';
/** Classic-protocol assignors, or KIP-848's server-side assignment (`consumer` protocol). */
export type AssignmentStrategy = 'range' | 'roundrobin' | 'cooperative-sticky';
export type GroupProtocol = 'classic' | 'consumer';

export interface ConsumerSettings extends ConnectionSettings {
  groupId: string;
  startFrom: StartFrom;
  /** @default 'classic' */
  groupProtocol?: GroupProtocol;
  /** Classic protocol only. Defaults to the client's own. */
  assignmentStrategy?: AssignmentStrategy;
  /** Classic protocol only. */
  sessionTimeoutMs?: number;
  /** @default 'read_uncommitted' */
  isolationLevel?: IsolationLevel;
  /**
   * `interval` (the default): the member commits what it handled every few seconds, by itself.
   * `manual`: it commits only through `commit` (a pipeline stage's delivery semantics decide when).
   */
  commitMode?: 'interval' | 'manual';
}

export interface ConsumedRecord {
  topic: string;
  partition: number;
  /** Below 2^53 in any real log, so a number. */
  offset: number;
  key: Buffer | null;
  value: Buffer;
  headers: Record<string, Buffer>;
  /** The record's timestamp (producer create time) in epoch milliseconds. */
  timestampMs: number;
}

export interface TopicPartition {
  topic: string;
  partition: number;
}

/** What a group member saw of a rebalance: partitions taken away, or handed to it. */
export type RebalanceEvent =
  | { type: 'revoked'; partitions: TopicPartition[] }
  | { type: 'assigned'; partitions: TopicPartition[] };

export interface ConsumerHandlers {
  /** Called with each batch of records in partition order; the next batch waits for it. */
  onRecords(records: ConsumedRecord[]): void | Promise<void>;
  onRebalance?(event: RebalanceEvent): void;
  /** Errors the client reports without stopping (counted by kind). */
  onError?(error: ClientError): void;
}

export interface ConsumerAdapter {
  connect(): Promise<void>;
  /** Joins the group for `topic` and starts delivering records to the handlers. */
  start(topic: string, handlers: ConsumerHandlers): Promise<void>;
  /** Leaves the group (a graceful leave) and closes the connection. */
  disconnect(): Promise<void>;
  /**
   * Stops fetching every partition of the topic, those assigned later included, until `resume`:
   * the member stays in the group (heartbeats, polls, keeps its partitions), so nothing rebalances.
   * Records fetched but not handed over yet are dropped and fetched again after `resume` (from the
   * position after the last record handed over).
   */
  pause(): void;
  /** Fetches again from where the member stopped. */
  resume(): void;
  /**
   * Commits exactly `offsets` for the group now and resolves once the broker has them (with
   * `commitMode: 'manual'`; it also works beside interval commits). Needs a started consumer.
   * Rejects with a `ClientError`-shaped error (an Error with a `kind`), after a bounded wait.
   */
  commit(offsets: PartitionOffset[]): Promise<void>;
  effectiveConfig(): Record<string, string | number | boolean>;
}

export interface ClientAdapter {
  readonly name: ClientName;
  /** Library version, and librdkafka's for confluent (for the report's environment). */
  versions(): Record<string, string>;
  createProducer(settings: ProducerSettings): ProducerAdapter;
  createConsumer(settings: ConsumerSettings): ConsumerAdapter;
}
