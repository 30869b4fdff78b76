/**
 * Every client kbench can drive: one line each, its capabilities and how to load its adapter.
 * Adding a client is its own files in this folder (adapter, capabilities, error mapping) plus
 * one line here. Loading is lazy: importing this module loads no Kafka library.
 */
import type { ClientAdapter } from './client-adapter.js';
import type { ClientCapabilities } from './client-capabilities.js';
import { CONFLUENT_CAPABILITIES } from './confluent-capabilities.js';
import { KAFKAJS_CAPABILITIES } from './kafkajs-capabilities.js';
import { PLATFORMATIC_CAPABILITIES } from './platformatic-capabilities.js';

interface ClientEntry {
  capabilities: ClientCapabilities;
  loadAdapter: () => Promise<ClientAdapter>;
}

export const CLIENTS = {
  confluent: { capabilities: CONFLUENT_CAPABILITIES, loadAdapter: async () => (await import('./confluent-adapter.js')).createConfluentAdapter() },
  kafkajs: { capabilities: KAFKAJS_CAPABILITIES, loadAdapter: async () => (await import('./kafkajs-adapter.js')).createKafkajsAdapter() },
  platformatic: { capabilities: PLATFORMATIC_CAPABILITIES, loadAdapter: async () => (await import('./platformatic-adapter.js')).createPlatformaticAdapter() },
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
