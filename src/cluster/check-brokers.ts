/**
 * A bounded check that brokers given by the user (`--brokers`, `cluster.brokers`) answer, before
 * a run creates its topic or starts any worker: a wrong address or a dead cluster then fails
 * within seconds, naming every address tried and what went wrong with each.
 */
import { probeBroker } from '../clients/cluster-probe.js';
import { securityProtocol, type ClusterConnection } from '../clients/connection-security.js';
import { assertSecuritySources } from '../clients/secret-sources.js';
import { KbenchError } from '../errors.js';

/** How long each bootstrap address gets to answer a metadata request (all are tried at once). */
export const BROKER_CHECK_TIMEOUT_MS = 8_000;

export interface CheckBrokersOptions {
  timeoutMs?: number;
  /** Receives a warning for each address that failed while another answered. */
  log?: (line: string) => void;
}

/**
 * Resolves when at least one of `brokers` answers with the cluster's metadata; throws a cluster
 * KbenchError (exit code 3) listing every address and its problem otherwise.
 */
export async function checkBrokersReachable(connection: ClusterConnection, options: CheckBrokersOptions = {}): Promise<void> {
  const { brokers, security } = connection;
  assertSecuritySources(security);
  const timeoutMs = options.timeoutMs ?? BROKER_CHECK_TIMEOUT_MS;
  const probes = await Promise.all(brokers.map((address) => probeBroker(address, timeoutMs, security)));
  const failed = probes.filter((probe) => probe.problem !== undefined);
  if (failed.length < probes.length) {
    for (const probe of failed) options.log?.(`warning: bootstrap server ${probe.address} does not answer (${probe.problem}); using the others`);
    return;
  }
  throw new KbenchError('cluster', `Kafka is unreachable at ${brokers.join(', ')} (over ${securityProtocol(security)})`, {
    details: failed.map((probe) => `${probe.address}: ${probe.problem}`),
    hint: 'check each address (host:port of a Kafka listener) and that its brokers are up; without --brokers or cluster.brokers, kbench runs its own cluster',
  });
}
