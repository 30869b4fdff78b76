/**
 * Every client kbench can drive: one line each, its capabilities and how to load its adapter.
 * Adding a client is its own files in this folder (adapter, capabilities, error mapping, raw consumer) plus
 * one line here. Loading is lazy: importing this module loads no Kafka library.
 */
import type { ClientAdapter } from './client-adapter.js';
import type { ClientCapabilities } from './client-capabilities.js';
import type { RawConsume } from './raw-consumer.js';
import { CONFLUENT_CAPABILITIES } from './confluent-capabilities.js';
import { KAFKAJS_CAPABILITIES } from './kafkajs-capabilities.js';
import { PLATFORMATIC_CAPABILITIES } from './platformatic-capabilities.js';

interface ClientEntry {
  capabilities: ClientCapabilities;
  loadAdapter: () => Promise<ClientAdapter>;
  /** The library alone, counting records: the ceiling `bench:peers` compares kbench's consumer with. */
  loadRawConsumer: () => Promise<RawConsume>;
}

export const CLIENTS = {
  confluent: { capabilities: CONFLUENT_CAPABILITIES, loadAdapter: async () => (await import('./confluent-adapter.js')).createConfluentAdapter(), loadRawConsumer: async () => (await import('./confluent-raw-consumer.js')).rawConsume },
  kafkajs: { capabilities: KAFKAJS_CAPABILITIES, loadAdapter: async () => (await import('./kafkajs-adapter.js')).createKafkajsAdapter(), loadRawConsumer: async () => (await import('./kafkajs-raw-consumer.js')).rawConsume },
  platformatic: { capabilities: PLATFORMATIC_CAPABILITIES, loadAdapter: async () => (await import('./platformatic-adapter.js')).createPlatformaticAdapter(), loadRawConsumer: async () => (await import('./platformatic-raw-consumer.js')).rawConsume },
} satisfies Record<string, ClientEntry>;

export type ClientName = keyof typeof CLIENTS;
export const CLIENT_NAMES = Object.keys(CLIENTS) as ClientName[];
/** The client of a scenario that names none. */
export const DEFAULT_CLIENT: ClientName = 'confluent';

export function isClientName(name: unknown): name is ClientName {
  return typeof name === 'string' && Object.hasOwn(CLIENTS, name);
}

/** What `client` can do. */
export function capabilitiesOf(client: ClientName): ClientCapabilities {
  return CLIENTS[client].capabilities;
}
