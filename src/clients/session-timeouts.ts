/**
 * How long a consumer group waits for a silent (crashed) member before it hands that member's
 * partitions to the others: the session timeout a member really ran with.
 *
 * Defaults, from the clients' own documentation and sources:
 * - librdkafka (`confluent`), classic protocol: `session.timeout.ms` 45 000 (CONFIGURATION.md;
 *   raised from 10 s by KIP-735, also the Java client's default since Kafka 3.0);
 * - kafkajs: `sessionTimeout` 30 000 (src/consumer/index.js);
 * - the `consumer` protocol (KIP-848): the broker's `group.consumer.session.timeout.ms`, 45 000
 *   by default; clients cannot set it.
 */
import type { ClientName, GroupProtocol } from './client-adapter.js';
import type { FlatConfig } from './effective-config.js';

export const LIBRDKAFKA_DEFAULT_SESSION_TIMEOUT_MS = 45_000;
export const KAFKAJS_DEFAULT_SESSION_TIMEOUT_MS = 30_000;
export const BROKER_DEFAULT_CONSUMER_PROTOCOL_SESSION_TIMEOUT_MS = 45_000;

export interface SessionTimeout {
  ms: number;
  /** `configured`: set by the scenario or the member's client configuration; `default`: the client's (or broker's) default. */
  source: 'configured' | 'default';
}

/** The session timeout of a member, from its effective client configuration (as the report records it). */
export function effectiveSessionTimeout(client: ClientName, groupProtocol: GroupProtocol, config: FlatConfig | undefined): SessionTimeout {
  if (groupProtocol === 'consumer') return { ms: BROKER_DEFAULT_CONSUMER_PROTOCOL_SESSION_TIMEOUT_MS, source: 'default' };
  const keys = client === 'confluent' ? ['session.timeout.ms'] : ['sessionTimeoutMs', 'sessionTimeout'];
  for (const key of keys) {
    const value = Number(config?.[key]);
    if (config?.[key] !== undefined && Number.isFinite(value) && value > 0) return { ms: value, source: 'configured' };
  }
  return { ms: client === 'confluent' ? LIBRDKAFKA_DEFAULT_SESSION_TIMEOUT_MS : KAFKAJS_DEFAULT_SESSION_TIMEOUT_MS, source: 'default' };
}
