/**
 * How busy the embedded brokers' JIT compilers are, second by second: the CPU of each broker
 * JVM's compiler threads (from /proc). A JVM that has just started spends a large share of the
 * machine compiling its hot code; once that is done its compiler threads go quiet — the most
 * direct sign that the brokers have warmed up.
 */
import type { EmbeddedCluster } from '../cluster/embedded-cluster.js';
import { readJitCompilerCpuUs } from '../metrics/proc-stat.js';

export class JitSampler {
  private readonly previous = new Map<number, { pid: number; cpuUs: number }>();

  constructor(private readonly cluster: Pick<EmbeddedCluster, 'nodeStatuses'>) {}

  /** Takes the baselines. */
  start(): void {
    this.sample();
  }

  /**
   * The compiler threads' CPU of the busiest broker since the previous call, ms; null when no
   * broker could be read (a restarted node counts from its new start).
   */
  sample(): number | null {
    let busiestMs: number | null = null;
    for (const { nodeId, pid } of this.cluster.nodeStatuses()) {
      if (pid <= 0) continue;
      const cpuUs = readJitCompilerCpuUs(pid);
      if (cpuUs === undefined) continue;
      const before = this.previous.get(nodeId);
      this.previous.set(nodeId, { pid, cpuUs });
      if (before === undefined || before.pid !== pid) continue;
      busiestMs = Math.max(busiestMs ?? 0, (cpuUs - before.cpuUs) / 1000);
    }
    return busiestMs;
  }
}
