/**
 * The configuration of a Kafka cluster in containers (the `apache/kafka` image, started through
 * testcontainers by `container-cluster.ts`): per node, the environment the image turns into
 * `server.properties`, the port published on the host's loopback interface, the network alias
 * and what to wait for. The same KRaft combined nodes and the same settings as the embedded
 * cluster (`broker-config.ts`); only the listeners differ, because a container has two sides.
 * Pure functions: no I/O here.
 *
 * Listeners of node N (in the container):
 *   EXTERNAL   0.0.0.0:9092   published on 127.0.0.1:<host port>, advertised as 127.0.0.1:<host port>: host clients
 *   INTERNAL   0.0.0.0:19092  advertised as kafka-N:19092 on the cluster's own network: inter-broker traffic
 *   CONTROLLER 0.0.0.0:29093  KRaft quorum, never published
 * The same names and in-container ports as docker-compose.yml.
 */
import { LOOPBACK_HOST, READY_LINE_PATTERN, defaultClusterSettings } from './broker-config.js';
import { KAFKA_VERSION } from './kafka-distribution.js';

/** The image a container cluster runs unless the scenario names another: the Kafka release of the embedded jars. */
export const DEFAULT_KAFKA_IMAGE = `apache/kafka:${KAFKA_VERSION}`;

/** Ports inside each container (the same on every node: each has its own network namespace). */
export const CONTAINER_PORTS = {
  /** Clients on the host, through the published port. */
  external: 9092,
  /** Brokers talking to each other on the cluster's network. */
  internal: 19092,
  /** KRaft controller quorum. */
  controller: 29093,
} as const;

/** Where the image keeps its data (a folder it creates, owned by its user). */
export const CONTAINER_LOG_DIR = '/var/lib/kafka/data';
/** Broker JVM heap, as for an embedded node. */
export const CONTAINER_HEAP_MB = 512;
/** Bound on one node's start once its container runs (the image is pulled before, under its own bound). */
export const NODE_STARTUP_TIMEOUT_MS = 120_000;

export interface ContainerClusterInput {
  nodes: 1 | 3;
  image: string;
  /** Host port (on 127.0.0.1) of each node's client listener; index i = node id i + 1. */
  hostPorts: number[];
  /** KRaft cluster id, the same on every node (22 characters of URL-safe base64, e.g. `randomBytes(16).toString('base64url')`). */
  clusterId: string;
  /** Broker settings over kbench's defaults (the scenario's `cluster.brokerConfig`). */
  brokerConfig?: Record<string, string | number | boolean>;
}

export interface PublishedPort {
  container: number;
  host: number;
  /** The host interface the port is bound to: loopback only. */
  hostIp: string;
}

export interface ContainerNodeSpec {
  nodeId: number;
  image: string;
  /** The node's name on the cluster's network (the other nodes reach it by this name). */
  networkAlias: string;
  /** Environment of the container: `KAFKA_*` variables the image writes into server.properties, `CLUSTER_ID`, the heap. */
  env: Record<string, string>;
  /** The one port published on the host. */
  published: PublishedPort;
  /** What a host client connects to. */
  bootstrapAddress: string;
  /** The line the node logs once it serves clients. */
  readyLine: RegExp;
  startupTimeoutMs: number;
  /** The server properties the environment stands for (for messages and tests). */
  settings: Record<string, string>;
}

export interface ContainerClusterSpec {
  nodes: ContainerNodeSpec[];
  bootstrapServers: string[];
}

export function networkAlias(nodeId: number): string {
  return `kafka-${nodeId}`;
}

/** `controller.quorum.voters` over the cluster's network: `1@kafka-1:29093,…`. */
export function containerQuorumVoters(nodeCount: number): string {
  return Array.from({ length: nodeCount }, (_, i) => `${i + 1}@${networkAlias(i + 1)}:${CONTAINER_PORTS.controller}`).join(',');
}

/** The server properties of one container node: kbench's defaults, the scenario's settings, then the listeners kbench owns. */
export function containerServerSettings(nodeId: number, input: ContainerClusterInput): Record<string, string> {
  const hostPort = input.hostPorts[nodeId - 1];
  if (hostPort === undefined) throw new RangeError(`node ${nodeId} has no host port (cluster of ${input.hostPorts.length})`);
  const settings: Record<string, string | number | boolean> = {
    ...defaultClusterSettings(input.nodes),
    ...input.brokerConfig,
    'process.roles': 'broker,controller',
    'node.id': nodeId,
    'controller.quorum.voters': containerQuorumVoters(input.nodes),
    listeners: `INTERNAL://0.0.0.0:${CONTAINER_PORTS.internal},EXTERNAL://0.0.0.0:${CONTAINER_PORTS.external},CONTROLLER://0.0.0.0:${CONTAINER_PORTS.controller}`,
    'advertised.listeners': `INTERNAL://${networkAlias(nodeId)}:${CONTAINER_PORTS.internal},EXTERNAL://${LOOPBACK_HOST}:${hostPort}`,
    'inter.broker.listener.name': 'INTERNAL',
    'controller.listener.names': 'CONTROLLER',
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT',
    'log.dirs': CONTAINER_LOG_DIR,
  };
  return Object.fromEntries(Object.entries(settings).map(([key, value]) => [key, String(value)]));
}

/**
 * The environment variable the `apache/kafka` image turns into server property `key`: `KAFKA_`,
 * then the key upper-cased with `.` → `_`, `_` → `__`, `-` → `___`
 * (`min.insync.replicas` → `KAFKA_MIN_INSYNC_REPLICAS`).
 */
export function propertyEnvName(key: string): string {
  let name = '';
  for (const ch of key) name += ch === '.' ? '_' : ch === '_' ? '__' : ch === '-' ? '___' : ch.toUpperCase();
  return `KAFKA_${name}`;
}

/**
 * The server property the image makes of a `KAFKA_*` variable: the reverse rule, as the image
 * applies it (a lone `_` between two other characters → `.`, left to right without overlaps;
 * then `___` → `-`, `__` → `_`; lower case). Undefined for a name without the prefix.
 */
export function envNameProperty(name: string): string | undefined {
  if (!name.startsWith('KAFKA_')) return undefined;
  const rest = name.slice('KAFKA_'.length);
  const dotted = rest.replace(/[^_]_[^_]/g, (match) => match.replace('_', '.'));
  return dotted.replaceAll('___', '-').replaceAll('__', '_').toLowerCase();
}

/**
 * Why broker setting `key` = `value` cannot reach a container node through the image's
 * environment, or undefined when it can: the name must survive the round trip through an
 * environment variable, and the image drops a value holding `=`.
 */
export function containerSettingProblem(key: string, value: string | number | boolean): string | undefined {
  if (!/^[a-z0-9._-]+$/.test(key)) return 'the apache/kafka image takes broker settings as environment variables: only lower-case letters, digits, ".", "_" and "-" survive';
  if (envNameProperty(propertyEnvName(key)) !== key) return `the apache/kafka image would read it back as "${envNameProperty(propertyEnvName(key))}" from ${propertyEnvName(key)} (a one-character part between dots, or "._" / "_." / "-" next to "_")`;
  if (String(value).includes('=')) return 'the apache/kafka image drops environment values that contain "="';
  return undefined;
}

/** Every node of a container cluster: environment, published port, alias, readiness. */
export function containerClusterSpec(input: ContainerClusterInput): ContainerClusterSpec {
  if (input.hostPorts.length !== input.nodes) throw new RangeError(`${input.nodes} node(s) need ${input.nodes} host port(s), got ${input.hostPorts.length}`);
  const nodes = input.hostPorts.map((hostPort, i): ContainerNodeSpec => {
    const nodeId = i + 1;
    const settings = containerServerSettings(nodeId, input);
    const env: Record<string, string> = {
      CLUSTER_ID: input.clusterId,
      KAFKA_HEAP_OPTS: `-Xms${CONTAINER_HEAP_MB}m -Xmx${CONTAINER_HEAP_MB}m`,
    };
    for (const [key, value] of Object.entries(settings)) env[propertyEnvName(key)] = value;
    return {
      nodeId,
      image: input.image,
      networkAlias: networkAlias(nodeId),
      env,
      published: { container: CONTAINER_PORTS.external, host: hostPort, hostIp: LOOPBACK_HOST },
      bootstrapAddress: `${LOOPBACK_HOST}:${hostPort}`,
      readyLine: READY_LINE_PATTERN,
      startupTimeoutMs: NODE_STARTUP_TIMEOUT_MS,
      settings,
    };
  });
  return { nodes, bootstrapServers: nodes.map((node) => node.bootstrapAddress) };
}
