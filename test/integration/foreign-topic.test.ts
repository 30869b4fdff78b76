/**
 * Safe on clusters kbench does not own (issue 13): an embedded one-node cluster, reached with
 * `--brokers` so kbench treats it as external, holds a topic `orders` of 100 messages written by
 * someone else. A run pointed at `orders` leaves it alone (creates, uses and deletes a topic and
 * group of its own); a run with `recreate: false` writes into `orders`, says so first, and
 * leaves it in place.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadClientAdapter } from '../../src/clients/index.js';
import { createKafkaAdmin, type KafkaAdmin } from '../../src/clients/kafka-admin.js';
import { EmbeddedCluster } from '../../src/cluster/embedded-cluster.js';
import type { KbenchReport } from '../../src/report/report-types.js';
import { runScenario } from '../../src/runner/run-scenario.js';
import { resolveScenario } from '../../src/scenario/resolve-scenario.js';
import type { ScenarioInput } from '../../src/scenario/scenario-types.js';
import { validateScenario } from '../../src/scenario/validate-scenario.js';
import { runCommand } from '../helpers/processes.js';

const kbench = fileURLToPath(new URL('../../bin/kbench.js', import.meta.url));
const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/scenarios/${name}`, import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), 'kbench-foreign-topic-'));
const TOPIC = 'orders';
const OWNER_MESSAGES = 100;

let cluster: EmbeddedCluster;
let admin: KafkaAdmin;

/** Someone else's topic: created and filled through the client code, not by a kbench run. */
async function createOwnersTopic(): Promise<void> {
  await admin.createTopic({ name: TOPIC, partitions: 3, replicationFactor: 1 });
  const adapter = await loadClientAdapter('kafkajs');
  // Idempotent: without it, kafkajs's retries on a fresh cluster wrote duplicates (171 records for 100 sends, seen here).
  const producer = adapter.createProducer({ brokers: cluster.brokers, clientId: 'orders-owner', acks: 'all', idempotent: true });
  await producer.connect();
  let acked = 0;
  try {
    for (let i = 0; i < OWNER_MESSAGES; i++) {
      producer.send({ topic: TOPIC, key: Buffer.from(`order-${i}`), value: Buffer.from(JSON.stringify({ order: i })), headers: {} }, (error) => {
        if (!error) acked++;
      });
    }
    await producer.flush(20_000);
  } finally {
    await producer.disconnect();
  }
  expect(acked).toBe(OWNER_MESSAGES);
  expect(await admin.countMessages(TOPIC)).toBe(OWNER_MESSAGES);
}

async function runKbench(scenario: string, reportName: string, extra: string[] = []): Promise<{ report: KbenchReport; output: string }> {
  const reportPath = join(outDir, reportName);
  const result = await runCommand(process.execPath, [kbench, 'run', fixture(scenario), '--brokers', cluster.brokers.join(','), '--report', reportPath, ...extra], { timeoutMs: 120_000 });
  const output = `${result.stdout}\n${result.stderr}`;
  expect(result.exitCode, output).toBe(0);
  return { report: JSON.parse(readFileSync(reportPath, 'utf8')) as KbenchReport, output };
}

beforeAll(async () => {
  cluster = await EmbeddedCluster.start({ nodes: 1 });
  admin = createKafkaAdmin({ brokers: cluster.brokers, retries: 5 });
  await createOwnersTopic();
}, 120_000);

afterAll(async () => {
  await admin?.close();
  await cluster?.stop();
  rmSync(outDir, { recursive: true, force: true });
});

describe('a run on a topic kbench did not create, on an external cluster', () => {
  it('by default uses a topic and group of its own, deletes them, and leaves orders with its 100 messages', { timeout: 150_000 }, async () => {
    const { report, output } = await runKbench('foreign-topic.ts', 'own-topic.json');
    const ownership = report.ownership;
    expect(ownership?.cluster).toBe('external');
    expect(ownership?.runId).toMatch(/^[0-9a-f]{6}$/);
    const ownTopic = `kbench-orders-${ownership?.runId}`;
    expect(ownership?.topic).toEqual({ name: ownTopic, configuredName: TOPIC, action: 'created', createdByKbench: true, deleted: true });
    expect(report.scenario.topic.name).toBe(ownTopic);
    expect(report.counts.acked).toBeGreaterThan(0);
    expect(report.counts.consumed).toBe(report.counts.acked);
    const groupId = `kbench-foreign-topic-0-${ownership?.runId}`;
    expect(report.consumerGroups.map((group) => group.groupId)).toEqual([groupId]);
    expect(ownership?.consumerGroups).toEqual([{ groupId, configuredId: 'kbench-foreign-topic-0', deleted: true }]);
    expect(output).toContain(`created topic ${ownTopic} for this run (deleted at the end)`);
    expect(output).toContain(`deleted topic ${ownTopic}`);

    expect(await admin.countMessages(TOPIC)).toBe(OWNER_MESSAGES);
    expect((await admin.listTopics()).filter((name) => name.startsWith('kbench-'))).toEqual([]);
    expect(await admin.listGroups()).not.toContain(groupId);
  });

  it('with recreate: false writes into orders, warns first, records it, and never deletes it', { timeout: 150_000 }, async () => {
    const { report, output } = await runKbench('foreign-topic-existing.ts', 'existing-topic.json');
    expect(output).toContain(`WARNING: this run writes into the existing topic ${TOPIC}, which kbench did not create (3 partition(s), ${OWNER_MESSAGES} message(s) now)`);
    expect(report.ownership?.topic).toMatchObject({ name: TOPIC, action: 'existing', createdByKbench: false, before: { partitions: 3, messages: OWNER_MESSAGES }, deleted: false });
    expect(report.scenario.topic.name).toBe(TOPIC);
    expect(report.counts.acked).toBeGreaterThan(0);
    expect(report.counts.failed).toBe(0);

    expect(await admin.listTopics()).toContain(TOPIC);
    expect(await admin.countMessages(TOPIC)).toBe(OWNER_MESSAGES + report.counts.acked);
    expect(await admin.listGroups()).not.toContain(report.consumerGroups[0]?.groupId);
  });

  it('refuses recreate: false when the topic does not exist, and creates nothing', { timeout: 60_000 }, async () => {
    const scenario: ScenarioInput = {
      name: 'missing-topic',
      client: 'kafkajs',
      cluster: { brokers: cluster.brokers },
      topic: { name: 'no-such-topic', partitions: 3, replicationFactor: 1, recreate: false },
      duration: '2s',
      producers: [{ load: { type: 'constant', ratePerSec: 10 } }],
    };
    expect(validateScenario(scenario)).toEqual([]);
    const before = await admin.listTopics();
    const run = runScenario(resolveScenario(scenario, 'missing-topic.ts'), { observer: { log: () => {}, onSecond: () => {} } });
    await expect(run).rejects.toThrow(/topic no-such-topic does not exist on this cluster/);
    expect((await admin.listTopics()).sort()).toEqual(before.sort());
  });
});
