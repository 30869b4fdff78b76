/**
 * The hostile-input catalogue: what a careless or malicious user can give kbench on its command
 * line, as report files to `report` / `compare`, and as scenario files, through the real command
 * line (bin/kbench.js over dist/). None of it needs Kafka: every case must be refused before a run
 * starts, so the file runs in seconds, the commands concurrently (vitest's bound, 5 at a time).
 *
 * Each case asserts the exit code (2: usage), that stderr names the problem (substrings: the option
 * or the field path and the gist, never whole sentences, since scenario and report validation are
 * being rewritten), that no stack trace or raw control character is printed, that every input
 * file is unchanged afterwards, and that no cluster was started. `run` cases also pass an
 * unreachable `--brokers`: a check that stopped working would end at those brokers (exit 3) rather
 * than start a cluster.
 *
 * Cases in `knownDefects` were defects when the catalogue was written (scenario loading, values
 * that validated but could not run, report reading); each says what it gave then.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { KbenchReport } from '../../src/report/report-types.js';
import { cloneSampleReport } from '../fixtures/sample-report.js';
import { runCommand } from '../helpers/processes.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const kbench = join(root, 'bin', 'kbench.js');
const dir = mkdtempSync(join(tmpdir(), 'kbench-hostile-'));
const stateDir = join(dir, 'state');
const env = { ...process.env, KBENCH_STATE_DIR: stateDir, KBENCH_CLUSTER_WARMUP: 'off', NO_COLOR: '1' };
/** Added to every `run`: should a case get past its check, it stops at these brokers (exit 3), it never starts a cluster. */
const UNREACHABLE = ['--brokers', '127.0.0.1:1'];

afterAll(() => rmSync(dir, { recursive: true, force: true }));

// ---------------------------------------------------------------------------------------------
// Inputs, all written into the test's own folder
// ---------------------------------------------------------------------------------------------

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const json = (value: unknown): string => JSON.stringify(value, null, 2);

/** The sample report with one field set (`path` in dots, array indexes as numbers) or deleted (`undefined`). */
function reportWith(path: string, value: unknown): KbenchReport {
  const report = cloneSampleReport();
  const keys = path.split('.');
  let target = report as unknown as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
  const last = keys[keys.length - 1] as string;
  if (value === undefined) delete target[last];
  else target[last] = value;
  return report;
}

const goodReport = file('good.json', json(cloneSampleReport()));
const otherReport = file('other.json', json(cloneSampleReport()));
const folder = join(dir, 'a-folder');
mkdirSync(folder);
const aFile = file('a-file.txt', 'not a folder\n');
const unwritable = '/proc/kbench-no-such-folder';
const longName = (ext: string): string => join(dir, `${'x'.repeat(300)}${ext}`);

const SCENARIO_BASE = `name: 'hostile', cluster: { nodes: 1 }, topic: { partitions: 1, replicationFactor: 1 }, duration: '2s'`;
const PRODUCERS = `producers: [{ load: { type: 'constant', ratePerSec: 10 } }]`;
/** A scenario file in the test's folder: `body` is the default export's fields after the base ones. */
function scenario(name: string, source: string): string {
  return file(`${name}.ts`, `${source}\n`);
}
const withFields = (fields: string): string => `export default { ${SCENARIO_BASE}, ${fields} };`;
const validScenario = scenario('valid', withFields(`${PRODUCERS}, consumers: [{ members: 1 }]`));
const faultScenario = scenario('valid-with-fault', withFields(`${PRODUCERS}, consumers: [{ members: 1 }], faults: [{ at: '1500ms', action: 'pause', node: 1, duration: '100ms' }]`));

// ---------------------------------------------------------------------------------------------
// The catalogue
// ---------------------------------------------------------------------------------------------

type Category = 'cli' | 'report' | 'scenario';

interface HostileCase {
  name: string;
  category: Category;
  args: string[];
  /** @default 2 */
  exitCode?: number;
  /** Each must appear in stderr (a RegExp for paths that may be spelt `a[0].b` or `a.0.b`). */
  stderr: Array<string | RegExp>;
  /** Files that must not exist afterwards (what the command would have written). */
  notWritten?: string[];
  /** Must appear in stdout (for the cases that succeed on purpose). */
  stdout?: string[];
  timeoutMs?: number;
}

/** A field path as a pattern taking `[0]` or `.0` for array indexes. */
function fieldPath(path: string): RegExp {
  const escaped = path.replace(/[.*+?^${}()|\\]/g, '\\$&').replace(/\\\.(\d+)|\[(\d+)\]/g, (_, dotted: string, bracketed: string) => `(?:\\[${dotted ?? bracketed}\\]|\\.${dotted ?? bracketed})`);
  return new RegExp(escaped);
}

const html = (name: string): string => join(dir, `${name}.html`);

const cliCases: HostileCase[] = [
  // Durations, numbers and names on the command line
  { name: 'validate --duration abc', category: 'cli', args: ['validate', validScenario, '--duration', 'abc'], stderr: ['--duration', '"abc"'] },
  { name: 'validate --duration -5s', category: 'cli', args: ['validate', validScenario, '--duration', '-5s'], stderr: ['--duration', '"-5s"'] },
  { name: 'validate --duration 0s', category: 'cli', args: ['validate', validScenario, '--duration', '0s'], stderr: ['--duration', '"0s"'] },
  { name: 'validate --duration ""', category: 'cli', args: ['validate', validScenario, '--duration', ''], stderr: ['--duration'] },
  { name: 'validate --duration 1e15s', category: 'cli', args: ['validate', validScenario, '--duration', '1e15s'], stderr: ['--duration', '"1e15s"'] },
  { name: 'validate --duration 99999999999h (beyond any timer)', category: 'cli', args: ['validate', validScenario, '--duration', '99999999999h'], stderr: ['--duration', 'at most'] },
  { name: 'validate --duration shorter than a fault of the file', category: 'cli', args: ['validate', faultScenario, '--duration', '1s'], stderr: ['faults[0]', '1500ms'] },
  { name: 'validate --workers -1', category: 'cli', args: ['validate', validScenario, '--workers', '-1'], stderr: ['--workers', '"-1"'] },
  { name: 'validate --workers 1e3', category: 'cli', args: ['validate', validScenario, '--workers', '1e3'], stderr: ['--workers', '"1e3"'] },
  { name: 'validate --workers 2.5', category: 'cli', args: ['validate', validScenario, '--workers', '2.5'], stderr: ['--workers', '"2.5"'] },
  { name: 'validate --workers 65', category: 'cli', args: ['validate', validScenario, '--workers', '65'], stderr: ['--workers', '64'] },
  { name: 'validate --client foo', category: 'cli', args: ['validate', validScenario, '--client', 'foo'], stderr: ['--client', '"foo"'] },
  { name: 'validate --brokers ,,,', category: 'cli', args: ['validate', validScenario, '--brokers', ',,,'], stderr: ['--brokers', '",,,"'] },
  { name: 'validate --brokers host:99999 (port out of range)', category: 'cli', args: ['validate', validScenario, '--brokers', 'host:99999'], stderr: ['--brokers', 'host:99999'] },
  { name: 'validate --brokers host:0', category: 'cli', args: ['validate', validScenario, '--brokers', 'host:0'], stderr: ['--brokers', 'host:0'] },
  { name: 'validate --cluster k8s', category: 'cli', args: ['validate', validScenario, '--cluster', 'k8s'], stderr: ['--cluster', '"k8s"'] },
  { name: 'validate --cluster-warmup maybe', category: 'cli', args: ['validate', validScenario, '--cluster-warmup', 'maybe'], stderr: ['--cluster-warmup', '"maybe"'] },
  { name: 'validate --sasl-mechanism rot13', category: 'cli', args: ['validate', validScenario, ...UNREACHABLE, '--sasl-mechanism', 'rot13'], stderr: ['--sasl-mechanism', '"rot13"'] },
  { name: 'validate --step garbage', category: 'cli', args: ['validate', validScenario, '--step', 'garbage'], stderr: ['--step', '"garbage"'] },
  { name: 'validate --step after the end', category: 'cli', args: ['validate', validScenario, '--step', '100s:scale=2'], stderr: [fieldPath('consumers[0].schedule[0].at'), '100s'] },
  { name: 'validate --step with a 21-digit member count', category: 'cli', args: ['validate', validScenario, '--step', '2s:scale=99999999999999999999'], stderr: [fieldPath('consumers[0].schedule[0].members')] },
  { name: 'validate --step 1s:slow without a value', category: 'cli', args: ['validate', validScenario, '--step', '1s:slow'], stderr: ['--step', 'slow'] },
  { name: 'validate --step past a --duration', category: 'cli', args: ['validate', validScenario, '--duration', '1s', '--step', '1800ms:join'], stderr: ['1800ms'] },
  { name: 'validate --bogus (unknown option)', category: 'cli', args: ['validate', validScenario, '--bogus'], stderr: ["unknown option '--bogus'"] },
  { name: 'validate without a scenario', category: 'cli', args: ['validate'], stderr: ["missing required argument 'scenario'"] },
  { name: 'validate with two scenarios', category: 'cli', args: ['validate', validScenario, validScenario], stderr: ['too many arguments'] },
  { name: 'an unknown command', category: 'cli', args: ['frobnicate'], stderr: ["unknown command 'frobnicate'"] },
  { name: 'cluster start --nodes 2', category: 'cli', args: ['cluster', 'start', '--nodes', '2'], stderr: ['--nodes', '"2"'] },
  { name: 'check --brokers nothing', category: 'cli', args: ['check', '--brokers', 'nothing'], stderr: ['--brokers', '"nothing"'] },
  // Output paths of run: checked before anything starts
  { name: 'run --report a folder', category: 'cli', args: ['run', validScenario, ...UNREACHABLE, '--report', folder], stderr: ['the report', 'is a folder'] },
  { name: 'run --report ending in /', category: 'cli', args: ['run', validScenario, ...UNREACHABLE, '--report', `${folder}/`], stderr: ['the report', 'folder'] },
  { name: 'run --report = the scenario file', category: 'cli', args: ['run', validScenario, ...UNREACHABLE, '--report', validScenario], stderr: ['the report', 'input'] },
  { name: 'run --report in a folder that cannot be written', category: 'cli', args: ['run', validScenario, ...UNREACHABLE, '--report', `${unwritable}/r.json`], stderr: ['the report', 'not writable'] },
  { name: 'run --report with a 305-byte file name', category: 'cli', args: ['run', validScenario, ...UNREACHABLE, '--report', longName('.json')], stderr: ['the report', '305 bytes'] },
  { name: 'run --report under a file', category: 'cli', args: ['run', validScenario, ...UNREACHABLE, '--report', join(aFile, 'r.json')], stderr: ['the report', 'is a file, not a folder'] },
  // Output paths of report and compare
  { name: 'report a.json --html a.json', category: 'cli', args: ['report', goodReport, '--html', goodReport], stderr: ['HTML page', 'input'] },
  { name: 'report --html a symbolic link to the report', category: 'cli', args: ['report', goodReport, '--html', join(dir, 'link-to-good.html')], stderr: ['HTML page', 'input'] },
  { name: 'report --html a folder', category: 'cli', args: ['report', goodReport, '--html', folder], stderr: ['HTML page', 'is a folder'] },
  { name: 'report --html in a folder that cannot be written', category: 'cli', args: ['report', goodReport, '--html', `${unwritable}/r.html`], stderr: ['HTML page', 'not writable'] },
  { name: 'report --html with a 305-byte file name', category: 'cli', args: ['report', goodReport, '--html', longName('.html')], stderr: ['HTML page', '305 bytes'] },
  { name: 'report without a file', category: 'cli', args: ['report'], stderr: ["missing required argument 'report'"] },
  { name: 'report with two files', category: 'cli', args: ['report', goodReport, otherReport], stderr: ['too many arguments'], notWritten: [join(dir, 'good.html')] },
  { name: 'compare one report', category: 'cli', args: ['compare', goodReport], stderr: ['at least two reports'] },
  { name: 'compare --html = the first report', category: 'cli', args: ['compare', goodReport, otherReport, '--html', goodReport], stderr: ['--html', 'input'] },
  { name: 'compare --html = the second report', category: 'cli', args: ['compare', goodReport, otherReport, '--html', otherReport], stderr: ['--html', 'input'] },
  { name: 'compare --html a folder', category: 'cli', args: ['compare', goodReport, otherReport, '--html', folder], stderr: ['--html', 'is a folder'] },
  { name: 'compare --html in a folder that cannot be written', category: 'cli', args: ['compare', goodReport, otherReport, '--html', `${unwritable}/c.html`], stderr: ['--html', 'not writable'] },
  { name: 'compare --fail-if garbage', category: 'cli', args: ['compare', goodReport, otherReport, '--fail-if', 'garbage'], stderr: ['--fail-if', 'unknown metric "garbage"'] },
  { name: 'compare --fail-if without a bound', category: 'cli', args: ['compare', goodReport, otherReport, '--fail-if', 'e2e.p99 >'], stderr: ['--fail-if', 'e2e.p99'] },
  { name: 'compare --fail-if with a bad percentage', category: 'cli', args: ['compare', goodReport, otherReport, '--fail-if', 'e2e.p99 > +abc%'], stderr: ['--fail-if', 'e2e.p99'] },
  { name: 'compare --fail-if with a rate for a latency', category: 'cli', args: ['compare', goodReport, otherReport, '--fail-if', 'e2e.p99 < 5/s'], stderr: ['--fail-if', 'e2e.p99'] },
  { name: 'compare --fail-if without its value', category: 'cli', args: ['compare', goodReport, otherReport, '--fail-if'], stderr: ['--fail-if', 'argument missing'] },
  // sweep and find-max options (an unreachable cluster, should one pass)
  { name: 'sweep --vary garbage', category: 'cli', args: ['sweep', validScenario, ...UNREACHABLE, '--vary', 'garbage'], stderr: ['--vary', '"garbage"'] },
  { name: 'sweep without --vary', category: 'cli', args: ['sweep', validScenario, ...UNREACHABLE], stderr: ['--vary'] },
  { name: 'sweep --vary an unknown field', category: 'cli', args: ['sweep', validScenario, ...UNREACHABLE, '--vary', 'nosuch=1,2'], stderr: ['nosuch'] },
  { name: 'find-max --slo garbage', category: 'cli', args: ['find-max', validScenario, ...UNREACHABLE, '--slo', 'garbage'], stderr: ['--slo', 'garbage'] },
  { name: 'find-max --budget -1s', category: 'cli', args: ['find-max', validScenario, ...UNREACHABLE, '--budget', '-1s'], stderr: ['--budget', '"-1s"'] },
  { name: 'find-max --start-rate abc', category: 'cli', args: ['find-max', validScenario, ...UNREACHABLE, '--start-rate', 'abc'], stderr: ['--start-rate', '"abc"'] },
  { name: 'find-max --precision 500', category: 'cli', args: ['find-max', validScenario, ...UNREACHABLE, '--precision', '500'], stderr: ['--precision', '"500"'] },
  { name: 'find-max --report = the scenario file', category: 'cli', args: ['find-max', validScenario, ...UNREACHABLE, '--report', validScenario], stderr: ['find-max report', 'input'] },
];

// Report files given to `kbench report` and `kbench compare`
const reportFiles = {
  notJson: file('not-json.json', 'hello, this is not JSON\n'),
  empty: file('empty.json', ''),
  hugeNumber: file('huge-number.json', '1e999\n'),
  array: file('array.json', '[1, 2, 3]\n'),
  nullJson: file('null.json', 'null\n'),
  string: file('string.json', '"a kbench report"\n'),
  truncated: file('truncated.json', json(cloneSampleReport()).slice(0, 5_000)),
  binary: file('binary.json', Buffer.from(Array.from({ length: 2_048 }, (_, i) => (i * 131 + 7) % 256))),
  deep: file('deep.json', `${'['.repeat(100_000)}${']'.repeat(100_000)}`),
  bom: file('bom.json', `\ufeff${json(cloneSampleReport())}`),
  findMax: file('find-max.json', json({ ...cloneSampleReport(), kind: 'kbench-find-max' })),
  sweep: file('sweep.json', json({ ...cloneSampleReport(), kind: 'kbench-sweep' })),
  newer: file('schema-99.json', json({ ...cloneSampleReport(), schemaVersion: 99 })),
  versionString: file('schema-string.json', json({ ...cloneSampleReport(), schemaVersion: '2' })),
  noKind: file('no-kind.json', json(reportWith('kind', undefined))),
  controlName: file('control-name.json', json(reportWith('scenario.name', 'evil\u001b[2J\u001b]0;pwned\u0007\u009b31m'))),
};
const missing = join(dir, 'missing.json');
const controlFileName = join(dir, 'esc-\u001b[2J-name.json');

/** Fields of the wrong type, with the path stderr must name; `gated`: also given to `compare --fail-if`. */
const malformedFields: Array<{ path: string; value: unknown; gated?: true }> = [
  { path: 'counts.sent', value: '100', gated: true },
  { path: 'timeline', value: {}, gated: true },
  { path: 'errors', value: [1, 2] },
  { path: 'environment', value: null },
  { path: 'status', value: 'exploded' },
  { path: 'errorSamples', value: null },
  { path: 'clientConfig.producers', value: [1] },
  { path: 'latency.e2e', value: [], gated: true },
  { path: 'durationMs', value: '12s', gated: true },
  { path: 'latency.e2e.p99', value: 'fast', gated: true },
  { path: 'latency.produce.p50', value: null, gated: true },
  { path: 'throughput.produced.meanPerSec', value: 'lots', gated: true },
  { path: 'durationMs', value: -5 },
  { path: 'timeline.0', value: null },
  { path: 'timeline.1', value: 'a second' },
  { path: 'timeline.0.second', value: 'one', gated: true },
  { path: 'partitions.0', value: null },
  { path: 'consumerGroups.0', value: 5 },
  { path: 'scenario.producers', value: 'none', gated: true },
  { path: 'scenario.producers.0', value: null },
  { path: 'rebalances', value: 'many' },
  { path: 'thresholds', value: { a: 1 } },
  { path: 'validity', value: 'ok' },
  { path: 'integrity', value: 'fine' },
  { path: 'backlog', value: 'x' },
  { path: 'faults', value: 'x' },
  { path: 'workers.0', value: 'w' },
];

const malformedCases: HostileCase[] = malformedFields.flatMap(({ path, value, gated }, i) => {
  const name = `field-${i}-${path.replace(/\W/g, '-')}.json`;
  const malformed = file(name, json(reportWith(path, value)));
  const what = `${path} = ${JSON.stringify(value)}`;
  const cases: HostileCase[] = [
    { name: `report: ${what}`, category: 'report', args: ['report', malformed, '--html', html(`${name}-page`)], stderr: [fieldPath(path)], notWritten: [html(`${name}-page`)] },
  ];
  // A string where a number belongs must never pass a `--fail-if` gate as NaN.
  if (gated) cases.push({ name: `compare --fail-if: ${what}`, category: 'report', args: ['compare', goodReport, malformed, '--fail-if', 'e2e.p99 > +10%', '--fail-if', 'throughput.mean < 1/s'], stderr: [fieldPath(path)] });
  return cases;
});

const reportCases: HostileCase[] = [
  { name: 'report: not JSON', category: 'report', args: ['report', reportFiles.notJson], stderr: ['not-json.json', 'not valid JSON'] },
  { name: 'report: an empty file', category: 'report', args: ['report', reportFiles.empty], stderr: ['empty.json', 'empty or truncated'] },
  { name: 'report: a huge number (1e999)', category: 'report', args: ['report', reportFiles.hugeNumber], stderr: ['huge-number.json', 'not a kbench report'] },
  { name: 'report: a JSON array', category: 'report', args: ['report', reportFiles.array], stderr: ['array.json', 'not a kbench report'] },
  { name: 'report: JSON null', category: 'report', args: ['report', reportFiles.nullJson], stderr: ['null.json', 'not a kbench report'] },
  { name: 'report: a JSON string', category: 'report', args: ['report', reportFiles.string], stderr: ['string.json', 'not a kbench report'] },
  { name: 'report: truncated', category: 'report', args: ['report', reportFiles.truncated], stderr: ['truncated.json', 'truncated'] },
  { name: 'report: binary bytes', category: 'report', args: ['report', reportFiles.binary], stderr: ['binary.json', 'not valid JSON'] },
  { name: 'report: 100,000 nested arrays', category: 'report', args: ['report', reportFiles.deep], stderr: ['deep.json', 'not a kbench report'] },
  // Some editors write one: it is not part of the JSON, and the report reads as any other.
  { name: 'report: a byte-order mark before the JSON', category: 'report', args: ['report', reportFiles.bom], exitCode: 0, stderr: [], stdout: ['Throughput'] },
  { name: 'report: a find-max report', category: 'report', args: ['report', reportFiles.findMax], stderr: ['find-max.json', 'find-max report'] },
  { name: 'report: a sweep bundle', category: 'report', args: ['report', reportFiles.sweep], stderr: ['sweep.json', 'sweep bundle'] },
  { name: 'report: schema version 99', category: 'report', args: ['report', reportFiles.newer], stderr: ['schema-99.json', '99'] },
  { name: 'report: schema version as a string', category: 'report', args: ['report', reportFiles.versionString], stderr: ['schema-string.json', 'schemaVersion'] },
  { name: 'report: no kind', category: 'report', args: ['report', reportFiles.noKind], stderr: ['no-kind.json', 'kind'] },
  { name: 'report: a missing file', category: 'report', args: ['report', missing], stderr: ['missing.json', 'not found'] },
  { name: 'report: a folder', category: 'report', args: ['report', folder], stderr: ['a-folder', 'folder'] },
  { name: 'report: a missing file whose name has escape sequences', category: 'report', args: ['report', controlFileName], stderr: ['esc-\\u001b[2J-name.json', 'not found'] },
  {
    name: 'report: control characters in the scenario name are escaped on output',
    category: 'report',
    args: ['report', reportFiles.controlName, '--html', html('control-name')],
    exitCode: 0,
    stderr: [],
    stdout: ['evil\\u001b[2J\\u001b]0;pwned\\u0007\\u009b31m'],
  },
  { name: 'compare: a report and a find-max report', category: 'report', args: ['compare', goodReport, reportFiles.findMax], stderr: ['find-max.json', 'find-max report'] },
  { name: 'compare: two unreadable files, both named', category: 'report', args: ['compare', goodReport, reportFiles.notJson, reportFiles.empty], stderr: ['2 of the reports', 'not-json.json', 'empty.json'] },
  { name: 'compare: a missing file', category: 'report', args: ['compare', goodReport, missing], stderr: ['missing.json', 'not found'] },
  { name: 'compare: a folder', category: 'report', args: ['compare', folder, goodReport], stderr: ['a-folder', 'folder'] },
  { name: 'compare: a truncated report', category: 'report', args: ['compare', goodReport, reportFiles.truncated], stderr: ['truncated.json', 'truncated'] },
  ...malformedCases,
];

// Scenario files: code that misbehaves at import, odd exports, absurd values
const scenarioFiles = {
  exits: scenario('exits-at-import', `process.exit(0);\n${withFields(PRODUCERS)}`),
  neverLoads: scenario('top-level-await-never-settles', `await new Promise(() => {});\n${withFields(PRODUCERS)}`),
  throwsNumber: scenario('throws-a-number', `throw 42;\n${withFields(PRODUCERS)}`),
  throwsNull: scenario('throws-null', 'throw null;\nexport default {};'),
  throwsEscapes: scenario('throws-escape-sequences', "throw new Error('bad \\u001b[2J\\u001b[31mred\\u0007 thing');\nexport default {};"),
  exportsFunction: scenario('exports-a-function', `export default () => ({ ${SCENARIO_BASE}, ${PRODUCERS} });`),
  exportsArray: scenario('exports-an-array', `export default [{ ${SCENARIO_BASE}, ${PRODUCERS} }];`),
  exportsNull: scenario('exports-null', 'export default null;'),
  emptyFile: scenario('empty-file', ''),
  notCode: scenario('not-code', 'this is not typescript {{{'),
  emptyObject: file('empty-object.mjs', 'export default {};\n'),
  wrongExtension: file('scenario.txt', withFields(PRODUCERS)),
  circular: scenario('circular', `const s: Record<string, unknown> = { ${SCENARIO_BASE}, ${PRODUCERS} };\ns.self = s;\nexport default s;`),
  keysRandom1e15: scenario('keys-random-1e15', withFields(`producers: [{ load: { type: 'constant', ratePerSec: 10 }, keys: { strategy: 'random', count: 1e15 } }]`)),
  rateInfinity: scenario('rate-infinity', withFields(`producers: [{ load: { type: 'constant', ratePerSec: Infinity } }]`)),
  rateNaN: scenario('rate-nan', withFields(`producers: [{ load: { type: 'constant', ratePerSec: NaN } }]`)),
  rateBigInt: scenario('rate-bigint', withFields(`producers: [{ load: { type: 'constant', ratePerSec: 10n } }]`)),
  loadTypeSymbol: scenario('load-type-symbol', withFields(`producers: [{ load: { type: Symbol('constant'), ratePerSec: 10 } }]`)),
  size1e15: scenario('message-size-1e15', withFields(`producers: [{ load: { type: 'constant', ratePerSec: 10 }, message: { sizeBytes: 1e15 } }]`)),
  sizeNegative: scenario('message-size-negative', withFields(`producers: [{ load: { type: 'constant', ratePerSec: 10 }, message: { sizeBytes: -1 } }]`)),
  seedNaN: scenario('seed-nan', withFields(`producers: [{ load: { type: 'constant', ratePerSec: 10 }, message: { seed: NaN } }]`)),
  producerCount1e6: scenario('producer-count-1e6', withFields(`producers: [{ count: 1e6, load: { type: 'constant', ratePerSec: 10 } }]`)),
  producerGroups1e5: scenario('producer-groups-1e5', withFields(`producers: Array.from({ length: 100000 }, () => ({ load: { type: 'constant', ratePerSec: 10 } }))`)),
  members1e6: scenario('members-1e6', withFields(`${PRODUCERS}, consumers: [{ members: 1e6 }]`)),
  workersZero: scenario('workers-zero', withFields(`${PRODUCERS}, workers: 0`)),
  partitions1e9: file('partitions-1e9.ts', `export default { name: 'hostile', cluster: { nodes: 1 }, topic: { partitions: 1e9, replicationFactor: 1 }, duration: '2s', ${PRODUCERS} };\n`),
  duration1e400: file('duration-1e400.ts', `export default { name: 'hostile', cluster: { nodes: 1 }, duration: '1e400s', ${PRODUCERS} };\n`),
  zipfNegative: scenario('zipf-negative', withFields(`producers: [{ load: { type: 'constant', ratePerSec: 10 }, keys: { strategy: 'zipf', count: 10, exponent: -1 } }]`)),
  hotShare2: scenario('hot-share-2', withFields(`producers: [{ load: { type: 'constant', ratePerSec: 10 }, keys: { strategy: 'hot', count: 10, hotKeys: 1, hotShare: 2 } }]`)),
  backlog1e30: scenario('backlog-1e30', withFields(`${PRODUCERS}, consumers: [{ members: 1, backlog: { after: '1s', size: '1e30 messages' } }]`)),
  faultAfterEnd: scenario('fault-after-end', withFields(`${PRODUCERS}, faults: [{ at: '1h', action: 'kill', node: 1 }]`)),
  thresholdWords: scenario('threshold-in-words', withFields(`${PRODUCERS}, thresholds: { 'e2e.p99': 'fast' }`)),
  thresholdUnknown: scenario('threshold-unknown-metric', withFields(`${PRODUCERS}, thresholds: { 'nosuch.metric': '< 5ms' }`)),
  clientConfigFunction: scenario('client-config-function', withFields(`producers: [{ load: { type: 'constant', ratePerSec: 10 }, clientConfig: { 'queue.buffering.max.kbytes': () => 5 } }]`)),
  nameEscapes: file('name-escapes.ts', `export default { name: 'a\\u001b[2Jb', duration: '2s', ${PRODUCERS} };\n`),
  nameEmpty: file('name-empty.ts', `export default { name: '', duration: '2s', ${PRODUCERS} };\n`),
  namePath: file('name-path.ts', `export default { name: '../../etc/passwd', duration: '2s', ${PRODUCERS} };\n`),
  nameLong: file('name-long.ts', `export default { name: '${'n'.repeat(300)}', cluster: { nodes: 1 }, topic: { partitions: 1, replicationFactor: 1 }, duration: '2s', ${PRODUCERS} };\n`),
};

const scenarioCases: HostileCase[] = [
  { name: 'scenario: process.exit(0) at import', category: 'scenario', args: ['validate', scenarioFiles.exits], stderr: ['exits-at-import.ts', 'process.exit(0)'] },
  { name: 'scenario: run, process.exit(0) at import', category: 'scenario', args: ['run', scenarioFiles.exits, ...UNREACHABLE], stderr: ['exits-at-import.ts', 'process.exit(0)'] },
  { name: 'scenario: a top-level await that never settles', category: 'scenario', args: ['validate', scenarioFiles.neverLoads], stderr: ['top-level-await-never-settles.ts', 'did not finish loading'], timeoutMs: 40_000 },
  { name: 'scenario: throws a number at import', category: 'scenario', args: ['validate', scenarioFiles.throwsNumber], stderr: ['throws-a-number.ts', '42'] },
  { name: 'scenario: throws null at import', category: 'scenario', args: ['validate', scenarioFiles.throwsNull], stderr: ['throws-null.ts', 'null'] },
  { name: 'scenario: throws a message with escape sequences', category: 'scenario', args: ['validate', scenarioFiles.throwsEscapes], stderr: ['throws-escape-sequences.ts', 'bad \\u001b[2J\\u001b[31mred\\u0007 thing'] },
  { name: 'scenario: exports a function', category: 'scenario', args: ['validate', scenarioFiles.exportsFunction], stderr: ['exports-a-function.ts', 'function'] },
  { name: 'scenario: exports an array', category: 'scenario', args: ['validate', scenarioFiles.exportsArray], stderr: ['exports-an-array.ts', 'array'] },
  { name: 'scenario: exports null', category: 'scenario', args: ['validate', scenarioFiles.exportsNull], stderr: ['exports-null.ts', 'null'] },
  { name: 'scenario: an empty file', category: 'scenario', args: ['validate', scenarioFiles.emptyFile], stderr: ['empty-file.ts', 'default export'] },
  { name: 'scenario: not code', category: 'scenario', args: ['validate', scenarioFiles.notCode], stderr: ['not-code.ts', 'compile'] },
  { name: 'scenario: an empty object', category: 'scenario', args: ['validate', scenarioFiles.emptyObject], stderr: ['name', 'duration', 'producers'] },
  { name: 'scenario: a .txt file', category: 'scenario', args: ['validate', scenarioFiles.wrongExtension], stderr: ['scenario.txt', '.ts'] },
  { name: 'scenario: a missing file', category: 'scenario', args: ['run', join(dir, 'no-such-scenario.ts'), ...UNREACHABLE], stderr: ['no-such-scenario.ts', 'not found'] },
  { name: 'scenario: a folder', category: 'scenario', args: ['validate', folder], stderr: ['a-folder', 'folder'] },
  { name: 'scenario: a circular object', category: 'scenario', args: ['validate', scenarioFiles.circular], stderr: ['self'] },
  { name: "scenario: keys { strategy: 'random', count: 1e15 }", category: 'scenario', args: ['validate', scenarioFiles.keysRandom1e15], stderr: [fieldPath('producers[0].keys.count'), /1[,_]?000[,_]?000\b/] },
  { name: "scenario: run with keys { strategy: 'random', count: 1e15 }", category: 'scenario', args: ['run', scenarioFiles.keysRandom1e15, ...UNREACHABLE], stderr: [fieldPath('producers[0].keys.count')] },
  { name: 'scenario: ratePerSec Infinity', category: 'scenario', args: ['validate', scenarioFiles.rateInfinity], stderr: [fieldPath('producers[0].load.ratePerSec'), 'Infinity'] },
  { name: 'scenario: ratePerSec NaN', category: 'scenario', args: ['validate', scenarioFiles.rateNaN], stderr: [fieldPath('producers[0].load.ratePerSec'), 'NaN'] },
  { name: 'scenario: ratePerSec a BigInt', category: 'scenario', args: ['validate', scenarioFiles.rateBigInt], stderr: [fieldPath('producers[0].load.ratePerSec')] },
  { name: 'scenario: load type a Symbol', category: 'scenario', args: ['validate', scenarioFiles.loadTypeSymbol], stderr: [fieldPath('producers[0].load.type')] },
  { name: 'scenario: message size 1e15', category: 'scenario', args: ['validate', scenarioFiles.size1e15], stderr: [fieldPath('producers[0].message.sizeBytes')] },
  { name: 'scenario: message size -1', category: 'scenario', args: ['validate', scenarioFiles.sizeNegative], stderr: [fieldPath('producers[0].message.sizeBytes'), '-1'] },
  { name: 'scenario: seed NaN', category: 'scenario', args: ['validate', scenarioFiles.seedNaN], stderr: [fieldPath('producers[0].message.seed'), 'NaN'] },
  { name: 'scenario: 1e6 producer instances', category: 'scenario', args: ['validate', scenarioFiles.producerCount1e6], stderr: [fieldPath('producers[0].count'), '64'] },
  { name: 'scenario: 100,000 producer groups', category: 'scenario', args: ['validate', scenarioFiles.producerGroups1e5], stderr: ['256'], timeoutMs: 60_000 },
  { name: 'scenario: 1e6 consumer members', category: 'scenario', args: ['validate', scenarioFiles.members1e6], stderr: [fieldPath('consumers[0].members'), '64'] },
  { name: 'scenario: workers 0', category: 'scenario', args: ['validate', scenarioFiles.workersZero], stderr: ['workers', '0'] },
  { name: 'scenario: 1e9 partitions', category: 'scenario', args: ['validate', scenarioFiles.partitions1e9], stderr: ['topic.partitions', '4000'] },
  { name: "scenario: duration '1e400s'", category: 'scenario', args: ['validate', scenarioFiles.duration1e400], stderr: ['duration', '1e400s'] },
  { name: 'scenario: zipf exponent -1', category: 'scenario', args: ['validate', scenarioFiles.zipfNegative], stderr: [fieldPath('producers[0].keys.exponent'), '-1'] },
  { name: 'scenario: hot share 2', category: 'scenario', args: ['validate', scenarioFiles.hotShare2], stderr: [fieldPath('producers[0].keys.hotShare'), '2'] },
  { name: 'scenario: a backlog of 1e30 messages', category: 'scenario', args: ['validate', scenarioFiles.backlog1e30], stderr: [fieldPath('consumers[0].backlog.size'), '1e30'] },
  { name: 'scenario: a fault after the end', category: 'scenario', args: ['validate', scenarioFiles.faultAfterEnd], stderr: [fieldPath('faults[0].at'), '1h'] },
  { name: 'scenario: a threshold in words', category: 'scenario', args: ['validate', scenarioFiles.thresholdWords], stderr: ['e2e.p99', 'fast'] },
  { name: 'scenario: a threshold on an unknown metric', category: 'scenario', args: ['validate', scenarioFiles.thresholdUnknown], stderr: ['nosuch.metric'] },
  { name: 'scenario: a function in clientConfig', category: 'scenario', args: ['validate', scenarioFiles.clientConfigFunction], stderr: [fieldPath('producers[0].clientConfig'), 'queue.buffering.max.kbytes'] },
  { name: 'scenario: escape sequences in the name', category: 'scenario', args: ['validate', scenarioFiles.nameEscapes], stderr: ['name', '\\u001b[2J'] },
  { name: 'scenario: an empty name', category: 'scenario', args: ['validate', scenarioFiles.nameEmpty], stderr: ['name'] },
  { name: 'scenario: a name that is a path', category: 'scenario', args: ['validate', scenarioFiles.namePath], stderr: ['name', '../../etc/passwd'] },
  { name: 'scenario: run, a name too long for its report file', category: 'scenario', args: ['run', scenarioFiles.nameLong, ...UNREACHABLE], stderr: ['the report', 'bytes long'] },
];

/**
 * Defects found when the catalogue was written (src/scenario/load-scenario.ts, the scenario
 * validation, src/report/read-report.ts): each case says what it gave then.
 */
const knownDefects: Array<HostileCase & { owner: string; today: string }> = [
  {
    name: 'scenario: a default export that is a never-settling promise',
    category: 'scenario',
    args: ['validate', scenario('exports-a-pending-promise', 'export default new Promise(() => {});')],
    stderr: ['exports-a-pending-promise.ts'],
    owner: 'src/scenario/load-scenario.ts',
    today: 'exit 13, no message',
  },
  {
    name: 'scenario: process.exit(1) from a timer started at import',
    category: 'scenario',
    // The file's code runs in a thread of its own, ended once it has exported its scenario: the timer never fires.
    args: ['validate', scenario('exits-later', `setTimeout(() => process.exit(1), 10);\n${withFields(PRODUCERS)}`)],
    exitCode: 0,
    stderr: [],
    stdout: ['expected messages'],
    owner: 'src/scenario/load-scenario.ts',
    today: 'exit 1, no message',
  },
  {
    name: 'scenario: a busy loop at import',
    category: 'scenario',
    args: ['validate', scenario('busy-loop', `for (;;) {}\n${withFields(PRODUCERS)}`)],
    stderr: ['busy-loop.ts', 'did not finish loading'],
    owner: 'src/scenario/load-scenario.ts (load in a worker or child process to bound it)',
    today: 'hangs for ever',
  },
  {
    name: 'scenario: a getter that throws',
    category: 'scenario',
    args: ['validate', scenario('getter-throws', `export default { ${SCENARIO_BASE}, get producers() { throw new Error('getter boom'); } };`)],
    stderr: ['getter-throws.ts', 'getter boom'],
    owner: 'src/scenario/validate-scenario.ts',
    today: 'exit 1, "unexpected failure inside kbench" and a stack',
  },
  {
    name: 'scenario: a Proxy that throws',
    category: 'scenario',
    args: ['validate', scenario('proxy-throws', "export default new Proxy({}, { get() { throw new Error('proxy boom'); } });")],
    stderr: ['proxy-throws.ts', 'proxy boom'],
    owner: 'src/scenario/load-scenario.ts',
    today: 'exit 1, "unexpected failure inside kbench" and a stack',
  },
  {
    name: 'scenario: processingTimeMs 1e12 (a timer that fires at once)',
    category: 'scenario',
    args: ['validate', scenario('processing-1e12', withFields(`${PRODUCERS}, consumers: [{ members: 1, processingTimeMs: 1e12 }]`))],
    stderr: [fieldPath('consumers[0].processingTimeMs')],
    owner: 'scenario schema (bounds from what the code can do)',
    today: 'validates; the worker sleeps 1 ms, not 1e12',
  },
  {
    name: 'scenario: lingerMs 1e12 (librdkafka takes at most 900000)',
    category: 'scenario',
    args: ['validate', scenario('linger-1e12', withFields(`producers: [{ load: { type: 'constant', ratePerSec: 10 }, lingerMs: 1e12 }]`))],
    stderr: [fieldPath('producers[0].lingerMs')],
    owner: 'scenario schema (client capabilities)',
    today: 'validates; the producer fails when the run creates it',
  },
  {
    name: 'scenario: batchSizeBytes 1e15',
    category: 'scenario',
    args: ['validate', scenario('batch-1e15', withFields(`producers: [{ load: { type: 'constant', ratePerSec: 10 }, batchSizeBytes: 1e15 }]`))],
    stderr: [fieldPath('producers[0].batchSizeBytes')],
    owner: 'scenario schema (client capabilities)',
    today: 'validates; the producer fails when the run creates it',
  },
  {
    name: "scenario: duration '99999999999h'",
    category: 'scenario',
    args: ['validate', file('duration-huge.ts', `export default { name: 'hostile', cluster: { nodes: 1 }, duration: '99999999999h', ${PRODUCERS} };\n`)],
    stderr: ['duration'],
    owner: 'scenario schema (the --duration option is bounded at 2^31-1 ms)',
    today: 'validates',
  },
  {
    name: 'report: a named pipe (FIFO) as the report',
    category: 'report',
    args: ['report', join(dir, 'pipe.json')],
    stderr: ['pipe.json'],
    owner: 'src/report/read-report.ts (refuse what is not a regular file)',
    today: 'hangs for ever in readFileSync',
  },
];

// Spellings of paths that are set up here rather than written above.
symlinkSync(goodReport, join(dir, 'link-to-good.html'));
linkSync(goodReport, join(dir, 'hard-link-to-good.html'));
try {
  execFileSync('mkfifo', [join(dir, 'pipe.json')]);
} catch {
  // No mkfifo: the FIFO case is skipped anyway.
}

const hardLinkCase: HostileCase = {
  // A hard link shares the input's data: writing the page must not change the JSON (it replaces the link, atomically).
  name: 'report --html a hard link to the report (the report stays intact)',
  category: 'cli',
  args: ['report', goodReport, '--html', join(dir, 'hard-link-to-good.html')],
  exitCode: 0,
  stderr: [],
  stdout: ['html report:'],
};
cliCases.push(hardLinkCase);

const catalogue: HostileCase[] = [...cliCases, ...reportCases, ...scenarioCases];

// ---------------------------------------------------------------------------------------------
// Running a case
// ---------------------------------------------------------------------------------------------

/** sha256 of every existing input file (regular files only) named in `args`, and of the fixed inputs. */
function fingerprints(args: string[]): Map<string, string> {
  const prints = new Map<string, string>();
  for (const path of new Set([...args, goodReport, otherReport, validScenario, faultScenario])) {
    if (!path.startsWith(dir) || !existsSync(path)) continue;
    const stat = statSync(path);
    if (!stat.isFile()) continue;
    prints.set(path, createHash('sha256').update(readFileSync(path)).digest('hex'));
  }
  return prints;
}

// eslint-disable-next-line no-control-regex -- looking for raw control characters is the point
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const STACK_TRACE = /^\s+at |\b(?:TypeError|RangeError|ReferenceError|SyntaxError):|node:internal|unexpected failure inside kbench|KbenchError/m;

async function runCase(testCase: HostileCase): Promise<void> {
  const hardLinked = testCase === hardLinkCase;
  const before = fingerprints(testCase.args);
  const result = await runCommand(process.execPath, [kbench, ...testCase.args], { cwd: dir, env, timeoutMs: testCase.timeoutMs ?? 30_000 });
  const output = `exit ${result.exitCode}\nstdout: ${result.stdout.slice(0, 2_000)}\nstderr: ${result.stderr}`;

  expect(result.exitCode, output).toBe(testCase.exitCode ?? 2);
  for (const expected of testCase.stderr) {
    if (typeof expected === 'string') expect(result.stderr, output).toContain(expected);
    else expect(result.stderr, output).toMatch(expected);
  }
  for (const expected of testCase.stdout ?? []) expect(result.stdout, output).toContain(expected);
  if ((testCase.exitCode ?? 2) !== 0) {
    // A clear first line, nothing on stdout, no stack trace.
    expect(result.stderr, output).toMatch(/^error: \S/);
    expect(result.stdout, output).toBe('');
  }
  expect(result.stderr, output).not.toMatch(STACK_TRACE);
  expect(RAW_CONTROL.test(result.stdout) || RAW_CONTROL.test(result.stderr), output).toBe(false);

  // Input files unchanged (the hard link's page replaced the link, not the data it shared).
  const after = fingerprints(testCase.args);
  for (const [path, print] of before) {
    if (hardLinked && path.endsWith('.html')) continue;
    expect(after.get(path), `${path} changed`).toBe(print);
  }
  for (const path of testCase.notWritten ?? []) expect(existsSync(path), `${path} was written`).toBe(false);
  // Nothing started a cluster.
  expect(existsSync(join(stateDir, 'clusters')) ? readdirSync(join(stateDir, 'clusters')) : []).toEqual([]);
}

describe('the hostile-input catalogue', () => {
  it('has at least 60 cases that pass today, across the command line, report files and scenario files', () => {
    const active = [...catalogue, ...knownDefects];
    expect(active.length).toBeGreaterThanOrEqual(60);
    for (const category of ['cli', 'report', 'scenario'] as const) expect(active.filter((c) => c.category === category).length).toBeGreaterThanOrEqual(15);
    expect(new Set(catalogue.map((c) => c.name)).size).toBe(catalogue.length);
  });

  it.concurrent.for(catalogue)('$name', async (testCase) => {
    await runCase(testCase);
  });

  it.concurrent.for(knownDefects)('once a defect, $owner: $name (was: $today)', async (testCase) => {
    await runCase(testCase);
  });
});
