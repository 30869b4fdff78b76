/**
 * Whether reports can be merged into one: each must be a shard's report, all of one run (run id,
 * shard count, kbench version, scenario), each shard exactly once, no producer or consumer in two
 * shards, no shard missing. Every problem is named with its files, in one usage error (exit 2).
 * Pure.
 */
import { KbenchError } from '../errors.js';
import { jsonDifferences } from '../report/json-differences.js';
import type { ReportScenario } from '../report/report-types.js';
import type { ReportFile, ShardInput } from './shard-alignment.js';

/** Most scenario differences listed per report. */
const MAX_LISTED_DIFFERENCES = 5;

const HINT = 'give the reports of one sharded run (`kbench run … --shard k/n --run-id ID`), each shard once';

/**
 * The scenario as every shard of a run has it. Left out, because they legitimately differ per
 * shard: the scenario file's path (each host has its own), each producer's id, index, worker,
 * seed and share of the load (its rate or ramp, and its in-flight bound; the load's type must
 * agree), the members of each group and the member ids of its schedule steps (each shard takes
 * every n-th member), the workers, the messages the shard's schedule expects, and what is done
 * with the topic before and after the run (`recreate`, `keep`, `recreateExisting`: one shard sets
 * the topic up).
 */
export function sharedScenario(scenario: ReportScenario): unknown {
  const { scenarioFile: _file, producers, consumerGroups, workers: _workers, expectedMessages: _expected, topic, ...rest } = scenario;
  const { recreate: _recreate, keep: _keep, recreateExisting: _recreateExisting, ...sharedTopic } = topic;
  return {
    ...rest,
    topic: sharedTopic,
    producers: producers.map(({ id: _id, index: _index, workerId: _worker, seed: _seed, load, maxInFlight: _inFlight, ...producer }) => ({ ...producer, loadType: load.type })),
    consumerGroups: consumerGroups.map(({ members: _members, schedule, ...group }) => ({
      ...group,
      schedule: schedule?.map(({ consumerIds: _ids, ...step }) => step),
    })),
  };
}

/** The reports as shard inputs, when they can be merged; otherwise a usage error listing every problem. */
export function checkMergeable(files: readonly ReportFile[]): ShardInput[] {
  const inputs = asShardInputs(files);
  const issues = [...runIssues(inputs), ...placementIssues(inputs)];
  if (issues.length === 1) throw new KbenchError('usage', `cannot merge: ${issues[0]}`, { hint: HINT });
  if (issues.length > 1) throw new KbenchError('usage', `cannot merge these reports: ${issues.length} problems`, { details: issues, hint: HINT });
  return inputs;
}

function asShardInputs(files: readonly ReportFile[]): ShardInput[] {
  const issues: string[] = [];
  const inputs: ShardInput[] = [];
  for (const { file, report } of files) {
    if (report.mergedFrom !== undefined) issues.push(`${file} is a merged report (written by kbench merge), not the report of one shard`);
    else if (report.shard === undefined) issues.push(`${file} is not a shard report: it has no "shard" section (a run without --shard)`);
    else if (report.deliverySets === undefined) issues.push(`${file} is not a complete shard report: it has a "shard" section but no "deliverySets"`);
    else if (report.backlog !== undefined || report.scenario.consumerGroups.some((group) => group.backlog !== undefined)) {
      issues.push(`${file} has a backlog phase, which a sharded run never builds (kbench run --shard refuses such scenarios)`);
    }
    else inputs.push({ file, report, shard: report.shard, deliverySets: report.deliverySets });
  }
  if (issues.length === 1) throw new KbenchError('usage', `cannot merge: ${issues[0]}`, { hint: HINT });
  if (issues.length > 1) throw new KbenchError('usage', `cannot merge: ${issues.length} files are not shard reports`, { details: issues, hint: HINT });
  return inputs;
}

/** Every report against the first one given: the same run, shard count, kbench and scenario. */
function runIssues(inputs: readonly ShardInput[]): string[] {
  const [first, ...others] = inputs;
  if (first === undefined) return ['no report given'];
  const issues: string[] = [];
  const shared = sharedScenario(first.report.scenario);
  for (const other of others) {
    const pair = `${other.file} and ${first.file}`;
    if (other.shard.runId !== first.shard.runId) issues.push(`${pair} are of different runs: run id ${JSON.stringify(other.shard.runId)} and ${JSON.stringify(first.shard.runId)}`);
    if (other.shard.count !== first.shard.count) issues.push(`${pair} split the run differently: ${other.shard.count} shards and ${first.shard.count} shards`);
    const version = other.report.environment.kbenchVersion;
    if (version !== first.report.environment.kbenchVersion) issues.push(`${pair} were written by different kbench versions: ${version} and ${first.report.environment.kbenchVersion}`);
    const differences = jsonDifferences(shared, sharedScenario(other.report.scenario));
    if (differences.length > 0) {
      const more = differences.length > MAX_LISTED_DIFFERENCES ? `; and ${differences.length - MAX_LISTED_DIFFERENCES} more` : '';
      issues.push(`${other.file} ran another scenario than ${first.file}: ${differences.slice(0, MAX_LISTED_DIFFERENCES).join('; ')}${more}`);
    }
  }
  return issues;
}

/** Each shard once, within the count; no producer index or consumer in two reports; no shard missing. */
function placementIssues(inputs: readonly ShardInput[]): string[] {
  const issues: string[] = [];
  const byIndex = new Map<number, string>();
  for (const { file, shard } of inputs) {
    if (shard.index >= shard.count) issues.push(`${file} claims shard index ${shard.index}, but a run of ${shard.count} shards has indexes 0 to ${shard.count - 1}`);
    const earlier = byIndex.get(shard.index);
    if (earlier !== undefined) issues.push(`${earlier} and ${file} both claim shard ${shard.index}`);
    else byIndex.set(shard.index, file);
  }
  issues.push(...overlaps(inputs, 'producer index(es)', (input) => [...input.deliverySets.producers.map((p) => p.producerIndex), ...input.report.scenario.producers.map((p) => p.index)]));
  issues.push(...overlaps(inputs, 'consumer(s)', (input) => input.report.scenario.consumerGroups.flatMap((group) => group.members.map((member) => member.id))));
  const count = inputs[0]?.shard.count ?? 0;
  if (inputs.every((input) => input.shard.count === count)) {
    const missing = Array.from({ length: count }, (_, i) => i).filter((index) => !byIndex.has(index));
    if (missing.length > 0) {
      const given = [...byIndex].sort(([a], [b]) => a - b).map(([index, file]) => `${index} in ${file}`);
      issues.push(`shard(s) ${missing.join(', ')} of ${count} missing (given: ${given.join(', ')})`);
    }
  }
  return issues;
}

/** Pairs of reports that both name some of the same things. */
function overlaps<T>(inputs: readonly ShardInput[], what: string, namesOf: (input: ShardInput) => T[]): string[] {
  const issues: string[] = [];
  const owners = new Map<T, string>();
  const shared = new Map<string, Set<T>>();
  for (const input of inputs) {
    for (const name of new Set(namesOf(input))) {
      const owner = owners.get(name);
      if (owner === undefined) owners.set(name, input.file);
      else if (owner !== input.file) {
        const key = JSON.stringify([owner, input.file]);
        shared.set(key, (shared.get(key) ?? new Set()).add(name));
      }
    }
  }
  for (const [key, names] of shared) {
    const [a, b] = JSON.parse(key) as [string, string];
    issues.push(`${a} and ${b} both ran ${what} ${[...names].join(', ')}`);
  }
  return issues;
}
