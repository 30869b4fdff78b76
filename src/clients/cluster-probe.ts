/**
 * A bounded check of one bootstrap address: connect (TLS, SASL as configured), ask for the
 * cluster's metadata, and say what went wrong in words a user can act on. Used before every run
 * on brokers the user gave, and by `kbench check`.
 */
import { Kafka, logLevel } from 'kafkajs';
import { PLAINTEXT, type ConnectionSecurity } from './connection-security.js';
import { ProbeTimeout, connectionProblem } from './connection-problem.js';
import { kafkajsSecurity } from './kafkajs-security.js';

/** What a bounded check of one bootstrap address found: the brokers it advertises, or why it failed. */
export interface BrokerProbe {
  /** The bootstrap address, as given (`host:port`). */
  address: string;
  /** The brokers the cluster advertises (`host:port`), when the address answered. */
  advertised?: string[];
  /** The cluster's id and its controller's node id, when the address answered. */
  clusterId?: string;
  controllerId?: number;
  /** Why the check failed, in a few words (`connection refused`, `authentication failed…`). */
  problem?: string;
}

/**
 * Asks one bootstrap address for the cluster's metadata, once, within `timeoutMs` (connection,
 * TLS, SASL, API versions and metadata together; no retries), and says what went wrong when it
 * fails. Never throws (unreadable TLS files or secrets are reported as its problem).
 */
export async function probeBroker(address: string, timeoutMs: number, security: ConnectionSecurity = PLAINTEXT): Promise<BrokerProbe> {
  let kafka: Kafka;
  try {
    kafka = new Kafka({
      clientId: 'kbench-probe',
      brokers: [address],
      logLevel: logLevel.NOTHING,
      connectionTimeout: timeoutMs,
      authenticationTimeout: timeoutMs,
      requestTimeout: timeoutMs,
      enforceRequestTimeout: true,
      retry: { retries: 0 },
      ...kafkajsSecurity(security),
    });
  } catch (error) {
    return { address, problem: error instanceof Error ? error.message : String(error) };
  }
  const admin = kafka.admin({ retry: { retries: 0 } });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProbeTimeout(timeoutMs)), timeoutMs);
  });
  try {
    const description = await Promise.race([admin.connect().then(() => admin.describeCluster()), timedOut]);
    return {
      address,
      advertised: description.brokers.map((broker) => `${broker.host}:${broker.port}`),
      clusterId: description.clusterId,
      controllerId: description.controller ?? -1,
    };
  } catch (error) {
    return { address, problem: connectionProblem(error, address, security) };
  } finally {
    clearTimeout(timer);
    // Closes the sockets, so nothing keeps the process alive; bounded in case the client hangs.
    await Promise.race([admin.disconnect().catch(() => {}), new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
  }
}
