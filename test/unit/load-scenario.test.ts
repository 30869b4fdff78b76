import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KbenchError } from '../../src/errors.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';

/** Scenario files written by these tests: two levels down from the root, like the imports below expect. */
const tmpDir = resolve('test/.tmp-scenarios');
const header = "import { defineScenario } from '../../src/index.js';\n";

function writeScenario(name: string, body: string): string {
  const file = join(tmpDir, name);
  writeFileSync(file, body);
  return file;
}

/** The KbenchError `loadScenario(path)` rejects with. */
async function loadError(path: string): Promise<KbenchError> {
  const error: unknown = await loadScenario(path).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(KbenchError);
  const kbenchError = error as KbenchError;
  expect(kbenchError.kind).toBe('usage');
  expect(kbenchError.exitCode).toBe(2);
  return kbenchError;
}

beforeAll(() => mkdirSync(tmpDir, { recursive: true }));
afterAll(() => rmSync(tmpDir, { recursive: true, force: true }));

describe('loadScenario', () => {
  it('refuses scenario code that would end kbench, and code that never finishes loading, within a bound', async () => {
    const exits = await loadError(writeScenario('exits.ts', `${header}process.exit(0);\nexport default defineScenario({ name: 'x', duration: '1s', producers: [] });\n`));
    expect(exits.message).toMatch(/exits\.ts called process\.exit\(0\) while loading$/);
    expect(typeof process.exit).toBe('function');
    const started = Date.now();
    const hang: unknown = await loadScenario(writeScenario('hangs.ts', `${header}await new Promise(() => {});\nexport default {};\n`), { loadTimeoutMs: 300 }).catch((e: unknown) => e);
    expect((hang as KbenchError).message).toMatch(/hangs\.ts did not finish loading within 0\.3 s$/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('loads scenarios/acks-all.ts', async () => {
    const { scenario, file } = await loadScenario('scenarios/acks-all.ts');
    expect(file).toBe(resolve('scenarios/acks-all.ts'));
    expect(scenario.name).toBe('acks-all');
    expect(scenario.producers[0]?.acks).toBe('all');
  });

  it('bundles relative imports and resolves "kbench" to itself', async () => {
    writeScenario('shared-rate.ts', 'export const ratePerSec: number = 250;\n');
    const file = writeScenario(
      'with-import.ts',
      "import { defineScenario } from 'kbench';\nimport { ratePerSec } from './shared-rate.js';\n" +
        "export default defineScenario({ name: 'imports', duration: '5s', producers: [{ load: { type: 'constant', ratePerSec } }] });\n",
    );
    const { scenario } = await loadScenario(file);
    expect(scenario.producers[0]?.load).toEqual({ type: 'constant', ratePerSec: 250 });
  });

  it('reports a missing file with the shipped scenarios as hint', async () => {
    const error = await loadError('scenarios/nope.ts');
    expect(error.message).toBe('scenario file not found: scenarios/nope.ts');
    expect(error.hint).toContain('scenarios/acks-all.ts');
  });

  it('reports a folder with the files in it as hint', async () => {
    writeScenario('in-folder.ts', 'export default {};\n');
    const error = await loadError('test/.tmp-scenarios');
    expect(error.message).toBe('test/.tmp-scenarios is a folder, not a scenario file');
    expect(error.hint).toContain('test/.tmp-scenarios/in-folder.ts');
  });

  it('reports each syntax error as file:line:column', async () => {
    writeScenario('syntax.ts', `${header}export default defineScenario({\n  name: 'broken',\n  duration: '5s'\n  producers: [],\n});\n`);
    const error = await loadError('test/.tmp-scenarios/syntax.ts');
    expect(error.message).toBe('test/.tmp-scenarios/syntax.ts does not compile (1 error)');
    expect(error.details).toHaveLength(1);
    expect(error.details[0]).toMatch(/^test\/\.tmp-scenarios\/syntax\.ts:5:3: Expected "}" but found "producers"$/);
  });

  it('refuses a file without a default export', async () => {
    const file = writeScenario('no-default.ts', `${header}export const scenario = defineScenario({ name: 'x', duration: '1s', producers: [] });\n`);
    const error = await loadError(file);
    expect(error.message).toBe('test/.tmp-scenarios/no-default.ts does not export a scenario');
    expect(error.hint).toBe('export default defineScenario({ ... })');
  });

  it('refuses a default export that is not an object', async () => {
    const error = await loadError(writeScenario('function.ts', 'export default () => 42;\n'));
    expect(error.message).toContain('does not export a scenario');
    expect(error.details).toEqual(['its default export is a function']);
  });

  it('reports an exception thrown while the file loads', async () => {
    const error = await loadError(writeScenario('throws.ts', `${header}throw new Error('no rate configured');\n`));
    expect(error.message).toBe('test/.tmp-scenarios/throws.ts failed while loading: no rate configured');
  });

  it('lists every problem of an invalid scenario, in the order of the file', async () => {
    const file = writeScenario(
      'invalid.ts',
      `${header}export default defineScenario({\n  name: 'invalid',\n  duration: '10 seconds',\n  cluster: { nodes: 1 },\n  topic: { replicationFactor: 3 },\n` +
        `  producers: [{ load: { type: 'constant', ratePerSec: -5 }, acks: 2 as never }],\n});\n`,
    );
    const error = await loadError(file);
    expect(error.message).toBe('test/.tmp-scenarios/invalid.ts is not a valid scenario (4 problems)');
    expect(error.details).toEqual([
      'duration: expected a duration such as "30s" or "2m", got "10 seconds"',
      'topic.replicationFactor: replication factor 3 needs 3 nodes, the embedded cluster has 1',
      'producers[0].load.ratePerSec: expected a positive number of messages per second, got -5',
      'producers[0].acks: expected 0, 1 or "all", got 2',
    ]);
    expect(error.hint).toBeDefined();
  });
});
