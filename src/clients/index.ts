/**
 * Entry point to the client adapters. Importing this module loads no Kafka library: each
 * adapter is imported on demand, so a worker thread that only needs kafkajs never touches the
 * confluent client's native addon (which cannot load in worker threads).
 */
import { isMainThread } from 'node:worker_threads';
import type { ClientAdapter, ClientName } from './client-adapter.js';

export * from './client-adapter.js';
export { classifyKafkajsError, classifyRdkafkaError } from './error-kinds.js';

/**
 * Loads the adapter of one client. The confluent client must run in a process's main thread
 * (its native addon is not context-aware): asking for it inside a worker thread throws.
 */
export async function loadClientAdapter(name: ClientName): Promise<ClientAdapter> {
  switch (name) {
    case 'kafkajs': {
      const { createKafkajsAdapter } = await import('./kafkajs-adapter.js');
      return createKafkajsAdapter();
    }
    case 'confluent': {
      if (!isMainThread) {
        throw new Error(
          'the confluent client (@confluentinc/kafka-javascript) cannot run in a worker thread: its native addon is not context-aware. Run confluent load in a child process (child_process.fork), not in worker_threads',
        );
      }
      const { createConfluentAdapter } = await import('./confluent-adapter.js');
      return createConfluentAdapter();
    }
    default: {
      const unknown: never = name;
      throw new Error(`unknown client "${String(unknown)}" (known: kafkajs, confluent)`);
    }
  }
}
