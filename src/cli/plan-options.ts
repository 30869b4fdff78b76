/** Options shared by `run` and `validate`: the scenario file plus command-line overrides. */
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { CLIENT_NAMES, type ClientName } from '../clients/client-adapter.js';
import { KbenchError } from '../errors.js';
import { parseDuration } from '../util/durations.js';
import { loadScenario } from '../scenario/load-scenario.js';
import { CLUSTER_WARMUP_MODES, MAX_WORKERS } from '../scenario/validate-scenario.js';
import { CLUSTER_PROVIDERS, type ClusterProvider, type ClusterWarmupMode, type Plan } from '../scenario/plan-types.js';
import { parseSecurityOptions, registerSecurityOptions, type SecurityOptions } from './security-options.js';
import { parseKsqlOptions, registerKsqlOptions, type KsqlOptions } from './ksql-options.js';
import { STEP_OPTION_HELP, parseStepOption, withSteps } from './step-option.js';
import { resolveScenario, type RunOverrides } from '../scenario/resolve-scenario.js';

export interface PlanOptions extends SecurityOptions, KsqlOptions {
  duration?: string;
  client?: string;
  brokers?: string;
  cluster?: string;
  workers?: string;
  step?: string[];
  clusterWarmup?: string;
  keepTopic?: boolean;
  recreateTopic?: boolean;
}

export function registerPlanOptions(command: Command): Command {
  return registerKsqlOptions(registerSecurityOptions(command))
    .option('-d, --duration <time>', "measured duration, overriding the scenario's (e.g. 20s, 5m)")
    .option('-c, --client <name>', `Kafka client, overriding the scenario's: ${CLIENT_NAMES.join(' or ')}`)
    .option('-b, --brokers <list>', 'bootstrap servers of an existing cluster (comma-separated) instead of an embedded one')
    .option('--cluster <provider>', `start the cluster this way, overriding the scenario's: ${CLUSTER_PROVIDERS.join(' or ')} (testcontainers needs Docker)`)
    .option('-w, --workers <count>', 'number of producer workers')
    .option('--cluster-warmup <mode>', `warm a freshly started cluster up before measuring: ${CLUSTER_WARMUP_MODES.join(', ')} (overrides the scenario; default auto, or $KBENCH_CLUSTER_WARMUP)`)
    .option('--keep-topic', 'external cluster: keep the topic kbench creates for the run (kbench-<topic>-<run id>) instead of deleting it at the end')
    .option('--recreate-topic', "external cluster: DELETE the existing topic named in the scenario and create it anew (this run only; kbench otherwise never deletes a topic it did not create)")
    .option('-s, --step <step>', STEP_OPTION_HELP, (value: string, previous: string[] = []) => [...previous, value]);
}

/**
 * Longest `--duration`: the run's steps, faults and backlog phases are Node.js timers, and a timer
 * longer than 2^31 − 1 ms (about 24.8 days) fires at once instead.
 */
export const MAX_DURATION_OPTION_MS = 2 ** 31 - 1;

export function parseOverrides(options: PlanOptions): RunOverrides {
  const overrides: RunOverrides = {};
  if (options.duration !== undefined) {
    const durationMs = parseDuration(options.duration);
    if (durationMs === undefined || durationMs <= 0) {
      throw new KbenchError('usage', `--duration expects a duration such as 30s or 5m, got "${options.duration}"`);
    }
    if (durationMs > MAX_DURATION_OPTION_MS) {
      throw new KbenchError('usage', `--duration expects at most 24 days (${MAX_DURATION_OPTION_MS} ms, the longest timer Node.js keeps), got "${options.duration}"`);
    }
    overrides.durationMs = durationMs;
  }
  if (options.client !== undefined) {
    if (!(CLIENT_NAMES as readonly string[]).includes(options.client)) {
      throw new KbenchError('usage', `--client expects ${CLIENT_NAMES.join(' or ')}, got "${options.client}"`);
    }
    overrides.client = options.client as ClientName;
  }
  if (options.brokers !== undefined) {
    const brokers = options.brokers.split(',').map((b) => b.trim()).filter(Boolean);
    const bad = brokers.filter((b) => !isHostPort(b));
    if (brokers.length === 0 || bad.length > 0) {
      throw new KbenchError('usage', `--brokers expects host:port[,host:port…], got "${options.brokers}"`);
    }
    overrides.brokers = brokers;
  }
  const security = parseSecurityOptions(options);
  if (security.tls !== undefined || security.sasl !== undefined) overrides.security = security;
  if (options.cluster !== undefined) {
    if (!(CLUSTER_PROVIDERS as readonly string[]).includes(options.cluster)) {
      throw new KbenchError('usage', `--cluster expects ${CLUSTER_PROVIDERS.join(' or ')}, got "${options.cluster}"`, {
        hint: 'for an existing cluster, pass its bootstrap servers with --brokers host:port',
      });
    }
    overrides.clusterProvider = options.cluster as ClusterProvider;
  }
  const ksql = parseKsqlOptions(options);
  if (ksql !== undefined) overrides.ksql = ksql;
  if (options.keepTopic === true) overrides.keepTopic = true;
  if (options.recreateTopic === true) overrides.recreateTopic = true;
  if (options.clusterWarmup !== undefined) overrides.clusterWarmupMode = parseWarmupMode(options.clusterWarmup, '--cluster-warmup');
  const fromEnvironment = process.env.KBENCH_CLUSTER_WARMUP;
  if (fromEnvironment !== undefined && fromEnvironment !== '') overrides.defaultClusterWarmupMode = parseWarmupMode(fromEnvironment, 'KBENCH_CLUSTER_WARMUP');
  // Producers spread over every core unless the file or --workers says otherwise.
  overrides.defaultWorkers = Math.min(availableParallelism(), MAX_WORKERS);
  if (options.workers !== undefined) {
    const workers = Number(options.workers);
    if (!Number.isInteger(workers) || workers < 1 || workers > MAX_WORKERS) {
      throw new KbenchError('usage', `--workers expects a whole number from 1 to ${MAX_WORKERS}, got "${options.workers}"`);
    }
    overrides.workers = workers;
  }
  return overrides;
}

/** `host:port` or `[IPv6]:port` with a port from 1 to 65535, as `cluster.brokers` takes them. */
function isHostPort(text: string): boolean {
  const port = /^(?:\[[0-9A-Fa-f:.]+\]|[^\s:,[\]]+):(\d{1,5})$/.exec(text)?.[1];
  return port !== undefined && Number(port) >= 1 && Number(port) <= 65_535;
}

function parseWarmupMode(text: string, source: string): ClusterWarmupMode {
  if (!(CLUSTER_WARMUP_MODES as readonly string[]).includes(text)) {
    throw new KbenchError('usage', `${source} expects ${CLUSTER_WARMUP_MODES.join(', ')}, got "${text}"`);
  }
  return text as ClusterWarmupMode;
}

/** Loads, validates and resolves a scenario file with the command line's overrides. */
export async function loadPlan(scenarioPath: string, options: PlanOptions): Promise<Plan> {
  const overrides = parseOverrides(options);
  const steps = (options.step ?? []).map(parseStepOption);
  const { scenario, file } = await loadScenario(scenarioPath);
  return resolveScenario(withSteps(scenario, steps), file, overrides);
}
