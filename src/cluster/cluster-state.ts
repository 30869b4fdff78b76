/**
 * The record of every embedded cluster kbench has started: one JSON file per cluster in the
 * state folder. It lets `kbench cluster status/stop` find a cluster started by an earlier
 * command, lets the watchdog find the pids to end, and lets the next start clean up after a
 * kbench that was killed before it could stop its own cluster.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const CLUSTER_STATE_SCHEMA_VERSION = 1;
/** Name of the cluster `kbench cluster start` starts and later commands find. */
export const PERSISTENT_CLUSTER_NAME = 'default';

export interface ClusterNodeState {
  nodeId: number;
  /** Pid of the node's JVM; 0 before it was spawned. */
  pid: number;
  brokerPort: number;
  controllerPort: number;
  /** SASL_SSL listener port (secured clusters only). */
  securePort?: number;
  /** server.properties of the node; its path is on the JVM's command line and identifies the process as ours. */
  propertiesFile: string;
  /** The broker log (readiness line, errors). */
  logFile: string;
  /** stdout/stderr of the JVM (crashes before log4j starts land here). */
  consoleFile: string;
}

export interface ClusterState {
  schemaVersion: typeof CLUSTER_STATE_SCHEMA_VERSION;
  /** File name of this record without `.json`. */
  name: string;
  kafkaVersion: string;
  clusterId: string;
  /** Temporary folder holding every node's data, logs and configuration. */
  dir: string;
  bootstrapServers: string;
  /** True for a cluster from `kbench cluster start`: it outlives the command that started it. */
  persistent: boolean;
  /** Pid of the kbench process that owns a run-scoped cluster; the cluster must not outlive it. */
  ownerPid: number;
  /** Pid of the watchdog process that ends the nodes when the owner dies (run-scoped clusters only). */
  watchdogPid?: number;
  startedAt: string;
  /** When a cluster warm-up settled on this cluster (a persistent cluster is warmed once, by the first run that uses it). */
  warmedUpAt?: string;
  nodes: ClusterNodeState[];
  /** The SASL_SSL listener of a cluster started with `security: 'sasl_ssl'`: where, and the files to reach it. Never a secret itself. */
  secure?: SecureClusterState;
}

export interface SecureClusterState {
  /** Kafka's listener name (`SECURE`). */
  listenerName: string;
  /** 127.0.0.1:<secure port> of every node. */
  bootstrapServers: string;
  /** PEM certificate of the cluster's own CA, which signed the broker certificate (subjectAltName IP:127.0.0.1 only). */
  caFile: string;
  /** PEM certificate of a CA that signed nothing of this cluster (for "untrusted certificate" tests). */
  unrelatedCaFile: string;
  /** The SASL user every mechanism accepts. */
  username: string;
  /** File (mode 0600) holding that user's password, no trailing line break. */
  passwordFile: string;
  /** File (mode 0600) holding an unsecured JWT (`alg: none`, sub = username) for OAUTHBEARER. */
  oauthTokenFile: string;
  /** The SASL mechanisms the listener accepts, Kafka's spelling. */
  mechanisms: string[];
}

/** `$KBENCH_STATE_DIR`, else `$XDG_STATE_HOME/kbench`, else `~/.local/state/kbench`. */
export function kbenchStateDir(): string {
  const explicit = process.env.KBENCH_STATE_DIR;
  if (explicit) return explicit;
  const xdg = process.env.XDG_STATE_HOME;
  return join(xdg && xdg.length > 0 ? xdg : join(homedir(), '.local', 'state'), 'kbench');
}

export function clustersDir(): string {
  return join(kbenchStateDir(), 'clusters');
}

export function clusterStatePath(name: string): string {
  return join(clustersDir(), `${name}.json`);
}

/** Writes the record atomically (temporary file, then rename). */
export function writeClusterState(state: ClusterState): string {
  mkdirSync(clustersDir(), { recursive: true });
  const path = clusterStatePath(state.name);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(temporary, path);
  return path;
}

export function readClusterStateFile(path: string): ClusterState | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as ClusterState;
    return parsed.schemaVersion === CLUSTER_STATE_SCHEMA_VERSION ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function readClusterState(name: string): ClusterState | undefined {
  return readClusterStateFile(clusterStatePath(name));
}

export function removeClusterState(name: string): void {
  rmSync(clusterStatePath(name), { force: true });
}

export function listClusterStates(): ClusterState[] {
  const dir = clustersDir();
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => readClusterStateFile(join(dir, file)))
    .filter((state): state is ClusterState => state !== undefined);
}
