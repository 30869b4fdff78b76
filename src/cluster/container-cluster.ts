/**
 * A Kafka cluster in containers, started for one run through the `testcontainers` library: one
 * `apache/kafka` container per KRaft combined node on a network of its own, each node's client
 * listener published on 127.0.0.1 only. Its configuration comes from `container-cluster-config.ts`;
 * this file only talks to the container runtime. testcontainers is loaded when a container
 * cluster is asked for, never otherwise.
 *
 * Teardown: `stop()` removes every container and the network (kbench calls it when the run ends,
 * after errors and on Ctrl-C); if kbench itself dies, testcontainers' reaper container (Ryuk)
 * removes what carries this session's label once kbench's connection to it closes.
 */
import { waitForBrokerCount } from './broker-readiness.js';
import { randomBytes } from 'node:crypto';
import type { StartedNetwork, StartedTestContainer } from 'testcontainers';
import { KbenchError, errorMessage } from '../errors.js';
import { containerClusterSpec, type ContainerNodeSpec, type PublishedPort } from './container-cluster-config.js';
import { findFreePorts } from './ports.js';

/** Bound on finding a container runtime: without one, kbench says so within seconds. */
export const RUNTIME_PROBE_TIMEOUT_MS = 5_000;
/** Bound on the whole start, the image pull included (a first pull of apache/kafka takes a while). */
export const CONTAINER_CLUSTER_START_TIMEOUT_MS = 600_000;
/** Bound on the metadata request seeing every broker once every node has logged its readiness. */
const BROKERS_VISIBLE_TIMEOUT_MS = 60_000;

/** The error when no container runtime answers: what was tried, and the ways that need none. */
export function noContainerRuntimeError(reason: string): KbenchError {
  const dockerHost = process.env.DOCKER_HOST;
  return new KbenchError('cluster', `the testcontainers cluster needs a container runtime (Docker or compatible), and none is reachable: ${reason}`, {
    details: [dockerHost ? `DOCKER_HOST is ${dockerHost}` : 'DOCKER_HOST is not set (testcontainers also tried the default Docker socket)'],
    hint: 'start Docker, or run without containers: the embedded cluster (the default: drop cluster.provider, or pass --cluster embedded) or an existing cluster with --brokers host:port',
  });
}

export interface ProbeOptions {
  timeoutMs?: number;
  /** How to reach the runtime (tests pass a stand-in); default testcontainers' own client lookup. */
  connect?: () => Promise<unknown>;
}

/** Resolves when a container runtime answers, within the bound; otherwise throws `noContainerRuntimeError`. */
export async function probeContainerRuntime(options: ProbeOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? RUNTIME_PROBE_TIMEOUT_MS;
  const connect = options.connect ?? (async () => (await import('testcontainers')).getContainerRuntimeClient());
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no runtime answered within ${timeoutMs / 1000} s`)), timeoutMs);
    timer.unref();
  });
  try {
    await Promise.race([connect(), timeout]);
  } catch (error) {
    throw noContainerRuntimeError(errorMessage(error));
  } finally {
    clearTimeout(timer);
  }
}

/** The Kafka version an image reference names (`apache/kafka:4.2.0` → `4.2.0`), when its tag is a version. */
export function kafkaVersionOfImage(image: string): string | undefined {
  const tag = /:([^:/@]+)(?:@.*)?$/.exec(image)?.[1];
  return tag !== undefined && /^\d+\.\d+\.\d+/.test(tag) ? tag : undefined;
}

export interface ContainerClusterOptions {
  nodes: 1 | 3;
  image: string;
  brokerConfig?: Record<string, string | number | boolean>;
  log?: (line: string) => void;
  runtimeProbeTimeoutMs?: number;
  startTimeoutMs?: number;
}

export class ContainerCluster {
  private stopping: Promise<void> | undefined;

  private constructor(
    readonly image: string,
    readonly brokers: string[],
    private readonly network: StartedNetwork,
    private readonly containers: StartedTestContainer[],
  ) {}

  get nodeCount(): number {
    return this.brokers.length;
  }

  get kafkaVersion(): string | undefined {
    return kafkaVersionOfImage(this.image);
  }

  /** Starts every node at once (a KRaft node waits for its quorum), bounded; on failure removes what it started. */
  static async start(options: ContainerClusterOptions): Promise<ContainerCluster> {
    await probeContainerRuntime({ timeoutMs: options.runtimeProbeTimeoutMs ?? RUNTIME_PROBE_TIMEOUT_MS });
    const log = options.log ?? (() => {});
    const spec = containerClusterSpec({
      nodes: options.nodes,
      image: options.image,
      hostPorts: await findFreePorts(options.nodes),
      clusterId: randomBytes(16).toString('base64url'),
      ...(options.brokerConfig ? { brokerConfig: options.brokerConfig } : {}),
    });
    const testcontainers = await import('testcontainers');
    const network = await new testcontainers.Network().start();
    const started: StartedTestContainer[] = [];
    let abandoned = false;
    const removeAll = async (): Promise<void> => {
      abandoned = true;
      await Promise.allSettled(started.map((container) => container.stop({ remove: true, removeVolumes: true, timeout: 5_000 })));
      await network.stop().catch(() => {});
    };

    /** A container whose published port is bound to one host interface (testcontainers binds every interface). */
    class LoopbackContainer extends testcontainers.GenericContainer {
      withPublishedPort(port: PublishedPort): this {
        this.withExposedPorts({ container: port.container, host: port.host });
        this.hostConfig.PortBindings = { ...this.hostConfig.PortBindings, [`${port.container}/tcp`]: [{ HostIp: port.hostIp, HostPort: String(port.host) }] };
        return this;
      }
    }
    const startNode = async (node: ContainerNodeSpec): Promise<void> => {
      const container = await new LoopbackContainer(node.image)
        .withNetwork(network)
        .withNetworkAliases(node.networkAlias)
        .withEnvironment(node.env)
        .withPublishedPort(node.published)
        .withLabels({ 'dev.kbench.node': String(node.nodeId) })
        .withWaitStrategy(testcontainers.Wait.forLogMessage(node.readyLine))
        .withStartupTimeout(node.startupTimeoutMs)
        .start();
      started.push(container);
      // Started after the bound had already ended the start: remove it at once.
      if (abandoned) await container.stop({ remove: true, removeVolumes: true, timeout: 5_000 }).catch(() => {});
    };

    const boundMs = options.startTimeoutMs ?? CONTAINER_CLUSTER_START_TIMEOUT_MS;
    log(`starting ${spec.nodes.length} Kafka container(s) from ${options.image} (pulling the image first if needed; at most ${boundMs / 1000} s)`);
    let timer: NodeJS.Timeout | undefined;
    try {
      const all = Promise.allSettled(spec.nodes.map(startNode));
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), boundMs);
      });
      const outcome = await Promise.race([all, timedOut]);
      if (outcome === 'timeout') {
        throw new KbenchError('cluster', `the Kafka containers did not all start within ${boundMs / 1000} s`, {
          hint: 'a first pull of the image can take long on a slow network: pull it beforehand (docker pull ' + options.image + ')',
        });
      }
      const failures = outcome.flatMap((result, i) => (result.status === 'rejected' ? [`node ${i + 1} (${spec.nodes[i]?.networkAlias}): ${errorMessage(result.reason)}`] : []));
      if (failures.length > 0) {
        throw new KbenchError('cluster', `${failures.length} of ${spec.nodes.length} Kafka container(s) did not start`, {
          details: failures,
          hint: `check that the image ${options.image} exists and runs Kafka in KRaft mode (apache/kafka images do)`,
        });
      }
      await waitForBrokerCount(spec.bootstrapServers, spec.nodes.length, Date.now() + BROKERS_VISIBLE_TIMEOUT_MS, { what: 'Kafka containers' });
    } catch (error) {
      await removeAll();
      throw error;
    } finally {
      clearTimeout(timer);
    }
    log(`Kafka containers serving at ${spec.bootstrapServers.join(',')}`);
    return new ContainerCluster(options.image, spec.bootstrapServers, network, started);
  }

  /** Removes every container and the network; safe to call more than once. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      await Promise.allSettled(this.containers.map((container) => container.stop({ remove: true, removeVolumes: true, timeout: 10_000 })));
      await this.network.stop().catch(() => {});
    })();
    return this.stopping;
  }
}

