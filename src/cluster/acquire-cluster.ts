/**
 * Decides which Kafka a run talks to: brokers given by the user (checked to answer first); else,
 * when the scenario asks for containers, a container cluster started for this run alone through
 * testcontainers; else the embedded cluster started with `kbench cluster start`, if it is up;
 * else an embedded cluster started for this run alone. A cluster started for the run is stopped
 * when the run ends.
 */
import { KbenchError } from '../errors.js';
import { PLAINTEXT, type ClusterConnection } from '../clients/connection-security.js';
import { nodeStatus } from './broker-node.js';
import { checkBrokersReachable } from './check-brokers.js';
import { PERSISTENT_CLUSTER_NAME, readClusterState } from './cluster-state.js';
import { ContainerCluster } from './container-cluster.js';
import { EmbeddedCluster } from './embedded-cluster.js';

/** `testcontainers`: containers kbench started for this run (run-scoped like `run-scoped`, but not its JVMs to signal). */
export type ClusterSource = 'external' | 'persistent' | 'run-scoped' | 'testcontainers';

export interface AcquiredCluster {
  source: ClusterSource;
  brokers: string[];
  /** The brokers and how clients reach them (TLS, SASL). */
  connection: ClusterConnection;
  /** Broker count when known (embedded clusters). */
  nodeCount: number | undefined;
  kafkaVersion: string | undefined;
  /** The embedded cluster, for fault injection; undefined for external brokers and containers. */
  embedded: EmbeddedCluster | undefined;
  /** How long this run took to start its cluster (embedded or containers), ms; undefined when it did not start one. */
  startedInMs: number | undefined;
  /** Set when an earlier run on the same cluster (a session's first) warmed it: why this run needs no warm-up, in words. */
  warmedEarlier?: string;
  /** Stops the cluster if this run started it; leaves others alone. */
  release(): Promise<void>;
}

export interface AcquireClusterOptions {
  /** Brokers given by the user (`--brokers` or the scenario), with their TLS and SASL; wins over any embedded cluster. */
  external?: ClusterConnection;
  /** Nodes of a cluster started for the run (embedded or containers). */
  nodes: 1 | 3;
  /** Start the nodes as containers of this image through testcontainers instead of embedded JVMs. */
  containerImage?: string;
  brokerConfig?: Record<string, string | number | boolean>;
  log?: (line: string) => void;
  /**
   * Why the run needs a cluster that outlives it (a sharded run: every shard must reach the same
   * one): instead of starting a run-scoped cluster, fail with this reason.
   */
  sharedBecause?: string;
}

/** The cluster from `kbench cluster start`, when its record exists and at least one node is up. */
export function findPersistentCluster(): EmbeddedCluster | undefined {
  const state = readClusterState(PERSISTENT_CLUSTER_NAME);
  if (!state || !state.nodes.some((node) => nodeStatus(node) === 'up')) return undefined;
  return EmbeddedCluster.attachPersistent();
}

export async function acquireCluster(options: AcquireClusterOptions): Promise<AcquiredCluster> {
  const external = options.external;
  if (external && external.brokers.length > 0) {
    await checkBrokersReachable(external, options.log ? { log: options.log } : {});
    return acquiredCluster('external', { brokers: external.brokers, connection: external });
  }
  if (options.containerImage !== undefined) {
    const startMs = performance.now();
    const containers = await ContainerCluster.start({
      nodes: options.nodes,
      image: options.containerImage,
      ...(options.brokerConfig ? { brokerConfig: options.brokerConfig } : {}),
      ...(options.log ? { log: options.log } : {}),
    });
    return acquiredCluster('testcontainers', { ...describeNodes(containers), startedInMs: msSince(startMs), release: () => containers.stop() });
  }
  const persistent = findPersistentCluster();
  if (persistent && persistent.nodeCount !== options.nodes) {
    options.log?.(
      `the cluster from \`kbench cluster start\` has ${persistent.nodeCount} node(s) but the scenario asks for ${options.nodes}: starting a separate cluster for this run`,
    );
  } else if (persistent) {
    options.log?.(`using the embedded cluster started with \`kbench cluster start\` (${persistent.bootstrapServers})`);
    return acquiredCluster('persistent', {
      ...describeNodes(persistent),
      // A cluster started with `--secure`: the run goes over its SASL_SSL listener.
      ...(persistent.secureConnection ? { connection: persistent.secureConnection } : {}),
      embedded: persistent,
    });
  }
  if (options.sharedBecause !== undefined) {
    throw new KbenchError('usage', `${options.sharedBecause}, and no cluster from \`kbench cluster start\` with ${options.nodes} node(s) is running`, {
      hint: 'start one first (kbench cluster start), or give the brokers of an existing cluster with --brokers',
    });
  }
  const startMs = performance.now();
  const cluster = await EmbeddedCluster.start({
    nodes: options.nodes,
    ...(options.brokerConfig ? { brokerConfig: options.brokerConfig } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  return acquiredCluster('run-scoped', { ...describeNodes(cluster), embedded: cluster, startedInMs: msSince(startMs), release: () => cluster.stop() });
}

/** What an `AcquiredCluster` says beyond its source; the defaults: plaintext to `brokers`, nothing known, nothing to release. */
interface AcquiredParts {
  brokers: string[];
  connection?: ClusterConnection;
  nodeCount?: number;
  kafkaVersion?: string;
  embedded?: EmbeddedCluster;
  startedInMs?: number;
  release?: () => Promise<void>;
}

function acquiredCluster(source: ClusterSource, parts: AcquiredParts): AcquiredCluster {
  return {
    source,
    brokers: parts.brokers,
    connection: parts.connection ?? { brokers: parts.brokers, security: PLAINTEXT },
    nodeCount: parts.nodeCount,
    kafkaVersion: parts.kafkaVersion,
    embedded: parts.embedded,
    startedInMs: parts.startedInMs,
    release: parts.release ?? (async () => {}),
  };
}

/** The brokers, node count and Kafka version of a cluster kbench runs (embedded or containers). */
function describeNodes(cluster: { brokers: string[]; nodeCount: number; kafkaVersion: string | undefined }): Pick<AcquiredParts, 'brokers' | 'nodeCount' | 'kafkaVersion'> {
  return { brokers: cluster.brokers, nodeCount: cluster.nodeCount, kafkaVersion: cluster.kafkaVersion };
}

/** Whole ms since `startMs` (`performance.now()`). */
function msSince(startMs: number): number {
  return Math.round(performance.now() - startMs);
}
