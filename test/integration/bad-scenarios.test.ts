/**
 * Bad scenario files through the real command line, as a user meets them: `kbench validate` (and
 * `kbench run` for some) on each file of test/fixtures/bad-scenarios/ must exit with code 2 before
 * touching Kafka, name every problem with its path (with a "did you mean" for near misses), and
 * print no stack trace. The commands are independent processes: they run concurrently.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCommand } from '../helpers/processes.js';
import { CLIENT_NAMES } from '../../src/clients/client-registry.js';

/** `"a", "b" or "c"`, as validation lists allowed values. */
function oneOf(values: readonly string[]): string {
  const quoted = values.map((value) => `"${value}"`);
  return quoted.length === 1 ? (quoted[0] as string) : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1) as string}`;
}

const root = fileURLToPath(new URL('../..', import.meta.url));
const kbench = join(root, 'bin', 'kbench.js');
const folder = 'test/fixtures/bad-scenarios';
const stateDir = mkdtempSync(join(tmpdir(), 'kbench-bad-scenarios-'));
const env = { ...process.env, KBENCH_STATE_DIR: stateDir, NO_COLOR: '1' };

interface BadScenario {
  /** File name in test/fixtures/bad-scenarios/ (the one missing file is not there on purpose). */
  file: string;
  /** For a scenario that loads but is invalid: every problem, in order, as [path, part of its message]. */
  problems?: Array<[path: string, excerpt: string]>;
  /** For a file that does not load: the error line after `error: `, and the lines under it. */
  error?: string;
  details?: string[];
  /** Also try `kbench run` with it. */
  run?: boolean;
  /** Text that must not appear anywhere in the output. */
  never?: string;
}

const DID_YOU_MEAN = /did you mean "[^"]+"\?/;

const catalogue: BadScenario[] = [
  // Wrong types
  { file: 'acks-as-string.ts', problems: [['producers[0].acks', 'expected 0, 1 or "all", got "1"']] },
  { file: 'partitions-as-string.ts', problems: [['topic.partitions', 'expected an integer from 1 to 2147483647, got "6"']] },
  { file: 'producers-not-an-array.ts', problems: [['producers', 'expected an array of producer groups, got {"load"']] },
  { file: 'recreate-not-boolean.ts', problems: [['topic.recreate', 'expected true or false, got "yes"']] },
  {
    file: 'secret-setting-wrong-type.ts',
    problems: [['producers[0].clientConfig["sasl.password"]', 'expected a string, a number or a boolean, got an array']],
    never: 'hunter2-do-not-print',
  },
  {
    file: 'literal-sasl-password.ts',
    problems: [
      ['cluster.sasl.password', 'a secret cannot be written in a scenario file'],
      ['producers[0].clientConfig.ssl', '"passphrase":"***"'],
    ],
    never: 'hunter2-do-not-print',
  },
  // Unknown keys, with a "did you mean" when one is close
  {
    file: 'unknown-key-typo-duration.ts',
    problems: [
      ['duraton', 'unknown key "duraton" (did you mean "duration"?)'],
      ['duration', 'required'],
    ],
  },
  { file: 'unknown-producer-key-typo.ts', problems: [['producers[0].acsk', 'unknown key "acsk" (did you mean "acks"?)']], run: true },
  { file: 'unknown-topic-key-typo.ts', problems: [['topic.partitons', 'unknown key "partitons" (did you mean "partitions"?)']] },
  { file: 'unknown-key-far-from-any.ts', problems: [['producers[0].retries', 'unknown key "retries" (accepted keys: name, count, load, acks']] },
  { file: 'client-name-typo.ts', problems: [['client', `expected ${oneOf(CLIENT_NAMES)}, got "kafkjs" (did you mean "kafkajs"?)`]] },
  // Impossible combinations
  { file: 'acks-0-with-idempotence.ts', problems: [['producers[0].idempotent', 'idempotence needs acks "all", this group has acks 0']], run: true },
  { file: 'replication-factor-above-nodes.ts', problems: [['topic.replicationFactor', 'replication factor 3 needs 3 nodes, the embedded cluster has 1']], run: true },
  { file: 'min-isr-above-replication-factor.ts', problems: [['topic.minInsyncReplicas', 'expected at most the replication factor (2), got 3']] },
  { file: 'kafkajs-with-lz4.ts', problems: [['producers[0].compression', 'client "kafkajs" supports compression "none" and "gzip" only, got "lz4"']] },
  { file: 'cluster-nodes-and-brokers.ts', problems: [['cluster', 'either brokers (an existing cluster) or nodes/brokerConfig (an embedded one), not both']] },
  { file: 'client-config-overrides-acks.ts', problems: [['producers[0].clientConfig.acks', 'acks is set by producers[0].acks: use that field instead']] },
  { file: 'broker-config-overrides-listeners.ts', problems: [['cluster.brokerConfig.listeners', 'listeners is set by kbench for its embedded nodes']] },
  { file: 'message-larger-than-client-sends.ts', problems: [['producers[0].message.sizeBytes', "expected at most 999744 bytes (the confluent client's message.max.bytes"]] },
  { file: 'message-larger-than-brokers-take.ts', problems: [['producers[0].message.sizeBytes', "expected at most 1048332 bytes (the brokers' message.max.bytes"]] },
  // Rates
  { file: 'negative-rate.ts', problems: [['producers[0].load.ratePerSec', 'expected a positive number of messages per second, got -500']], run: true },
  { file: 'zero-rate.ts', problems: [['producers[0].load.ratePerSec', 'expected a positive number of messages per second, got 0']] },
  { file: 'ramp-that-never-sends.ts', problems: [['producers[0].load.stages', 'every rate of this ramp is 0']] },
  // Durations
  { file: 'duration-in-words.ts', problems: [['duration', 'expected a duration such as "30s" or "2m", got "10 seconds"']] },
  { file: 'warmup-unparseable.ts', problems: [['warmup', 'expected a duration such as "30s" or "2m", got "5 secs"']] },
  { file: 'drain-without-unit.ts', problems: [['drain', 'expected a duration such as "30s" or "2m", got "30"']] },
  { file: 'ramp-stage-zero-duration.ts', problems: [['producers[0].load.stages[1].duration', 'expected a duration longer than 0, got "0s"']] },
  { file: 'ramp-stage-unparseable-duration.ts', problems: [['producers[0].load.stages[0].duration', 'expected a duration such as "30s" or "2m", got "1 minute"']] },
  // Limits
  { file: 'too-many-partitions.ts', problems: [['topic.partitions', 'expected at most 4000 partitions with replication factor 1 on 1 embedded node(s)']] },
  { file: 'too-many-producers.ts', problems: [['producers[0].count', 'expected an integer from 1 to 64, got 65']] },
  { file: 'too-many-workers.ts', problems: [['workers', 'expected an integer from 1 to 64, got 100']] },
  { file: 'broker-without-port.ts', problems: [['cluster.brokers[1]', 'expected "host:port", got "localhost"']] },
  // Several problems: every one listed
  {
    file: 'missing-required-fields.ts',
    problems: [
      ['name', 'required'],
      ['duration', 'required'],
      ['producers', 'required'],
    ],
  },
  {
    file: 'several-problems.ts',
    problems: [
      ['name', 'expected a scenario name of letters, digits, ".", "_" and "-" only, got "several problems"'],
      ['duration', 'got "10 seconds"'],
      ['topic.partitons', '(did you mean "partitions"?)'],
      ['producers[0].load.ratePerSec', 'got -5'],
      ['producers[0].acks', 'expected 0, 1 or "all", got 2'],
    ],
    run: true,
  },
  // Files that do not give a scenario
  { file: 'does-not-exist.ts', error: `scenario file not found: ${folder}/does-not-exist.ts`, run: true },
  { file: 'no-default-export.ts', error: `${folder}/no-default-export.ts does not export a scenario`, details: ['it has no default export'], run: true },
  { file: 'default-export-number.ts', error: `${folder}/default-export-number.ts does not export a scenario`, details: ['its default export is a number'] },
  {
    file: 'syntax-error.ts',
    error: `${folder}/syntax-error.ts does not compile (1 error)`,
    details: [`${folder}/syntax-error.ts:7:3: Expected "}" but found "producers"`],
    run: true,
  },
  { file: 'throws-at-top-level.ts', error: `${folder}/throws-at-top-level.ts failed while loading: KBENCH_TEST_RATE_THAT_IS_NOT_SET is not set` },
  { file: 'imports-missing-package.ts', error: `${folder}/imports-missing-package.ts imports "kbench-no-such-package", which is not installed` },
];

interface Invocation {
  name: string;
  command: 'validate' | 'run';
  scenario: BadScenario;
}

const invocations: Invocation[] = catalogue.flatMap((scenario) =>
  (scenario.run ? (['validate', 'run'] as const) : (['validate'] as const)).map((command) => ({ name: `${command} ${scenario.file}`, command, scenario })),
);

afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

describe('the bad-scenario catalogue', () => {
  it('has at least 25 distinct mistakes, covers every fixture file, and has near misses with a "did you mean"', () => {
    expect(catalogue.length).toBeGreaterThanOrEqual(25);
    expect(new Set(catalogue.map((c) => c.file)).size).toBe(catalogue.length);
    const fixtures = readdirSync(join(root, folder)).sort();
    const listed = catalogue.map((c) => c.file).filter((file) => file !== 'does-not-exist.ts').sort();
    expect(listed).toEqual(fixtures);
    expect(existsSync(join(root, folder, 'does-not-exist.ts'))).toBe(false);
    const nearMisses = catalogue.filter((c) => c.problems?.some(([, excerpt]) => DID_YOU_MEAN.test(excerpt)));
    expect(nearMisses.length).toBeGreaterThanOrEqual(4);
    expect(catalogue.filter((c) => (c.problems?.length ?? 0) > 1).length).toBeGreaterThanOrEqual(3);
  });
});

describe('kbench validate / run on a bad scenario file', () => {
  it.concurrent.for(invocations)('$name', async ({ command, scenario }, { expect }) => {
    const path = `${folder}/${scenario.file}`;
    const reportPath = join(stateDir, `${command}-${scenario.file}.json`);
    const args = command === 'run' ? ['run', path, '--report', reportPath] : ['validate', path];
    const result = await runCommand(process.execPath, [kbench, ...args], { cwd: root, env, timeoutMs: 30_000 });
    const output = `${result.stdout}${result.stderr}`;

    expect(result.exitCode, output).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).not.toMatch(/^ {4}at /m);
    expect(result.stderr).not.toMatch(/KbenchError|node:internal|unexpected failure/);
    if (scenario.never !== undefined) expect(output).not.toContain(scenario.never);
    // Nothing ran: no report, no cluster.
    expect(existsSync(reportPath)).toBe(false);
    expect(existsSync(join(stateDir, 'clusters')) ? readdirSync(join(stateDir, 'clusters')) : []).toEqual([]);

    const lines = result.stderr.trimEnd().split('\n');
    const hintAt = lines.findIndex((line) => line.startsWith('hint: '));
    expect(hintAt, result.stderr).toBeGreaterThan(0);
    const detailLines = lines.slice(1, hintAt);
    if (scenario.problems !== undefined) {
      const count = scenario.problems.length;
      expect(lines[0]).toBe(`error: ${path} is not a valid scenario (${count} ${count === 1 ? 'problem' : 'problems'})`);
      // Every problem on its own line, with its path, and nothing else.
      expect(detailLines).toHaveLength(count);
      scenario.problems.forEach(([problemPath, excerpt], i) => {
        expect(detailLines[i]?.startsWith(`  ${problemPath}: `), `${detailLines[i]} should name ${problemPath}`).toBe(true);
        expect(detailLines[i]).toContain(excerpt);
      });
    } else {
      expect(lines[0]).toBe(`error: ${scenario.error}`);
      expect(detailLines).toEqual((scenario.details ?? []).map((line) => `  ${line}`));
    }
  });
});
