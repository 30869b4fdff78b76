/**
 * The testcontainers cluster where no container runtime answers (this machine has none, nor has
 * CI): a cluster error (exit code 3) naming the ways that need no Docker, within seconds; and the
 * plan of a container cluster (scenario provider, `--cluster`, faults refused).
 */
import { describe, expect, it } from 'vitest';
import { acquireCluster } from '../../src/cluster/acquire-cluster.js';
import { ContainerCluster, RUNTIME_PROBE_TIMEOUT_MS, kafkaVersionOfImage, noContainerRuntimeError, probeContainerRuntime } from '../../src/cluster/container-cluster.js';
import { KbenchError } from '../../src/errors.js';
import { renderPlan } from '../../src/scenario/render-plan.js';
import { resolveScenario } from '../../src/scenario/resolve-scenario.js';
import type { ScenarioInput } from '../../src/scenario/scenario-types.js';
import { validateScenario } from '../../src/scenario/validate-scenario.js';

/** These tests are about a machine without Docker; where one answers, the real-runtime ones are skipped (they would start containers). */
const runtimeAnswers = await probeContainerRuntime().then(
  () => true,
  () => false,
);

const minimal: ScenarioInput = { name: 'mini', duration: '10s', producers: [{ load: { type: 'constant', ratePerSec: 100 } }] };

async function caught(promise: Promise<unknown>): Promise<KbenchError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KbenchError);
  return error as KbenchError;
}

function expectNoRuntimeMessage(error: KbenchError): void {
  expect(error.kind).toBe('cluster');
  expect(error.exitCode).toBe(3);
  expect(error.message).toMatch(/needs a container runtime \(Docker or compatible\), and none is reachable/);
  expect(error.hint).toMatch(/embedded cluster \(the default/);
  expect(error.hint).toMatch(/--brokers host:port/);
}

describe('no container runtime', () => {
  it('a runtime that never answers ends in the cluster error at the bound, not a hang', async () => {
    const started = Date.now();
    const error = await caught(probeContainerRuntime({ timeoutMs: 300, connect: () => new Promise(() => {}) }));
    expect(Date.now() - started).toBeLessThan(2_000);
    expectNoRuntimeMessage(error);
    expect(error.message).toMatch(/no runtime answered within 0.3 s/);
  });

  it('a runtime lookup that fails says why', async () => {
    const error = await caught(probeContainerRuntime({ connect: () => Promise.reject(new Error('Could not find a working container runtime strategy')) }));
    expectNoRuntimeMessage(error);
    expect(error.message).toMatch(/Could not find a working container runtime strategy/);
    expect(noContainerRuntimeError('x').details.join(' ')).toMatch(/DOCKER_HOST/);
  });

  it.skipIf(runtimeAnswers)('on this machine (no Docker engine): starting a container cluster fails quickly with that error', async () => {
    const started = Date.now();
    const error = await caught(ContainerCluster.start({ nodes: 3, image: 'apache/kafka:4.2.0' }));
    expect(Date.now() - started).toBeLessThan(RUNTIME_PROBE_TIMEOUT_MS + 3_000);
    expectNoRuntimeMessage(error);
  }, 20_000);

  it.skipIf(runtimeAnswers)('and through acquireCluster, which a run uses', async () => {
    const error = await caught(acquireCluster({ nodes: 1, containerImage: 'apache/kafka:4.2.0' }));
    expectNoRuntimeMessage(error);
  }, 20_000);
});

describe('kafkaVersionOfImage', () => {
  it('reads a version tag, nothing else', () => {
    expect(kafkaVersionOfImage('apache/kafka:4.2.0')).toBe('4.2.0');
    expect(kafkaVersionOfImage('registry.example:5000/apache/kafka:3.9.1')).toBe('3.9.1');
    expect(kafkaVersionOfImage('apache/kafka:latest')).toBeUndefined();
    expect(kafkaVersionOfImage('registry.example:5000/kafka')).toBeUndefined();
  });
});

describe('the plan of a container cluster', () => {
  function plan(scenario: ScenarioInput, overrides = {}) {
    expect(validateScenario(scenario)).toEqual([]);
    return resolveScenario(scenario, 'scenarios/mini.ts', overrides);
  }

  it('from the scenario: 3 nodes of apache/kafka:4.2.0 by default, RF 3, rendered as containers', () => {
    const p = plan({ ...minimal, cluster: { provider: 'testcontainers' } });
    expect(p.cluster).toEqual({ kind: 'testcontainers', nodes: 3, image: 'apache/kafka:4.2.0', brokerConfig: {} });
    expect(p.topic.replicationFactor).toBe(3);
    expect(renderPlan(p)).toMatch(/cluster\s+containers \(testcontainers\), 3 nodes of apache\/kafka:4\.2\.0/);
    const one = plan({ ...minimal, cluster: { provider: 'testcontainers', nodes: 1, image: 'apache/kafka:4.1.1', brokerConfig: { 'num.io.threads': 4 } } });
    expect(one.cluster).toEqual({ kind: 'testcontainers', nodes: 1, image: 'apache/kafka:4.1.1', brokerConfig: { 'num.io.threads': 4 } });
    expect(one.topic.replicationFactor).toBe(1);
  });

  it('--cluster testcontainers turns an embedded or external scenario into containers, keeping nodes and settings', () => {
    expect(plan({ ...minimal, cluster: { nodes: 1, brokerConfig: { 'num.io.threads': 4 } } }, { clusterProvider: 'testcontainers' }).cluster).toEqual({
      kind: 'testcontainers',
      nodes: 1,
      image: 'apache/kafka:4.2.0',
      brokerConfig: { 'num.io.threads': 4 },
    });
    expect(plan({ ...minimal, cluster: { brokers: 'h:9092' } }, { clusterProvider: 'testcontainers' }).cluster).toMatchObject({ kind: 'testcontainers', nodes: 3 });
    expect(plan({ ...minimal, cluster: { provider: 'testcontainers', nodes: 1 } }, { clusterProvider: 'embedded' }).cluster).toEqual({ kind: 'embedded', nodes: 1, brokerConfig: {} });
  });

  it('refuses --cluster with --brokers, faults on containers, and settings the image cannot take', () => {
    expect(() => plan(minimal, { clusterProvider: 'testcontainers', brokers: ['h:9092'] })).toThrow(/keep one of them/);
    const faulty: ScenarioInput = { ...minimal, duration: '30s', faults: [{ at: '5s', action: 'kill', node: 1 }] };
    expect(() => plan(faulty, { clusterProvider: 'testcontainers' })).toThrow(/needs the embedded cluster: drop --cluster testcontainers/);
    expect(() => plan({ ...minimal, cluster: { brokerConfig: { 'a.b.c': 1 } } }, { clusterProvider: 'testcontainers' })).toThrow(/cannot reach Kafka containers/);
  });
});
