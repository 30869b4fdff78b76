/** What @platformatic/kafka (1.35, pure JavaScript) can do; see `ClientCapabilities`. */
import type { ClientCapabilities } from './client-capabilities.js';

export const PLATFORMATIC_CAPABILITIES: ClientCapabilities = {
  library: '@platformatic/kafka',
  // No native addon: it loads and runs in a worker thread (its snappy and lz4 codecs are WebAssembly).
  host: 'thread',
  // zstd needs node:zlib's zstd functions, which Node 20 lacks (the library then refuses to send it).
  compressions: ['none', 'gzip', 'snappy', 'lz4'],
  // 'roundrobin' is the library's own (eager) assignor; 'range' is Kafka's range assignment computed
  // by kbench through the library's `partitionAssigner` hook (platformatic-assignors.ts). The
  // library has no cooperative (incremental) classic protocol.
  assignors: ['range', 'roundrobin'],
  defaultAssignor: 'roundrobin',
  // It also speaks KIP-848's `consumer` protocol, but it reports no assignment changes after the
  // first join (no event), so kbench cannot see its rebalances yet: classic only.
  groupProtocols: ['classic'],
  idempotence: true,
  // beginTransaction / Transaction (send, addConsumer + addOffset, commit, abort), driven by
  // platformatic-transactions.ts around the library's gaps (commit does not wait for sends in
  // flight, addOffset is deduplicated, an empty transaction's EndTxn is refused; the transaction
  // timeout is the request timeout). Its read_committed filter lets some aborted records through:
  // kbench filters fetch responses itself (platformatic-read-committed.ts).
  transactions: true,
  // The library's defaultConsumerOptions: sessionTimeout 60 000 ms.
  defaultSessionTimeoutMs: 60_000,
  sessionTimeoutKeys: ['sessionTimeout'],
  defaultsName: '@platformatic/kafka',
  // The library has no client-side limit on a message's size: the broker's applies.
  maxMessageBytes: undefined,
  // Seen in CI with the leader killed: 1.35's consumer looks up the dead node in its metadata for a
  // fetch (`metadata.brokers.get(node)` undefined) and its connection pool throws a TypeError
  // ("reading 'host'") outside any callback, which ends the worker; it passed in other runs.
  brokerFaultsRefusal:
    "@platformatic/kafka 1.35's consumer can crash when a broker leaves the cluster (a TypeError in its connection pool, reading 'host' of a node no longer in its metadata), so kbench does not run broker faults with it",
};
