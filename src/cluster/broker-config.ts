/**
 * Renders the configuration files of one embedded KRaft node (broker and controller in one JVM).
 * Pure functions: no I/O here.
 */

export interface NodePorts {
  /** Client (PLAINTEXT) listener port on 127.0.0.1. */
  brokerPort: number;
  /** KRaft controller listener port on 127.0.0.1. */
  controllerPort: number;
}

export interface NodeConfigInput {
  nodeId: number;
  /** Ports of every node of the cluster, index i = node id i + 1. */
  ports: NodePorts[];
  logDir: string;
  /** Extra or overriding broker settings, written last. */
  overrides?: Record<string, string | number | boolean>;
}

export const LOOPBACK_HOST = '127.0.0.1';

/** The settings a cluster of `nodeCount` nodes gets by default: RF 3 / min ISR 2 on three nodes, so acks=all means what it says. */
export function defaultClusterSettings(nodeCount: number): Record<string, string | number | boolean> {
  const replication = Math.min(3, nodeCount);
  const minIsr = nodeCount >= 3 ? 2 : 1;
  return {
    'group.initial.rebalance.delay.ms': 0,
    'offsets.topic.replication.factor': replication,
    'offsets.topic.num.partitions': 12,
    'transaction.state.log.replication.factor': replication,
    'transaction.state.log.min.isr': minIsr,
    'share.coordinator.state.topic.replication.factor': replication,
    'share.coordinator.state.topic.min.isr': minIsr,
    'default.replication.factor': replication,
    'min.insync.replicas': minIsr,
    'num.partitions': 1,
    'auto.create.topics.enable': true,
    'log.segment.bytes': 256 * 1024 * 1024,
  };
}

export function quorumVoters(ports: NodePorts[]): string {
  return ports.map((p, i) => `${i + 1}@${LOOPBACK_HOST}:${p.controllerPort}`).join(',');
}

export function bootstrapServers(ports: NodePorts[]): string {
  return ports.map((p) => `${LOOPBACK_HOST}:${p.brokerPort}`).join(',');
}

/** server.properties for one node. Every listener binds 127.0.0.1 only. */
export function renderServerProperties(input: NodeConfigInput): string {
  const own = input.ports[input.nodeId - 1];
  if (!own) throw new RangeError(`node ${input.nodeId} has no ports (cluster of ${input.ports.length})`);
  const settings: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': input.nodeId,
    'controller.quorum.voters': quorumVoters(input.ports),
    listeners: `PLAINTEXT://${LOOPBACK_HOST}:${own.brokerPort},CONTROLLER://${LOOPBACK_HOST}:${own.controllerPort}`,
    'advertised.listeners': `PLAINTEXT://${LOOPBACK_HOST}:${own.brokerPort}`,
    'inter.broker.listener.name': 'PLAINTEXT',
    'controller.listener.names': 'CONTROLLER',
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    'log.dirs': input.logDir,
    ...defaultClusterSettings(input.ports.length),
    ...input.overrides,
  };
  return `${Object.entries(settings)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join('\n')}\n`;
}

/** log4j2 configuration: everything into `${kafka.logs.dir}/server.log`, which is also where readiness is read from. */
export function renderLog4jProperties(): string {
  return [
    'status = error',
    'name = kbench-broker',
    'appender.file.type = File',
    'appender.file.name = FILE',
    'appender.file.fileName = ${sys:kafka.logs.dir}/server.log',
    'appender.file.layout.type = PatternLayout',
    'appender.file.layout.pattern = [%d] %p %m (%c)%n',
    'rootLogger.level = INFO',
    'rootLogger.appenderRef.file.ref = FILE',
    // The request log and the state-change log are noise at INFO for a benchmark cluster.
    'logger.request.name = kafka.request.logger',
    'logger.request.level = WARN',
    'logger.statechange.name = state.change.logger',
    'logger.statechange.level = WARN',
    '',
  ].join('\n');
}

/** The line every node logs once it serves clients (Kafka's own system tests wait on this pattern). */
export const READY_LINE_PATTERN = /Kafka\s*Server.*started/;

/** JVM flags of Kafka's own start scripts, with a heap sized for several nodes on a small machine. */
export function jvmFlags(heapMb: number): string[] {
  return [
    '-server',
    `-Xms${heapMb}m`,
    `-Xmx${heapMb}m`,
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-XX:InitiatingHeapOccupancyPercent=35',
    '-XX:+ExplicitGCInvokesConcurrent',
    '-Djava.awt.headless=true',
  ];
}
