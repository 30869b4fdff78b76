/**
 * Renders the configuration files of one embedded KRaft node (broker and controller in one JVM).
 * Pure functions: no I/O here.
 */

export interface NodePorts {
  /** Client (PLAINTEXT) listener port on 127.0.0.1. */
  brokerPort: number;
  /** KRaft controller listener port on 127.0.0.1. */
  controllerPort: number;
  /** SASL_SSL listener port on 127.0.0.1 (secured clusters only). */
  securePort?: number;
}

/** The listener clients of a secured cluster use; PLAINTEXT and CONTROLLER stay as they are. */
export const SECURE_LISTENER_NAME = 'SECURE';
/** Every SASL mechanism the secure listener accepts, in Kafka's spelling. */
export const SECURE_LISTENER_MECHANISMS = ['SCRAM-SHA-256', 'SCRAM-SHA-512', 'PLAIN', 'OAUTHBEARER'] as const;
/** The SCRAM mechanisms whose credentials `kafka-storage format --add-scram` creates. */
export const SCRAM_MECHANISMS = ['SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;

/** What the SASL_SSL listener needs. Holds secrets: the rendered file must be private (mode 0600). */
export interface SecureListenerInput {
  keystoreFile: string;
  keystoreType: string;
  keystorePassword: string;
  /** The one user PLAIN accepts (SCRAM users live in the metadata log, created at format time). */
  username: string;
  password: string;
}

export interface NodeConfigInput {
  nodeId: number;
  /** Ports of every node of the cluster, index i = node id i + 1. */
  ports: NodePorts[];
  logDir: string;
  /** Extra or overriding broker settings, written last. */
  overrides?: Record<string, string | number | boolean>;
  /** Adds the SASL_SSL listener `SECURE` on each node's `securePort`. */
  secure?: SecureListenerInput;
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

/** Bootstrap servers of the SASL_SSL listener (every node must have a `securePort`). */
export function secureBootstrapServers(ports: NodePorts[]): string {
  return ports
    .map((p, i) => {
      if (p.securePort === undefined) throw new RangeError(`node ${i + 1} has no secure port`);
      return `${LOOPBACK_HOST}:${p.securePort}`;
    })
    .join(',');
}

/** A value inside a JAAS configuration's double quotes. */
function jaasQuoted(value: string): string {
  if (/["\\\n]/.test(value)) throw new RangeError('a JAAS option value cannot hold quotes, backslashes or line breaks');
  return `"${value}"`;
}

/**
 * The SASL_SSL listener's own settings (`listener.name.secure.*`): TLS from the keystore, the SASL
 * mechanisms, and one JAAS configuration per mechanism. SCRAM checks the credentials stored in
 * the metadata log; PLAIN the `user_<name>` option; OAUTHBEARER uses Kafka's default validator of
 * unsecured JWTs (`alg: none`), which checks the token's claims but no signature.
 */
export function secureListenerSettings(secure: SecureListenerInput): Record<string, string> {
  if (!/^[A-Za-z0-9_-]+$/.test(secure.username)) throw new RangeError(`user name "${secure.username}" must be letters, digits, _ or -`);
  const prefix = `listener.name.${SECURE_LISTENER_NAME.toLowerCase()}`;
  const settings: Record<string, string> = {
    [`${prefix}.ssl.keystore.location`]: secure.keystoreFile,
    [`${prefix}.ssl.keystore.type`]: secure.keystoreType,
    [`${prefix}.ssl.keystore.password`]: secure.keystorePassword,
    [`${prefix}.ssl.key.password`]: secure.keystorePassword,
    [`${prefix}.ssl.client.auth`]: 'none',
    [`${prefix}.sasl.enabled.mechanisms`]: SECURE_LISTENER_MECHANISMS.join(','),
  };
  for (const mechanism of SCRAM_MECHANISMS) {
    settings[`${prefix}.${mechanism.toLowerCase()}.sasl.jaas.config`] = 'org.apache.kafka.common.security.scram.ScramLoginModule required;';
  }
  settings[`${prefix}.plain.sasl.jaas.config`] =
    `org.apache.kafka.common.security.plain.PlainLoginModule required user_${secure.username}=${jaasQuoted(secure.password)};`;
  settings[`${prefix}.oauthbearer.sasl.jaas.config`] =
    `org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required unsecuredLoginStringClaim_sub=${jaasQuoted(secure.username)};`;
  return settings;
}

/**
 * server.properties for one node. Every listener binds 127.0.0.1 only. With `secure`, a third
 * listener `SECURE` (SASL_SSL) on the node's `securePort`, advertised as 127.0.0.1; PLAINTEXT stays
 * the inter-broker listener (and the one kbench's readiness check uses).
 */
export function renderServerProperties(input: NodeConfigInput): string {
  const own = input.ports[input.nodeId - 1];
  if (!own) throw new RangeError(`node ${input.nodeId} has no ports (cluster of ${input.ports.length})`);
  if (input.secure && own.securePort === undefined) throw new RangeError(`node ${input.nodeId} has no secure port`);
  const secureListener = input.secure ? `,${SECURE_LISTENER_NAME}://${LOOPBACK_HOST}:${String(own.securePort)}` : '';
  const settings: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': input.nodeId,
    'controller.quorum.voters': quorumVoters(input.ports),
    listeners: `PLAINTEXT://${LOOPBACK_HOST}:${own.brokerPort},CONTROLLER://${LOOPBACK_HOST}:${own.controllerPort}${secureListener}`,
    'advertised.listeners': `PLAINTEXT://${LOOPBACK_HOST}:${own.brokerPort}${secureListener}`,
    'inter.broker.listener.name': 'PLAINTEXT',
    'controller.listener.names': 'CONTROLLER',
    'listener.security.protocol.map': `CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT${input.secure ? `,${SECURE_LISTENER_NAME}:SASL_SSL` : ''}`,
    'log.dirs': input.logDir,
    ...defaultClusterSettings(input.ports.length),
    ...(input.secure ? secureListenerSettings(input.secure) : {}),
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
