/**
 * Several runs on one cluster (find-max steps, sweep variants): the cluster is acquired once, as
 * the first plan says (embedded, containers, `kbench cluster start`'s, or external brokers), the
 * cluster warm-up runs with the first run only (as its plan says), and every later run finds the
 * cluster warm. Closing releases the cluster if the session started it.
 */
import type { AcquiredCluster } from '../cluster/acquire-cluster.js';
import type { KbenchReport } from '../report/report-types.js';
import type { ClusterWarmupReport } from '../report/validity-types.js';
import type { Plan } from '../scenario/plan-types.js';
import { acquirePlanCluster } from './plan-cluster.js';
import { runScenario, type RunScenarioOptions } from './run-scenario.js';

export type SessionRunOptions = Omit<RunScenarioOptions, 'cluster'>;

export class RunSession {
  private runs = 0;
  /** What later runs say of the cluster's warmth: the first run's cluster warm-up, in words. */
  private warmedEarlier = 'warmed by the first run of this session';

  private constructor(private readonly cluster: AcquiredCluster) {}

  /** Acquires the cluster `plan` names (its node count, broker settings, or brokers with their TLS and SASL). */
  static async open(plan: Plan, log: (line: string) => void): Promise<RunSession> {
    const cluster = await acquirePlanCluster(plan, log);
    return new RunSession(cluster);
  }

  /** The cluster every run of the session uses. */
  get acquired(): AcquiredCluster {
    return this.cluster;
  }

  /**
   * One run on the session's cluster. The first follows its plan's `clusterWarmup`; later ones
   * skip the cluster warm-up (the cluster is as warm as the first left it). The plan's own
   * `warmup` (its load before measuring) runs every time.
   */
  async run(plan: Plan, options: SessionRunOptions): Promise<KbenchReport> {
    const first = this.runs === 0;
    this.runs += 1;
    if (!first) {
      const laterPlan: Plan = { ...plan, clusterWarmup: { ...plan.clusterWarmup, mode: 'off' } };
      return runScenario(laterPlan, { ...options, cluster: { ...this.cluster, startedInMs: undefined, warmedEarlier: this.warmedEarlier } });
    }
    const report = await runScenario(plan, { ...options, cluster: this.cluster });
    this.warmedEarlier = sessionWarmth(report.clusterWarmup);
    return report;
  }

  /** Releases the cluster when the session started it (a run-scoped embedded cluster, containers); leaves others alone. */
  async close(): Promise<void> {
    await this.cluster.release();
  }
}

/** Why a later run of a session needs no cluster warm-up: what the first run's warm-up did. */
function sessionWarmth(warmup: ClusterWarmupReport | undefined): string {
  const prefix = 'the cluster is shared by the runs of this session and was warmed by its first run';
  if (warmup === undefined) return prefix;
  if (warmup.outcome === 'settled') return `${prefix} (settled after ${(warmup.durationMs / 1000).toFixed(0)} s of load)`;
  if (warmup.outcome === 'not-settled') return `${prefix}, whose warm-up did not settle (${warmup.reason})`;
  return `the cluster is shared by the runs of this session; its first run had no warm-up (${warmup.reason})`;
}
