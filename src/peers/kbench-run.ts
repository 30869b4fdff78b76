/**
 * Runs one kbench scenario in this process, the way `kbench run` does (validate, resolve, run),
 * against the peers cluster's brokers.
 */
import { join } from 'node:path';
import { KbenchError } from '../errors.js';
import { PROJECT_ROOT } from '../paths.js';
import type { KbenchReport } from '../report/report-types.js';
import { runScenario } from '../runner/run-scenario.js';
import { resolveScenario } from '../scenario/resolve-scenario.js';
import type { ScenarioInput } from '../scenario/scenario-types.js';
import { validateScenario } from '../scenario/validate-scenario.js';

/** Where the scenarios built in code say they come from (reports show it). */
const SCENARIO_SOURCE = join(PROJECT_ROOT, 'src', 'peers', 'kbench-scenarios.ts');

export interface KbenchRunOptions {
  /** Aborting stops the run early (it then fails). */
  signal: AbortSignal;
  /** kbench's own progress and warning lines. */
  log: (line: string) => void;
  /** Receives the client library versions the run reports. */
  versions?: Record<string, string>;
}

/** Runs `scenario` to its end; throws unless the run completed. */
export async function runKbenchScenario(scenario: ScenarioInput, options: KbenchRunOptions): Promise<KbenchReport> {
  const issues = validateScenario(scenario);
  if (issues.length > 0) {
    throw new KbenchError('usage', `invalid peers scenario ${scenario.name}`, { details: issues.map((issue) => `${issue.path}: ${issue.message}`) });
  }
  const plan = resolveScenario(scenario, SCENARIO_SOURCE);
  // One signal per run: the runner listens on it for good, and a peers run makes dozens of runs.
  const interrupt = new AbortController();
  const forward = (): void => interrupt.abort();
  if (options.signal.aborted) interrupt.abort();
  options.signal.addEventListener('abort', forward, { once: true });
  let report: KbenchReport;
  try {
    report = await runScenario(plan, { interrupt: interrupt.signal, observer: { log: options.log, onSecond: () => {} } });
  } finally {
    options.signal.removeEventListener('abort', forward);
  }
  if (options.versions) Object.assign(options.versions, report.environment.clientVersions);
  if (report.status !== 'completed') throw new Error(`kbench run ${report.status}: ${report.failure?.message ?? 'no reason given'}`);
  return report;
}
