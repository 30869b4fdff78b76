/**
 * `kbench check`: can kbench use this cluster? Connects to every bootstrap address with the
 * TLS and SASL settings given (options, or a scenario's cluster section), authenticates, lists
 * the brokers the cluster advertises and checks each answers from here, and reads the Kafka
 * version the brokers support. Exit 0 when usable, 3 naming what failed otherwise.
 */
import type { Command } from 'commander';
import { fetchBrokerVersions, type BrokerVersions } from '../clients/api-versions.js';
import { probeBroker, type BrokerProbe } from '../clients/cluster-probe.js';
import { describeSecurity, securityProtocol, type ClusterConnection } from '../clients/connection-security.js';
import { assertSecuritySources, securitySecrets } from '../clients/secret-sources.js';
import { BROKER_CHECK_TIMEOUT_MS } from '../cluster/check-brokers.js';
import { KbenchError } from '../errors.js';
import { parseDuration } from '../util/durations.js';
import { maskSecrets, maskSecretsInError } from '../scenario/redact-secrets.js';
import { loadPlan, parseOverrides, type PlanOptions } from './plan-options.js';
import { parseSecurityOptions, registerSecurityOptions } from './security-options.js';

interface CheckOptions extends PlanOptions {
  timeout?: string;
}

export function registerCheckCommand(program: Command): void {
  const command = program
    .command('check')
    .description('check that kbench can use a cluster: connect (TLS, SASL), authenticate, list its brokers and the Kafka version')
    .argument('[scenario]', "a scenario whose cluster section to check (else --brokers and the --tls-… / --sasl-… options)")
    .option('-b, --brokers <list>', 'bootstrap servers (comma-separated)')
    .option('--timeout <time>', `how long each broker gets to answer (default ${BROKER_CHECK_TIMEOUT_MS / 1000}s)`);
  registerSecurityOptions(command).action(async (scenarioPath: string | undefined, options: CheckOptions) => {
    const connection = await connectionToCheck(scenarioPath, options);
    const secrets = securitySecrets(connection.security).filter((secret) => secret.length >= 4);
    try {
      const lines = await checkCluster(connection, timeoutOf(options));
      for (const line of lines) process.stdout.write(`${maskSecrets(line, secrets)}\n`);
    } catch (error) {
      throw maskSecretsInError(error, secrets);
    }
  });
}

async function connectionToCheck(scenarioPath: string | undefined, options: CheckOptions): Promise<ClusterConnection> {
  if (scenarioPath !== undefined) {
    const plan = await loadPlan(scenarioPath, options);
    if (plan.cluster.kind !== 'external') {
      throw new KbenchError('usage', `${scenarioPath} runs on kbench's embedded cluster: there is nothing to check`, { hint: 'give --brokers, or a scenario with cluster.brokers' });
    }
    return { brokers: plan.cluster.brokers, security: plan.cluster.security };
  }
  const brokers = parseOverrides({ ...(options.brokers !== undefined ? { brokers: options.brokers } : {}) }).brokers;
  if (brokers === undefined) throw new KbenchError('usage', 'give the bootstrap servers with --brokers host:port[,host:port…] (or a scenario file)');
  const security = parseSecurityOptions(options);
  return { brokers, security: { tls: security.tls, sasl: security.sasl } };
}

function timeoutOf(options: CheckOptions): number {
  if (options.timeout === undefined) return BROKER_CHECK_TIMEOUT_MS;
  const ms = parseDuration(options.timeout);
  if (ms === undefined || ms <= 0) throw new KbenchError('usage', `--timeout expects a duration such as 5s, got "${options.timeout}"`);
  return ms;
}

/** What the check found, as lines to print; throws a cluster error (exit 3) when the cluster cannot be used. */
export async function checkCluster(connection: ClusterConnection, timeoutMs: number): Promise<string[]> {
  assertSecuritySources(connection.security);
  const lines = [`checking ${connection.brokers.join(', ')} over ${describeSecurity(connection.security)}`];
  const bootstrap = await Promise.all(connection.brokers.map((address) => probeBroker(address, timeoutMs, connection.security)));
  const answered = bootstrap.find((probe) => probe.advertised !== undefined);
  if (answered?.advertised === undefined) {
    throw new KbenchError('cluster', `cannot use the cluster at ${connection.brokers.join(', ')} (over ${securityProtocol(connection.security)})`, {
      details: bootstrap.map((probe) => `${probe.address}: ${probe.problem ?? 'no answer'}`),
      hint: hintFor(bootstrap),
    });
  }
  for (const probe of bootstrap) lines.push(probe.problem === undefined ? `✓ ${probe.address}: connected${connection.security.sasl ? ', authenticated' : ''}` : `✗ ${probe.address}: ${probe.problem}`);
  lines.push(`cluster id ${answered.clusterId ?? '?'}, controller: node ${answered.controllerId ?? '?'}`);
  // Clients talk to every broker the cluster advertises: each must answer from here too.
  const advertised = await Promise.all(answered.advertised.map((address) => probeBroker(address, timeoutMs, connection.security)));
  const versions = await Promise.all(
    advertised.map((probe) => (probe.problem === undefined ? fetchBrokerVersions(probe.address, connection.security, timeoutMs).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))) : undefined)),
  );
  lines.push(`brokers (${advertised.length}):`);
  advertised.forEach((probe, i) => {
    const version = versions[i];
    const release = version === undefined ? '' : version instanceof Error ? ` (Kafka version unknown: ${version.message})` : ` (Kafka ${version.release ?? 'version not reported'})`;
    lines.push(`  ${probe.problem === undefined ? '✓' : '✗'} ${probe.address}${probe.problem === undefined ? release : `: ${probe.problem}`}`);
  });
  const known = versions.filter((v): v is BrokerVersions => v !== undefined && !(v instanceof Error));
  const releases = [...new Set(known.map((v) => v.release ?? '?'))];
  if (known.length > 0) {
    const finalized = known[0]?.finalizedFeatures.get('metadata.version');
    const finalizedText = finalized === undefined ? '' : `, metadata.version level ${finalized} (${known[0]?.finalizedRelease ?? '?'}) finalized`;
    lines.push(`Kafka ${releases.length === 1 ? releases[0] : `${releases.join(' and ')} (brokers run different versions)`}${finalizedText}`);
  }
  const failed = advertised.filter((probe) => probe.problem !== undefined);
  if (failed.length > 0) {
    throw new KbenchError('cluster', `the cluster answered, but ${failed.length} of its ${advertised.length} advertised brokers fail from here`, {
      details: failed.map((probe) => `${probe.address}: ${probe.problem}`),
      hint: "check the brokers' advertised.listeners: clients connect to exactly those addresses",
    });
  }
  lines.push('the cluster is usable: kbench can run against it');
  return lines;
}

function hintFor(probes: BrokerProbe[]): string {
  const problems = probes.map((probe) => probe.problem ?? '').join(' ');
  if (/authentication failed/.test(problems)) return 'check the user name and the password the environment variable or file holds';
  if (/untrusted certificate/.test(problems)) return "give the CA that signed the brokers' certificates with --tls-ca (or tls.caFile)";
  if (/host name mismatch/.test(problems)) return "connect by a name the brokers' certificates carry";
  return 'check each address (host:port of a Kafka listener), that its brokers are up, and the listener\'s TLS and SASL settings';
}
