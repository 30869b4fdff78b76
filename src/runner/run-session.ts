/**
 * Several runs on one cluster (find-max steps, sweep variants): the cluster is acquired once, as
 * the first plan says (embedded, containers, `kbench cluster start`'s, or external brokers), the
 * cluster warm-up runs with the first run only (as its plan says), and every later run finds the
 * cluster warm. Closing releases the cluster if the session started it.
 */
import type { AcquiredCluster } from '../cluster/acquire-cluster.js';
import type { KbenchReport } from '../report/report-types.js';
import type { Plan } from '../scenario/plan-types.js';
import { acquirePlanCluster } from './plan-cluster.js';
import { runScenario, type RunScenarioOptions } from './run-scenario.js';

export type SessionRunOptions = Omit<RunScenarioOptions, 'cluster'>;

export class RunSession {
  private runs = 0;

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
    const sessionPlan: Plan = first ? plan : { ...plan, clusterWarmup: { ...plan.clusterWarmup, mode: 'off' } };
    const cluster: AcquiredCluster = first ? this.cluster : { ...this.cluster, startedInMs: undefined };
    return runScenario(sessionPlan, { ...options, cluster });
  }

  /** Releases the cluster when the session started it (a run-scoped embedded cluster, containers); leaves others alone. */
  async close(): Promise<void> {
    await this.cluster.release();
  }
}
