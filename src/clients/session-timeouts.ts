/**
 * How long a consumer group waits for a silent (crashed) member before it hands that member's
 * partitions to the others: the session timeout a member really ran with.
 *
 * The classic protocol's defaults are each client's (its capabilities); the `consumer` protocol
 * (KIP-848) takes the broker's `group.consumer.session.timeout.ms`, 45 000 by default, which
 * clients cannot set.
 */
import type { GroupProtocol } from './client-adapter.js';
import { capabilitiesOf, type ClientName } from './client-registry.js';
import type { FlatConfig } from './effective-config.js';

export const BROKER_DEFAULT_CONSUMER_PROTOCOL_SESSION_TIMEOUT_MS = 45_000;

export interface SessionTimeout {
  ms: number;
  /** `configured`: set by the scenario or the member's client configuration; `default`: the client's (or broker's) default. */
  source: 'configured' | 'default';
}

/** The session timeout of a member, from its effective client configuration (as the report records it). */
export function effectiveSessionTimeout(client: ClientName, groupProtocol: GroupProtocol, config: FlatConfig | undefined): SessionTimeout {
  if (groupProtocol === 'consumer') return { ms: BROKER_DEFAULT_CONSUMER_PROTOCOL_SESSION_TIMEOUT_MS, source: 'default' };
  const capabilities = capabilitiesOf(client);
  for (const key of capabilities.sessionTimeoutKeys) {
    const value = Number(config?.[key]);
    if (config?.[key] !== undefined && Number.isFinite(value) && value > 0) return { ms: value, source: 'configured' };
  }
  return { ms: capabilities.defaultSessionTimeoutMs, source: 'default' };
}
