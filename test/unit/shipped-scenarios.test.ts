/** Every scenario shipped in scenarios/ loads, validates and resolves into a plan. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { resolveScenario } from '../../src/scenario/resolve-scenario.js';
import { requireKsqlUrl } from '../../src/runner/ksql-stage.js';
import { KbenchError } from '../../src/errors.js';

const scenariosDir = fileURLToPath(new URL('../../scenarios', import.meta.url));

function scenarioFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return scenarioFiles(path);
    // Helper modules shared by scenarios have no default export.
    return entry.name.endsWith('.ts') && readFileSync(path, 'utf8').includes('export default') ? [path] : [];
  });
}

const files = scenarioFiles(scenariosDir);

describe('shipped scenarios', () => {
  it('include the ones the README promises', () => {
    const names = files.map((file) => relative(scenariosDir, file)).sort();
    for (const expected of ['acks-all.ts', 'acks-1.ts', 'acks-0.ts', 'keys-hot.ts', 'max-throughput.ts', 'kafkajs-vs-confluent/kafkajs.ts', 'kafkajs-vs-confluent/confluent.ts', 'backlog-catch-up.ts']) {
      expect(names).toContain(expected);
    }
  });

  it.each(files.map((file) => [relative(scenariosDir, file), file]))('%s is valid and resolves', async (_name, file) => {
    const { scenario } = await loadScenario(file);
    const plan = resolveScenario(scenario, file, {});
    expect(plan.producers.length).toBeGreaterThan(0);
    expect(plan.workers.length).toBeGreaterThan(0);
    expect(plan.durationMs).toBeGreaterThan(0);
  });

  it('backlog-catch-up.ts pauses its group after the warm-up and resumes it at a size in messages', async () => {
    const file = join(scenariosDir, 'backlog-catch-up.ts');
    const plan = resolveScenario((await loadScenario(file)).scenario, file, {});
    expect(plan.consumerGroups[0]?.backlog).toEqual({ atMs: 30_000, size: { kind: 'messages', messages: 40_000 } });
    expect(plan.consumerGroups[0]?.backlog?.atMs).toBeGreaterThan(plan.warmupMs);
  });

  it('pipeline-ksql.ts resolves without --ksql-url (checked at run time) and its ksqlDB readers are not checked by message', async () => {
    const file = join(scenariosDir, 'pipeline-ksql.ts');
    const plan = resolveScenario((await loadScenario(file)).scenario, file, {});
    expect(plan.ksql).toEqual({ query: 'sales-per-store', outputTopic: 'compras-por-tienda-ksql' });
    const reader = plan.consumerGroups.find((group) => group.topicName === 'compras-por-tienda-ksql');
    expect(reader).toMatchObject({ groupId: 'ksql-readers', checkedByMessage: false, readCommitted: false, upstreamStages: [] });
    expect(plan.outputTopics).toEqual([]);
    expect(() => requireKsqlUrl(plan)).toThrow(KbenchError);
    expect(() => requireKsqlUrl(plan)).toThrow(/--ksql-url/);
    const withUrl = resolveScenario((await loadScenario(file)).scenario, file, { ksql: { url: 'http://localhost:8088' } });
    expect(requireKsqlUrl(withUrl)?.url).toBe('http://localhost:8088');
  });
});
