/**
 * The configuration of the testcontainers cluster, checked without Docker: what each node's
 * environment makes of server.properties (through the apache/kafka image's own naming rule),
 * its listeners and published port, and that the settings are the embedded cluster's. Also
 * docker-compose.yml, read as text: the same image and settings.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LOOPBACK_HOST, READY_LINE_PATTERN, defaultClusterSettings } from '../../src/cluster/broker-config.js';
import {
  CONTAINER_PORTS,
  DEFAULT_KAFKA_IMAGE,
  containerClusterSpec,
  containerQuorumVoters,
  containerSettingProblem,
  envNameProperty,
  propertyEnvName,
  type ContainerClusterInput,
  type ContainerNodeSpec,
} from '../../src/cluster/container-cluster-config.js';
import { KAFKA_VERSION } from '../../src/cluster/kafka-distribution.js';

const three: ContainerClusterInput = { nodes: 3, image: DEFAULT_KAFKA_IMAGE, hostPorts: [41001, 41002, 41003], clusterId: 'AAAAAAAAAAAAAAAAAAAAAA' };

/** The server properties the image writes from a node's environment (every KAFKA_* variable but the JVM ones it leaves alone). */
function propertiesFromEnv(node: ContainerNodeSpec): Record<string, string> {
  const properties: Record<string, string> = {};
  for (const [name, value] of Object.entries(node.env)) {
    if (name === 'KAFKA_HEAP_OPTS') continue;
    const key = envNameProperty(name);
    if (key !== undefined) properties[key] = value;
  }
  return properties;
}

function node(spec: ReturnType<typeof containerClusterSpec>, id: number): ContainerNodeSpec {
  const found = spec.nodes.find((n) => n.nodeId === id);
  if (!found) throw new Error(`no node ${id}`);
  return found;
}

describe('property names as the apache/kafka image reads them from the environment', () => {
  it('maps . _ - to _ __ ___ and back', () => {
    expect(propertyEnvName('min.insync.replicas')).toBe('KAFKA_MIN_INSYNC_REPLICAS');
    expect(propertyEnvName('group.initial.rebalance.delay.ms')).toBe('KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS');
    expect(propertyEnvName('confluent.some_thing-x')).toBe('KAFKA_CONFLUENT_SOME__THING___X');
    expect(envNameProperty('KAFKA_MIN_INSYNC_REPLICAS')).toBe('min.insync.replicas');
    expect(envNameProperty('KAFKA_CONFLUENT_SOME__THING___X')).toBe('confluent.some_thing-x');
    expect(envNameProperty('CLUSTER_ID')).toBeUndefined();
  });

  it('reads a one-letter part between dots back wrongly, as the image does', () => {
    expect(envNameProperty(propertyEnvName('a.b.c'))).toBe('a.b_c');
    expect(containerSettingProblem('a.b.c', 1)).toMatch(/read it back as "a\.b_c"/);
  });

  it('accepts ordinary broker settings and refuses what cannot reach the image', () => {
    for (const key of Object.keys(defaultClusterSettings(3))) expect(containerSettingProblem(key, 1)).toBeUndefined();
    expect(containerSettingProblem('num.io.threads', 8)).toBeUndefined();
    expect(containerSettingProblem('Num.IO.Threads', 8)).toMatch(/lower-case/);
    expect(containerSettingProblem('log.retention ms', 8)).toMatch(/lower-case/);
    expect(containerSettingProblem('sasl.jaas.config', 'a="b"')).toMatch(/"="/);
  });
});

describe('containerClusterSpec', () => {
  const spec = containerClusterSpec(three);

  it('one container per node, the image of the embedded Kafka release by default', () => {
    expect(DEFAULT_KAFKA_IMAGE).toBe(`apache/kafka:${KAFKA_VERSION}`);
    expect(spec.nodes.map((n) => [n.nodeId, n.image, n.networkAlias])).toEqual([
      [1, DEFAULT_KAFKA_IMAGE, 'kafka-1'],
      [2, DEFAULT_KAFKA_IMAGE, 'kafka-2'],
      [3, DEFAULT_KAFKA_IMAGE, 'kafka-3'],
    ]);
    expect(containerClusterSpec({ ...three, image: 'mirror.example/kafka:4.2.0' }).nodes.every((n) => n.image === 'mirror.example/kafka:4.2.0')).toBe(true);
  });

  it('publishes each node on 127.0.0.1 only, at its own host port, and host clients bootstrap there', () => {
    expect(spec.nodes.map((n) => n.published)).toEqual([
      { container: CONTAINER_PORTS.external, host: 41001, hostIp: '127.0.0.1' },
      { container: CONTAINER_PORTS.external, host: 41002, hostIp: '127.0.0.1' },
      { container: CONTAINER_PORTS.external, host: 41003, hostIp: '127.0.0.1' },
    ]);
    expect(LOOPBACK_HOST).toBe('127.0.0.1');
    expect(spec.bootstrapServers).toEqual(['127.0.0.1:41001', '127.0.0.1:41002', '127.0.0.1:41003']);
  });

  it('KRaft combined nodes: roles, ids, voters over the cluster network, one cluster id', () => {
    for (const n of spec.nodes) {
      const props = propertiesFromEnv(n);
      expect(props['process.roles']).toBe('broker,controller');
      expect(props['node.id']).toBe(String(n.nodeId));
      expect(props['controller.quorum.voters']).toBe('1@kafka-1:29093,2@kafka-2:29093,3@kafka-3:29093');
      expect(props['controller.listener.names']).toBe('CONTROLLER');
      expect(n.env.CLUSTER_ID).toBe(three.clusterId);
    }
    expect(containerQuorumVoters(1)).toBe('1@kafka-1:29093');
  });

  it('listens on every interface inside the container, advertises 127.0.0.1:<host port> to clients and the alias to brokers', () => {
    const props = propertiesFromEnv(node(spec, 2));
    expect(props.listeners).toBe('INTERNAL://0.0.0.0:19092,EXTERNAL://0.0.0.0:9092,CONTROLLER://0.0.0.0:29093');
    expect(props['advertised.listeners']).toBe('INTERNAL://kafka-2:19092,EXTERNAL://127.0.0.1:41002');
    expect(props['inter.broker.listener.name']).toBe('INTERNAL');
    expect(props['listener.security.protocol.map']).toBe('CONTROLLER:PLAINTEXT,INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT');
    // Every listener named in listeners has a security protocol, and the controller is never advertised.
    const names = props.listeners!.split(',').map((l) => l.split('://')[0]);
    const mapped = props['listener.security.protocol.map']!.split(',').map((m) => m.split(':')[0]);
    expect([...names].sort()).toEqual([...mapped].sort());
    expect(props['advertised.listeners']).not.toContain('CONTROLLER');
  });

  it('has the embedded cluster settings: RF 3 / min ISR 2 on three nodes, RF 1 / min ISR 1 on one', () => {
    const props = propertiesFromEnv(node(spec, 1));
    for (const [key, value] of Object.entries(defaultClusterSettings(3))) expect(props[key], key).toBe(String(value));
    expect(props['default.replication.factor']).toBe('3');
    expect(props['min.insync.replicas']).toBe('2');
    expect(props['group.initial.rebalance.delay.ms']).toBe('0');
    const one = propertiesFromEnv(node(containerClusterSpec({ ...three, nodes: 1, hostPorts: [41001] }), 1));
    for (const [key, value] of Object.entries(defaultClusterSettings(1))) expect(one[key], key).toBe(String(value));
    expect([one['offsets.topic.replication.factor'], one['min.insync.replicas'], one['controller.quorum.voters']]).toEqual(['1', '1', '1@kafka-1:29093']);
  });

  it('applies the scenario settings over the defaults, but never over the listeners kbench owns', () => {
    const props = propertiesFromEnv(
      node(containerClusterSpec({ ...three, brokerConfig: { 'num.io.threads': 16, 'min.insync.replicas': 3, listeners: 'PLAINTEXT://0.0.0.0:1' } }), 1),
    );
    expect(props['num.io.threads']).toBe('16');
    expect(props['min.insync.replicas']).toBe('3');
    expect(props.listeners).toContain('EXTERNAL://0.0.0.0:9092');
  });

  it('every environment entry stands for a setting (the round trip is exact), plus the cluster id and the heap', () => {
    const n = node(spec, 3);
    expect(propertiesFromEnv(n)).toEqual(n.settings);
    expect(n.env.KAFKA_HEAP_OPTS).toBe('-Xms512m -Xmx512m');
    expect(n.settings['log.dirs']).toBe('/var/lib/kafka/data');
  });

  it('waits for the line the embedded nodes are awaited on, bounded', () => {
    expect(node(spec, 1).readyLine).toBe(READY_LINE_PATTERN);
    expect(READY_LINE_PATTERN.test('[2026-01-01 10:00:00,000] INFO [KafkaRaftServer nodeId=1] Kafka Server started (kafka.server.KafkaRaftServer)')).toBe(true);
    expect(node(spec, 1).startupTimeoutMs).toBeGreaterThan(0);
    expect(node(spec, 1).startupTimeoutMs).toBeLessThanOrEqual(300_000);
  });

  it('refuses a port list that does not match the node count', () => {
    expect(() => containerClusterSpec({ ...three, hostPorts: [1, 2] })).toThrow(/3 host port/);
  });
});

describe('docker-compose.yml', () => {
  const text = readFileSync(fileURLToPath(new URL('../../docker-compose.yml', import.meta.url)), 'utf8');
  /** `KAFKA_X: "v"` lines of the shared broker environment (the x-kafka-env block). */
  const shared = (() => {
    const block = text.slice(text.indexOf('x-kafka-env:'), text.indexOf('\nx-kafka-healthcheck-timing'));
    return Object.fromEntries([...block.matchAll(/^\s+([A-Z_]+): "(.*)"$/gm)].map((m) => [m[1], m[2]]));
  })();

  it('runs the image of the same Kafka release', () => {
    expect(text).toContain(`x-kafka-image: &kafka-image ${DEFAULT_KAFKA_IMAGE}\n`);
  });

  it('gives its three brokers the settings of the embedded and container clusters', () => {
    for (const [key, value] of Object.entries(defaultClusterSettings(3))) expect(shared[propertyEnvName(key)], key).toBe(String(value));
    expect(shared.KAFKA_CONTROLLER_QUORUM_VOTERS).toBe(containerQuorumVoters(3));
    expect(shared.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP).toBe('CONTROLLER:PLAINTEXT,INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT');
    expect(shared.KAFKA_INTER_BROKER_LISTENER_NAME).toBe('INTERNAL');
    expect(shared.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(shared.KAFKA_HEAP_OPTS).toContain('-Xmx512m');
  });

  it('publishes every port on 127.0.0.1 only', () => {
    const published = [...text.matchAll(/^\s+- "([^"]*:\d+:\d+)"$/gm)].map((m) => m[1]);
    expect(published.length).toBeGreaterThanOrEqual(4);
    for (const port of published) expect(port).toMatch(/^127\.0\.0\.1:/);
  });
});
