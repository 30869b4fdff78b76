/**
 * Builds the `kbench clients` bundle from the runs: per scenario × client each run's figures and
 * checks, the medians over rounds, the sweep's merged figures (HDR histograms added), the
 * clients' library versions and the method. Pure.
 */
import { mergeFigures } from '../sweep/sweep-bundle.js';
import type { KbenchReport } from '../report/report-types.js';
import { CLIENT_FIGURES, CLIENT_FIGURE_IDS, cellFigure, checkRun, runFigures } from './clientbench-figures.js';
import type { ClientBenchItem, ClientBenchScheduledRun } from './clientbench-order.js';
import {
  CLIENTS_BUNDLE_KIND,
  CLIENTS_BUNDLE_SCHEMA_VERSION,
  type ClientBenchBundle,
  type ClientBenchCell,
  type ClientBenchMachine,
  type ClientBenchRun,
  type ClientBenchScenario,
  type ClientCellFigure,
  type ClientFigureId,
} from './clientbench-types.js';

/** A run done, as `runSweep` returns it (`variant`: the item's index). */
export interface ClientBenchRunDone {
  sequence: number;
  round: number;
  variant: number;
  wallMs: number;
  report: KbenchReport;
}

export interface ClientBenchInput {
  status: ClientBenchBundle['status'];
  failure?: string;
  startedAt: string;
  endedAt: string;
  repeat: number;
  clients: readonly string[];
  scenarios: readonly ClientBenchScenario[];
  items: readonly ClientBenchItem[];
  order: readonly ClientBenchScheduledRun[];
  runs: readonly ClientBenchRunDone[];
  machine: ClientBenchMachine;
}

export function buildClientBenchBundle(input: ClientBenchInput): ClientBenchBundle {
  const cells = input.items.map((item) => buildCell(item, input.runs.filter((run) => run.variant === item.index)));
  const reports = [...input.runs].sort((a, b) => a.sequence - b.sequence).map((run) => run.report);
  const first = reports[0];
  return {
    kind: CLIENTS_BUNDLE_KIND,
    schemaVersion: CLIENTS_BUNDLE_SCHEMA_VERSION,
    status: input.status,
    ...(input.failure === undefined ? {} : { failure: input.failure }),
    startedAt: input.startedAt,
    endedAt: input.endedAt,
    repeat: input.repeat,
    clients: input.clients.map((name) => {
      const report = reports.find((one) => one.environment.client === name);
      return { name, versions: report?.environment.clientVersions ?? {}, workerHost: report?.workers[0]?.host ?? null };
    }),
    scenarios: [...input.scenarios],
    order: input.order.map(({ sequence, round, scenario, client }) => ({ sequence, round, scenario, client })),
    method: {
      sameCluster: true,
      cluster: {
        source: first?.environment.clusterSource ?? 'unknown',
        brokers: first?.environment.brokerCount ?? null,
        kafkaVersion: first?.environment.kafkaVersion ?? null,
      },
      warm: warmText(first),
      interleaved: true,
      rounds: input.repeat,
      order: 'scenario by scenario, every client of a scenario in turn; each round in the reverse order of the one before (forward, reversed, forward…), so a slow drift of the machine weighs on every client alike',
      machine: input.machine,
      notes: methodNotes(),
    },
    figureDefinitions: [...CLIENT_FIGURES],
    cells,
  };
}

function buildCell(item: ClientBenchItem, done: readonly ClientBenchRunDone[]): ClientBenchCell {
  const runs: ClientBenchRun[] = [...done]
    .sort((a, b) => a.sequence - b.sequence)
    .map((run) => ({ sequence: run.sequence, round: run.round, wallMs: run.wallMs, ...checkRun(run.report), ...runFigures(run.report), report: run.report }));
  const figures = Object.fromEntries(CLIENT_FIGURE_IDS.map((id) => [id, cellFigure(runs, id)])) as Record<ClientFigureId, ClientCellFigure>;
  return {
    scenario: item.scenario,
    client: item.client,
    runs,
    countedRuns: runs.filter((run) => run.counted).length,
    figures,
    merged: mergeFigures(runs.map((run) => run.report)),
    flags: runs.length === 0 ? ['no run of this pair was done'] : runs.filter((run) => !run.counted).map((run) => `run ${run.sequence + 1} (round ${run.round + 1}): ${run.problems.join('; ')}`),
  };
}

function warmText(first: KbenchReport | undefined): string {
  if (first === undefined) return 'no run was done';
  const warmup = first.clusterWarmup;
  const outcome = warmup === undefined ? 'no cluster warm-up record' : `cluster warm-up ${warmup.outcome}: ${warmup.reason}`;
  return `the first run (${first.scenario.name}, ${first.environment.client}) acquired the cluster (${outcome}); every later run found it as warm as the runs before left it, and each run has its own unmeasured warm-up`;
}

/** What a reader must know to read the table right. */
export function methodNotes(): string[] {
  return [
    'Every run is a full kbench run of the scenario with the client overridden; nothing else differs between the clients of a scenario (same plan, same topic layout, the topic recreated before each run).',
    'Each figure is the median over the rounds of the runs that count: completed, kept up with the offered load (saturation verdict kept-up, or unthrottled for a closed loop) and with no invalid validity finding other than a generator-bound one (here the load generator is the client under test). A pair with no counted run shows the median of every run, marked ⚠; each run\'s own value is in the bundle and on the page.',
    'Latencies come from the runs\' exact HDR histograms: produce response time from each message\'s intended send time (free of coordinated omission), end to end from the intended send time to consumption. The bundle also holds every pair\'s histograms merged over its rounds (`merged`).',
    'CPU per message: a client whose load workers are child processes (clients[].workerHost "process", e.g. one with a native library) is charged its whole process, native threads included; one whose workers are threads is charged its thread. Peak RSS is kbench\'s processes together (the runner, which hosts worker threads, plus worker processes), the same sum whatever hosts a client.',
    'Consumer throughput: in a scenario whose group builds a backlog (paused with the client\'s pause(), staying in the group), consumed/s is the catch-up drain rate, the consumer reading a prefilled log as fast as it can; elsewhere it is the mean over the measured seconds, which equals the offered rate when the consumer keeps up.',
  ];
}
