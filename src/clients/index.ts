/**
 * Entry point to the client adapters. Importing this module loads no Kafka library: each
 * adapter is imported on demand, so a worker thread that only needs kafkajs never touches the
 * confluent client's native addon (which cannot load in worker threads).
 */
import { isMainThread } from 'node:worker_threads';
import type { ClientAdapter } from './client-adapter.js';
import type { RawConsume } from './raw-consumer.js';
import { CLIENTS, CLIENT_NAMES, type ClientName } from './client-registry.js';

export * from './client-adapter.js';
export { CLIENTS, DEFAULT_CLIENT, capabilitiesOf, isClientName } from './client-registry.js';
export type { ClientCapabilities } from './client-capabilities.js';
export type { RawConsume, RawConsumeInput, RawConsumeResult } from './raw-consumer.js';
export { classifyKafkajsError } from './kafkajs-error-kinds.js';
export { classifyRdkafkaError } from './confluent-error-kinds.js';
export { ClientFailure } from './client-failure.js';

/**
 * Loads the adapter of one client. A client hosted in processes (the confluent client's native
 * addon is not context-aware) cannot load inside a worker thread: asking for it there throws.
 */
export async function loadClientAdapter(name: ClientName): Promise<ClientAdapter> {
  const entry = CLIENTS[name];
  if (entry === undefined) throw new Error(`unknown client "${String(name)}" (known: ${CLIENT_NAMES.join(', ')})`);
  if (entry.capabilities.host === 'process' && !isMainThread) {
    throw new Error(
      `the ${name} client (${entry.capabilities.library}) cannot run in a worker thread: its native addon is not context-aware. Run its load in a child process (child_process.fork), not in worker_threads`,
    );
  }
  return entry.loadAdapter();
}

/** Loads a client's raw consumer (the library alone, counting records); same hosting rule as the adapter. */
export async function loadRawConsumer(name: ClientName): Promise<RawConsume> {
  const entry = CLIENTS[name];
  if (entry === undefined) throw new Error(`unknown client "${String(name)}" (known: ${CLIENT_NAMES.join(', ')})`);
  if (entry.capabilities.host === 'process' && !isMainThread) throw new Error(`the ${name} client (${entry.capabilities.library}) cannot run in a worker thread`);
  return entry.loadRawConsumer();
}
