/**
 * `kbench clients [scenario …] [--clients a,b] [--repeat N]`: every scenario (default: every file
 * of scenarios/clients/) with every registered client, interleaved and repeated on one warm
 * cluster, written as one bundle (JSON + HTML) with a summary table (src/clientbench/).
 */
import { readdirSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, platform, release, arch, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { buildClientBenchBundle } from '../clientbench/clientbench-bundle.js';
import { clientBenchItems, clientBenchOrder, DEFAULT_CLIENTS_REPEAT } from '../clientbench/clientbench-order.js';
import type { ClientBenchMachine, ClientBenchScenario } from '../clientbench/clientbench-types.js';
import { renderClientBenchSummary } from '../clientbench/render-clientbench-console.js';
import { renderClientBenchHtml } from '../clientbench/render-clientbench-html.js';
import { assertOneCluster, itemLabel, runClientBench } from '../clientbench/run-clientbench.js';
import { CLIENT_NAMES, type ClientName } from '../clients/client-registry.js';
import { ExitCode, KbenchError, isKbenchError } from '../errors.js';
import { PROJECT_ROOT } from '../paths.js';
import { formatDurationMs } from '../report/console-format.js';
import { defaultReportPath, htmlPathFor, writeTextAtomically } from '../report/write-report.js';
import { loadScenario } from '../scenario/load-scenario.js';
import type { Plan } from '../scenario/plan-types.js';
import { maskSecrets, planSecrets } from '../scenario/redact-secrets.js';
import { resolveScenario } from '../scenario/resolve-scenario.js';
import type { ScenarioInput } from '../scenario/scenario-types.js';
import { estimateRemainingMs } from '../sweep/run-sweep.js';
import { MAX_SWEEP_REPEAT } from '../sweep/sweep-order.js';
import { parseDuration } from '../util/durations.js';
import { useColor } from './live-output.js';
import { assertWritableOutput } from './output-paths.js';
import { MAX_DURATION_OPTION_MS, parseOverrides, type PlanOptions } from './plan-options.js';
import { seriesConsole, withRunConsole } from './run-console.js';
import { registerSecurityOptions, type SecurityOptions } from './security-options.js';

/** Where the client scenarios live, relative to the project. */
export const CLIENT_SCENARIOS_DIR = join('scenarios', 'clients');

interface ClientsCommandOptions extends Pick<PlanOptions, 'duration' | 'brokers' | 'cluster' | 'clusterWarmup' | 'workers'>, SecurityOptions {
  clients?: string;
  repeat?: string;
  warmup?: string;
  report?: string;
}

export function registerClientsCommand(program: Command): void {
  const command = program
    .command('clients')
    .description('compare the Kafka clients: every client scenario with every registered client, interleaved and repeated on one warm cluster; one bundle (JSON + HTML) and a table of medians')
    .argument('[scenarios...]', `scenario files (default: every file of ${CLIENT_SCENARIOS_DIR}/)`);
  registerSecurityOptions(command)
    .option('--clients <list>', `clients to compare, comma-separated (default: every registered one: ${CLIENT_NAMES.join(', ')})`)
    .option('--repeat <rounds>', `rounds over every scenario × client, each in the reverse order of the one before (default ${DEFAULT_CLIENTS_REPEAT})`)
    .option('-d, --duration <time>', "measured duration of every run, overriding the scenarios' (e.g. 20s)")
    .option('--warmup <time>', "each run's own unmeasured warm-up, overriding the scenarios' (e.g. 5s)")
    .option('-b, --brokers <list>', 'bootstrap servers of an existing cluster (comma-separated) instead of an embedded one')
    .option('--cluster <provider>', "start the cluster this way, overriding the scenarios' (embedded or testcontainers)")
    .option('--cluster-warmup <mode>', 'warm a freshly started cluster up before the first run: auto, always or off (default auto, or $KBENCH_CLUSTER_WARMUP)')
    .option('-w, --workers <count>', 'number of producer workers')
    .option('-r, --report <path>', 'where to write the JSON bundle (default: reports/clients-<time>.json; the HTML page next to it)')
    .action(async (scenarioArgs: string[], options: ClientsCommandOptions) => {
      const clients = parseClients(options.clients);
      const repeat = parseRepeat(options.repeat);
      const warmup = parseWarmup(options.warmup);
      const overrides = parseOverrides(options);
      const paths = scenarioArgs.length > 0 ? scenarioArgs : defaultScenarioPaths();
      const loaded = await Promise.all(paths.map((path) => loadScenario(path)));
      const items = clientBenchItems(loaded.length, clients);
      const scenarioNames = loaded.map(({ scenario }) => scenario.name);
      const plans: Plan[] = items.map((item) => {
        const { scenario, file } = loaded[item.scenario] as { scenario: ScenarioInput; file: string };
        try {
          return resolveScenario(warmup === undefined ? scenario : { ...scenario, warmup }, file, { ...overrides, client: item.client as ClientName });
        } catch (error) {
          if (!isKbenchError(error)) throw error;
          throw new KbenchError(error.kind, `${itemLabel(item, scenarioNames)}: ${error.message}`, { details: error.details, ...(error.hint ? { hint: error.hint } : {}) });
        }
      });
      assertOneCluster(plans, items, scenarioNames);
      const order = clientBenchOrder(items, repeat);
      const plannedPath = options.report ?? defaultReportPath(join(PROJECT_ROOT, 'reports'), 'clients', new Date().toISOString());
      assertWritableOutput('the clients bundle', plannedPath, paths);
      assertWritableOutput('the clients page', htmlPathFor(plannedPath), paths);
      const scenarios: ClientBenchScenario[] = loaded.map(({ scenario, file }, index) => ({
        index,
        name: scenario.name,
        file: relative(PROJECT_ROOT, file) || file,
        description: scenario.description ?? '',
      }));
      const secrets = plans.flatMap(planSecrets);
      const startedAt = new Date();
      const loadAtStart = loadavg();
      const outcome = await withRunConsole({ secrets, firstInterrupt: 'stopping the comparison after the current run is stopped' }, (terminal) => {
        terminal.live.log(
          `clients ${clients.join(', ')}: ${loaded.length} scenarios × ${clients.length} clients × ${repeat} ${repeat === 1 ? 'round' : 'rounds'} = ${order.length} runs, interleaved on one cluster (about ${formatDurationMs(estimateRemainingMs(plans, order.map(({ sequence, round, item }) => ({ sequence, round, variant: item })), 0, []))})`,
        );
        return runClientBench({
          plans,
          items,
          scenarioNames,
          order,
          rounds: repeat,
          ...seriesConsole(terminal, (progress) => `${progress.variant.label} · about ${formatDurationMs(progress.remainingMs)} left`),
        });
      });
      const bundle = buildClientBenchBundle({
        status: outcome.status,
        ...(outcome.failure === undefined ? {} : { failure: maskSecrets(outcome.failure, secrets) }),
        startedAt: startedAt.toISOString(),
        endedAt: new Date().toISOString(),
        repeat,
        clients,
        scenarios,
        items,
        order,
        runs: outcome.runs,
        machine: machine(loadAtStart),
      });
      const bundlePath = options.report ?? defaultReportPath(join(PROJECT_ROOT, 'reports'), 'clients', startedAt);
      writeTextAtomically(`${JSON.stringify(bundle, null, 2)}\n`, bundlePath);
      const htmlPath = htmlPathFor(bundlePath);
      writeTextAtomically(renderClientBenchHtml(bundle), htmlPath);
      process.stdout.write(renderClientBenchSummary(bundle, { color: useColor() }));
      process.stdout.write(`clients bundle: ${bundlePath}\nhtml page: ${htmlPath}\n`);
      if (outcome.status === 'aborted') process.exitCode = ExitCode.interrupted;
      if (outcome.status === 'failed') throw new KbenchError('cluster', outcome.failure ?? 'a run of the comparison failed', { details: [`partial bundle: ${bundlePath}`] });
    });
}

/** Every scenario file of scenarios/clients/, by name. */
function defaultScenarioPaths(): string[] {
  const dir = join(PROJECT_ROOT, CLIENT_SCENARIOS_DIR);
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.ts')).sort();
  } catch {
    names = [];
  }
  if (names.length === 0) throw new KbenchError('usage', `no scenario given and none found in ${dir}`, { hint: 'name scenario files: kbench clients scenarios/acks-1.ts' });
  return names.map((name) => join(dir, name));
}

/** `--clients a,b`: registered names, each once, in the order given; default every registered client. */
export function parseClients(text: string | undefined): ClientName[] {
  if (text === undefined) return [...CLIENT_NAMES];
  const names = [...new Set(text.split(',').map((name) => name.trim()).filter(Boolean))];
  const unknown = names.filter((name) => !(CLIENT_NAMES as readonly string[]).includes(name));
  if (names.length === 0 || unknown.length > 0) throw new KbenchError('usage', `--clients expects a comma-separated list of ${CLIENT_NAMES.join(', ')}, got "${text}"`);
  return names as ClientName[];
}

function parseRepeat(text: string | undefined): number {
  if (text === undefined) return DEFAULT_CLIENTS_REPEAT;
  const repeat = Number(text);
  if (!Number.isInteger(repeat) || repeat < 1 || repeat > MAX_SWEEP_REPEAT) throw new KbenchError('usage', `--repeat expects a whole number from 1 to ${MAX_SWEEP_REPEAT}, got "${text}"`);
  return repeat;
}

function parseWarmup(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const ms = parseDuration(text);
  if (ms === undefined || ms < 0 || ms > MAX_DURATION_OPTION_MS) throw new KbenchError('usage', `--warmup expects a duration such as 5s, got "${text}"`);
  return text;
}

function machine(loadAtStart: number[]): ClientBenchMachine {
  return {
    cpuModel: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    totalMemoryBytes: totalmem(),
    platform: platform(),
    osRelease: release(),
    arch: arch(),
    nodeVersion: process.version,
    loadAverage: { atStart: loadAtStart, atEnd: loadavg() },
  };
}
