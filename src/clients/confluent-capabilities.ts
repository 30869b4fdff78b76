/** What @confluentinc/kafka-javascript (librdkafka) can do; see `ClientCapabilities`. */
import type { ClientCapabilities } from './client-capabilities.js';

export const CONFLUENT_CAPABILITIES: ClientCapabilities = {
  library: '@confluentinc/kafka-javascript',
  // Its native addon is not context-aware: it cannot load in a worker thread.
  host: 'process',
  compressions: ['none', 'gzip', 'snappy', 'lz4', 'zstd'],
  assignors: ['range', 'roundrobin', 'cooperative-sticky'],
  defaultAssignor: 'range',
  groupProtocols: ['classic', 'consumer'],
  idempotence: true,
  transactions: true,
  // librdkafka's CONFIGURATION.md: 45 s since KIP-735 (the Java client's default since Kafka 3.0).
  defaultSessionTimeoutMs: 45_000,
  sessionTimeoutKeys: ['session.timeout.ms'],
  defaultsName: 'librdkafka',
  // librdkafka's default message.max.bytes.
  maxMessageBytes: 1_000_000,
  brokerFaultsRefusal: undefined,
};
