/**
 * Cluster-wide readiness of a cluster kbench started (embedded JVMs or containers): a metadata
 * request that lists every broker, retried until a deadline.
 */
import { createKafkaAdmin } from '../clients/kafka-admin.js';
import { KbenchError, errorMessage } from '../errors.js';

const RETRY_MS = 200;

export interface BrokerCountWait {
  /** What the brokers are, in the timeout message: `brokers`, `Kafka containers`. */
  what: string;
  /** Called between attempts; throws when the cluster cannot become ready (a node exited). */
  check?: () => void;
  /** Lines under the timeout message besides the last error (e.g. the brokers' log files). */
  details?: string[];
}

/** Resolves once a metadata request through `brokers` lists `expected` brokers; a cluster error at `deadlineMs`. */
export async function waitForBrokerCount(brokers: string[], expected: number, deadlineMs: number, wait: BrokerCountWait): Promise<void> {
  const admin = createKafkaAdmin({ brokers, retries: 0 });
  let seen = 0;
  let lastError = '';
  try {
    for (;;) {
      try {
        seen = (await admin.describeBrokers()).length;
        if (seen >= expected) return;
      } catch (error) {
        lastError = errorMessage(error);
      }
      wait.check?.();
      if (Date.now() >= deadlineMs) {
        throw new KbenchError('cluster', `the metadata request saw ${seen} of ${expected} ${wait.what} before the start timeout`, {
          details: [lastError, ...(wait.details ?? [])].filter(Boolean),
        });
      }
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  } finally {
    await admin.close().catch(() => {});
  }
}
