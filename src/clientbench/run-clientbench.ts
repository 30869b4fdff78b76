/**
 * Runs the comparison: every scenario × client plan on one cluster, in the interleaved order of
 * `clientbench-order.ts`, through the sweep's runner (`runSweep`: one `RunSession`, acquired once,
 * the first run warms the cluster and later ones find it warm; progress and time left; an
 * interrupt stops after the current run). Each pair is a sweep "variant" labelled
 * `<scenario> · <client>`.
 */
import { KbenchError } from '../errors.js';
import type { Plan } from '../scenario/plan-types.js';
import { runSweep, type RunSweepOptions, type SweepOutcome } from '../sweep/run-sweep.js';
import type { SweepVariant } from '../sweep/sweep-grid.js';
import type { ClientBenchItem, ClientBenchScheduledRun } from './clientbench-order.js';

/** The sweep's options, with the pairs and their interleaved order in place of variants. */
export interface RunClientBenchOptions extends Omit<RunSweepOptions, 'variants' | 'order'> {
  items: readonly ClientBenchItem[];
  scenarioNames: readonly string[];
  order: readonly ClientBenchScheduledRun[];
}

/** The label of a pair: `<scenario> · <client>`. */
export function itemLabel(item: ClientBenchItem, scenarioNames: readonly string[]): string {
  return `${scenarioNames[item.scenario] ?? `scenario ${item.scenario + 1}`} · ${item.client}`;
}

/** Each pair as a sweep variant (coordinates: scenario, then the client's place among the pairs of its scenario). */
export function itemVariants(items: readonly ClientBenchItem[], scenarioNames: readonly string[]): SweepVariant[] {
  return items.map((item) => ({
    index: item.index,
    coordinates: [item.scenario, items.filter((other) => other.scenario === item.scenario && other.index < item.index).length],
    values: [scenarioNames[item.scenario] ?? String(item.scenario), item.client],
    label: itemLabel(item, scenarioNames),
  }));
}

/**
 * Every run uses the cluster of the first plan, so every plan must name the same one: a usage
 * error naming the first scenario that differs.
 */
export function assertOneCluster(plans: readonly Plan[], items: readonly ClientBenchItem[], scenarioNames: readonly string[]): void {
  const first = plans[0];
  if (first === undefined) return;
  const expected = JSON.stringify(first.cluster);
  plans.forEach((plan, index) => {
    if (JSON.stringify(plan.cluster) === expected) return;
    const item = items[index];
    throw new KbenchError('usage', `every scenario of a client comparison runs on one cluster, but ${item ? itemLabel(item, scenarioNames) : plan.name} asks for another cluster than ${scenarioNames[0] ?? first.name}`, {
      details: [`${scenarioNames[0] ?? first.name}: ${expected}`, `${plan.name}: ${JSON.stringify(plan.cluster)}`],
      hint: 'give the scenarios the same cluster section, or pass --brokers for an existing cluster',
    });
  });
}

export function runClientBench(options: RunClientBenchOptions): Promise<SweepOutcome> {
  return runSweep({
    plans: options.plans,
    variants: itemVariants(options.items, options.scenarioNames),
    order: options.order.map(({ sequence, round, item }) => ({ sequence, round, variant: item })),
    rounds: options.rounds,
    observer: options.observer,
    onProgress: options.onProgress,
    log: options.log,
    ...(options.interrupt ? { interrupt: options.interrupt } : {}),
    ...(options.registerEmergencyStop ? { registerEmergencyStop: options.registerEmergencyStop } : {}),
  });
}
