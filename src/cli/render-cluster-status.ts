/** Renders `kbench cluster status` as text. Pure. */
import type { ClusterState, SecureClusterState } from '../cluster/cluster-state.js';

export interface NodeStatusLine {
  nodeId: number;
  pid: number;
  status: 'up' | 'paused' | 'down';
}

export function renderClusterStatus(state: ClusterState, statuses: NodeStatusLine[]): string {
  const up = statuses.filter((s) => s.status === 'up').length;
  const lines = [
    `embedded cluster: Apache Kafka ${state.kafkaVersion}, ${state.nodes.length} node(s), ${up} up`,
    `bootstrap servers: ${state.bootstrapServers}`,
    ...(state.secure ? describeSecureConnection(state.secure) : []),
    `started: ${state.startedAt}`,
    `warmed up: ${state.warmedUpAt ?? 'not yet (the next run warms it up before measuring)'}`,
    `data: ${state.dir}`,
    '',
    'node  status  pid      broker port  controller port  log',
  ];
  for (const node of state.nodes) {
    const status = statuses.find((s) => s.nodeId === node.nodeId)?.status ?? 'down';
    lines.push(
      `${String(node.nodeId).padEnd(6)}${status.padEnd(8)}${String(node.pid).padEnd(9)}${String(node.brokerPort).padEnd(13)}${String(node.controllerPort).padEnd(17)}${node.logFile}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Lines telling a user how to connect over SASL_SSL (file paths, never the password). */
export function describeSecureConnection(secure: SecureClusterState): string[] {
  return [
    `SASL_SSL bootstrap servers: ${secure.bootstrapServers}`,
    `  CA certificate: ${secure.caFile} (the broker certificate names IP 127.0.0.1 only: connect to 127.0.0.1, not localhost)`,
    `  SASL mechanisms: ${secure.mechanisms.join(', ')}`,
    `  user: ${secure.username}`,
    `  password file: ${secure.passwordFile}`,
    `  OAUTHBEARER token file (unsecured JWT, alg none): ${secure.oauthTokenFile}`,
  ];
}
