/** What kafkajs can do; see `ClientCapabilities`. */
import type { ClientCapabilities } from './client-capabilities.js';

export const KAFKAJS_CAPABILITIES: ClientCapabilities = {
  library: 'kafkajs',
  host: 'thread',
  // Other codecs need plug-in packages kbench does not ship.
  compressions: ['none', 'gzip'],
  assignors: ['roundrobin'],
  defaultAssignor: 'roundrobin',
  groupProtocols: ['classic'],
  idempotence: true,
  transactions: true,
  // kafkajs' src/consumer/index.js.
  defaultSessionTimeoutMs: 30_000,
  sessionTimeoutKeys: ['sessionTimeoutMs', 'sessionTimeout'],
  defaultsName: 'kafkajs',
  maxMessageBytes: undefined,
  brokerFaultsRefusal: undefined,
};
