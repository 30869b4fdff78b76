/**
 * An embedded Apache Kafka cluster: 1 or 3 real Kafka nodes in KRaft combined mode, on free
 * ports of 127.0.0.1, with their data in a fresh temporary folder. Started by kbench itself,
 * from the jars fetched off Maven Central (kafka-distribution.ts).
 *
 * Two lifetimes:
 * - run-scoped (default): a watchdog process ends the nodes as soon as the owning process is
 *   gone, however it ended, and the next start reaps any leftover whose watchdog died too;
 * - persistent (`kbench cluster start`): outlives the command, until `kbench cluster stop`.
 */
import { waitForBrokerCount } from './broker-readiness.js';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { ClusterConnection } from '../clients/connection-security.js';
import { KbenchError, errorMessage } from '../errors.js';
import { compiledScriptPath } from '../paths.js';
import { bootstrapServers, renderLog4jProperties, renderServerProperties, secureBootstrapServers, type NodePorts } from './broker-config.js';
import { killNode, logSizeBytes, nodeStatus, pauseNode, resumeNode, spawnNode, stopNode, tailLines, waitForNodeReady } from './broker-node.js';
import { reapCluster, reapOrphanedClusters } from './cluster-reaper.js';
import {
  CLUSTER_STATE_SCHEMA_VERSION,
  PERSISTENT_CLUSTER_NAME,
  clusterStatePath,
  readClusterState,
  removeClusterState,
  writeClusterState,
  type ClusterNodeState,
  type ClusterState,
  type SecureClusterState,
} from './cluster-state.js';
import { KAFKA_VERSION, checkJava, ensureKafkaJars, javaExecutable, kafkaJarsDir } from './kafka-distribution.js';
import { findFreePorts } from './ports.js';
import { isAlive } from './process-utils.js';
import { prepareSecureCluster, secureClusterConnection, type PreparedSecureCluster } from './secure-cluster.js';

const execFileAsync = promisify(execFile);

export interface EmbeddedClusterOptions {
  /** Number of Kafka nodes, each broker and controller. @default 1 */
  nodes?: 1 | 3;
  /** Survive the process that starts it (for `kbench cluster start`). @default false */
  persistent?: boolean;
  /** Bound on the whole startup, nodes and metadata check. @default 90000 */
  startTimeoutMs?: number;
  /** JVM heap of each node. @default 512 */
  heapMb?: number;
  /** Broker settings applied to every node after kbench's defaults. */
  brokerConfig?: Record<string, string | number | boolean>;
  /** Progress lines (for stderr). */
  log?: (line: string) => void;
  /**
   * `'sasl_ssl'`: every node also gets a listener `SECURE` (SASL_SSL) on a port of its own, with
   * a certificate of the cluster's own CA (subjectAltName IP:127.0.0.1 only) and SCRAM-SHA-256,
   * SCRAM-SHA-512, PLAIN and OAUTHBEARER (unsecured JWTs) for one user with a random password
   * (see `secureConnection`, `secureFiles`). PLAINTEXT stays for inter-broker traffic and for
   * kbench's own readiness check. @default 'plaintext'
   */
  security?: EmbeddedClusterSecurity;
}

export type EmbeddedClusterSecurity = 'plaintext' | 'sasl_ssl';

export type NodeStatus = 'up' | 'paused' | 'down';

/** Kafka cluster ids are 16 random bytes in URL-safe base64 without padding; one starting with '-' would read as a CLI flag. */
export function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

export class EmbeddedCluster {
  private watchdog: ChildProcess | undefined;

  private constructor(
    private readonly state: ClusterState,
    private readonly jarsDir: string,
    private readonly heapMb: number,
  ) {}

  /** Starts a cluster and returns once every node is ready and a metadata request sees every broker. */
  static async start(options: EmbeddedClusterOptions = {}): Promise<EmbeddedCluster> {
    const nodeCount = options.nodes ?? 1;
    const persistent = options.persistent ?? false;
    const heapMb = options.heapMb ?? 512;
    const log = options.log ?? (() => {});
    const deadlineMs = Date.now() + (options.startTimeoutMs ?? 90_000);

    checkJava();
    const { jarsDir } = ensureKafkaJars(KAFKA_VERSION, log);
    const reaped = await reapOrphanedClusters();
    if (reaped.length > 0) log(`cleaned up ${reaped.length} embedded cluster(s) left by a kbench that was killed`);

    const name = persistent ? PERSISTENT_CLUSTER_NAME : `run-${process.pid}-${randomBytes(3).toString('hex')}`;
    if (persistent) {
      const existing = readClusterState(name);
      if (existing && existing.nodes.some((node) => nodeStatus(node) !== 'down')) {
        throw new KbenchError('cluster', `an embedded cluster is already running (${existing.bootstrapServers})`, {
          hint: 'use it as it is, or stop it first with `kbench cluster stop`',
        });
      }
      if (existing) await reapCluster(existing);
    }

    const dir = mkdtempSync(join(tmpdir(), 'kbench-cluster-'));
    let secure: PreparedSecureCluster | undefined;
    try {
      secure = options.security === 'sasl_ssl' ? await prepareSecureCluster(dir) : undefined;
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
    const portsPerNode = secure ? 3 : 2;
    const portList = await findFreePorts(nodeCount * portsPerNode);
    const ports: NodePorts[] = Array.from({ length: nodeCount }, (_, i) => ({
      brokerPort: portList[portsPerNode * i] as number,
      controllerPort: portList[portsPerNode * i + 1] as number,
      ...(secure ? { securePort: portList[portsPerNode * i + 2] as number } : {}),
    }));
    const log4jConfigFile = join(dir, 'log4j2.properties');
    writeFileSync(log4jConfigFile, renderLog4jProperties());
    const nodes: ClusterNodeState[] = ports.map((nodePorts, i) => {
      const nodeId = i + 1;
      const nodeDir = join(dir, `node-${nodeId}`);
      mkdirSync(join(nodeDir, 'logs'), { recursive: true });
      const propertiesFile = join(nodeDir, 'server.properties');
      // Private: a secured node's file holds the keystore password and the PLAIN user's password.
      writeFileSync(
        propertiesFile,
        renderServerProperties({
          nodeId,
          ports,
          logDir: join(nodeDir, 'data'),
          ...(options.brokerConfig ? { overrides: options.brokerConfig } : {}),
          ...(secure ? { secure: secure.listener } : {}),
        }),
        { mode: 0o600 },
      );
      return {
        nodeId,
        pid: 0,
        brokerPort: nodePorts.brokerPort,
        controllerPort: nodePorts.controllerPort,
        ...(nodePorts.securePort !== undefined ? { securePort: nodePorts.securePort } : {}),
        propertiesFile,
        logFile: join(nodeDir, 'logs', 'server.log'),
        consoleFile: join(nodeDir, 'logs', 'console.log'),
      };
    });
    const state: ClusterState = {
      schemaVersion: CLUSTER_STATE_SCHEMA_VERSION,
      name,
      kafkaVersion: KAFKA_VERSION,
      clusterId: newClusterId(),
      dir,
      bootstrapServers: bootstrapServers(ports),
      persistent,
      ownerPid: process.pid,
      startedAt: new Date().toISOString(),
      nodes,
      ...(secure ? { secure: { ...secure.state, bootstrapServers: secureBootstrapServers(ports) } } : {}),
    };
    writeClusterState(state);
    const cluster = new EmbeddedCluster(state, jarsDir, heapMb);
    try {
      if (!persistent) cluster.startWatchdog();
      await cluster.formatStorage(secure);
      log(`starting ${nodeCount} Kafka ${KAFKA_VERSION} node(s) in ${dir}`);
      for (const node of nodes) cluster.spawn(node);
      await Promise.all(nodes.map((node) => waitForNodeReady(node, 0, deadlineMs)));
      await cluster.waitForBrokers(nodeCount, deadlineMs);
      return cluster;
    } catch (error) {
      await cluster.abortStart();
      throw error;
    }
  }

  /** A cluster started earlier by `kbench cluster start`, if its record exists. */
  static attachPersistent(): EmbeddedCluster | undefined {
    const state = readClusterState(PERSISTENT_CLUSTER_NAME);
    return state ? new EmbeddedCluster(state, kafkaJarsDir(state.kafkaVersion), 512) : undefined;
  }

  get bootstrapServers(): string {
    return this.state.bootstrapServers;
  }

  /**
   * How clients reach the SASL_SSL listener of a cluster started with `security: 'sasl_ssl'`
   * (SCRAM-SHA-512, the cluster's CA, hostname verification on, the password as a file);
   * undefined for a PLAINTEXT-only cluster.
   */
  get secureConnection(): ClusterConnection | undefined {
    return this.state.secure ? secureClusterConnection(this.state.secure) : undefined;
  }

  /** The secure listener's bootstrap servers and files (CA, unrelated CA, password, OAUTHBEARER token); undefined for a PLAINTEXT-only cluster. */
  get secureFiles(): SecureClusterState | undefined {
    return this.state.secure ? structuredClone(this.state.secure) : undefined;
  }

  get brokers(): string[] {
    return this.state.bootstrapServers.split(',');
  }

  get nodeCount(): number {
    return this.state.nodes.length;
  }

  get kafkaVersion(): string {
    return this.state.kafkaVersion;
  }

  get dir(): string {
    return this.state.dir;
  }

  /** When a cluster warm-up settled on this cluster; undefined when none has. */
  get warmedUpAt(): string | undefined {
    return this.state.warmedUpAt;
  }

  /** Records that a warm-up settled on this cluster, so later runs on it need none. */
  markWarmedUp(): void {
    this.state.warmedUpAt = new Date().toISOString();
    writeClusterState(this.state);
  }

  /** A copy of the cluster's record (nodes, ports, pids, log files). */
  describe(): ClusterState {
    return structuredClone(this.state);
  }

  nodeStatuses(): Array<{ nodeId: number; pid: number; status: NodeStatus }> {
    return this.state.nodes.map((node) => ({ nodeId: node.nodeId, pid: node.pid, status: nodeStatus(node) }));
  }

  logFile(nodeId: number): string {
    return this.node(nodeId).logFile;
  }

  /** Fault: SIGKILL one node, as in a crash. */
  async killNode(nodeId: number): Promise<void> {
    if (!(await killNode(this.node(nodeId)))) throw this.notRunning(nodeId);
  }

  /** Fault: controlled shutdown of one node (SIGTERM), killed if it takes longer than `timeoutMs`. */
  async stopNode(nodeId: number, timeoutMs = 30_000): Promise<'stopped' | 'killed'> {
    const outcome = await stopNode(this.node(nodeId), timeoutMs);
    if (outcome === 'not-running') throw this.notRunning(nodeId);
    return outcome;
  }

  /** Fault: freeze one node (SIGSTOP); its sockets stay open, it answers nothing. */
  async pauseNode(nodeId: number): Promise<void> {
    if (!(await pauseNode(this.node(nodeId)))) throw this.notRunning(nodeId);
  }

  /** Ends a pause (SIGCONT). */
  async resumeNode(nodeId: number): Promise<void> {
    if (!(await resumeNode(this.node(nodeId)))) throw this.notRunning(nodeId);
  }

  /** Starts a node that was killed or stopped again, with its data, and waits until it is ready. */
  async restartNode(nodeId: number, timeoutMs = 60_000): Promise<void> {
    const node = this.node(nodeId);
    if (nodeStatus(node) !== 'down') throw new KbenchError('cluster', `node ${nodeId} is still running; kill or stop it before restarting it`);
    const logOffsetBytes = logSizeBytes(node.logFile);
    this.spawn(node);
    await waitForNodeReady(node, logOffsetBytes, Date.now() + timeoutMs);
  }

  /**
   * Stops every node (SIGTERM to all at once, SIGKILL to whatever is left after
   * `gracefulTimeoutMs`: a combined-mode controlled shutdown can wait on a controller for
   * minutes), then removes the cluster's folder and record.
   */
  async stop(gracefulTimeoutMs = 5_000): Promise<void> {
    await Promise.all(this.state.nodes.map((node) => stopNode(node, gracefulTimeoutMs)));
    rmSync(this.state.dir, { recursive: true, force: true });
    removeClusterState(this.state.name);
    this.releaseWatchdog();
  }

  private node(nodeId: number): ClusterNodeState {
    const node = this.state.nodes.find((n) => n.nodeId === nodeId);
    if (!node) throw new KbenchError('usage', `there is no node ${nodeId} (the cluster has nodes 1 to ${this.state.nodes.length})`);
    return node;
  }

  private notRunning(nodeId: number): KbenchError {
    return new KbenchError('cluster', `node ${nodeId} is not running`);
  }

  private spawn(node: ClusterNodeState): void {
    node.pid = spawnNode(node, {
      javaPath: javaExecutable(),
      jarsDir: this.jarsDir,
      log4jConfigFile: join(this.state.dir, 'log4j2.properties'),
      logsDir: dirname(node.logFile),
      heapMb: this.heapMb,
    });
    writeClusterState(this.state);
  }

  /** Formats every node's storage; a secured cluster's SCRAM credentials go into the bootstrap metadata here. */
  private async formatStorage(secure: PreparedSecureCluster | undefined): Promise<void> {
    // The SCRAM arguments hold the password: an error message (whose first line echoes the command) must not.
    const redact = (text: string): string => (secure ? text.split(secure.password).join('***') : text);
    await Promise.all(
      this.state.nodes.map(async (node) => {
        try {
          await execFileAsync(
            javaExecutable(),
            [
              '-Xmx128m',
              '-cp',
              `${this.jarsDir}/*`,
              'kafka.tools.StorageTool',
              'format',
              '-t',
              this.state.clusterId,
              '-c',
              node.propertiesFile,
              ...(secure?.scramFormatArgs ?? []),
            ],
            { timeout: 60_000 },
          );
        } catch (error) {
          const stderr = (error as { stderr?: string }).stderr ?? '';
          throw new KbenchError('cluster', `formatting the storage of node ${node.nodeId} failed: ${redact(errorMessage(error).split('\n')[0] ?? '')}`, {
            details: redact(stderr)
              .split('\n')
              .filter((line) => line.trim())
              .slice(-5),
          });
        }
      }),
    );
  }

  /** Confirms cluster-wide readiness: a metadata request that lists every broker (while every node still runs). */
  private waitForBrokers(expected: number, deadlineMs: number): Promise<void> {
    return waitForBrokerCount(this.brokers, expected, deadlineMs, {
      what: 'brokers',
      details: this.state.nodes.map((node) => `broker log: ${node.logFile}`),
      check: () => {
        for (const node of this.state.nodes) {
          if (!isAlive(node.pid)) {
            throw new KbenchError('cluster', `Kafka node ${node.nodeId} exited after it started`, {
              details: [...tailLines(node.logFile, 5).map((line) => `  ${line}`), `broker log: ${node.logFile}`],
            });
          }
        }
      },
    });
  }

  /** After a failed start: kill what runs, drop the data, keep the logs for the error message. */
  private async abortStart(): Promise<void> {
    await Promise.all(this.state.nodes.map((node) => killNode(node)));
    for (const node of this.state.nodes) rmSync(join(dirname(node.propertiesFile), 'data'), { recursive: true, force: true });
    removeClusterState(this.state.name);
    this.releaseWatchdog();
  }

  private startWatchdog(): void {
    const child = spawn(process.execPath, [compiledScriptPath('cluster/watchdog.js'), clusterStatePath(this.state.name), String(process.pid)], {
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    child.on('error', () => {});
    child.unref();
    // The pipe must not keep this process alive: it only has to close when this process ends.
    (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    this.watchdog = child;
    if (child.pid !== undefined) this.state.watchdogPid = child.pid;
    writeClusterState(this.state);
  }

  /** The cluster is gone: closing the pipe lets the watchdog find no record and exit. */
  private releaseWatchdog(): void {
    this.watchdog?.stdin?.end();
    this.watchdog = undefined;
  }
}
