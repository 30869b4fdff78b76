/**
 * The report sections that say whether a run's figures describe the system under test in a
 * steady state: the cluster warm-up before the run, the saturation verdict (did the system keep
 * up with the offered load?), resource use and its bottleneck verdict, and the `validity`
 * summary that puts them together. Plain data, part of the versioned report (schema 2).
 */
import type { ClientName } from '../clients/client-adapter.js';

/** One second of the cluster warm-up. */
export interface WarmupSecond {
  /** Seconds since the warm-up load started, 0-based. */
  second: number;
  /** Messages the warm-up schedule intended this second. */
  offeredPerSec: number;
  ackedPerSec: number;
  /** Service time (send → ack) of this second's acknowledgements, median and 99th percentile; null when there was none. */
  produceP50Ms: number | null;
  produceP99Ms: number | null;
  /** CPU time of the busiest broker's JIT compiler threads this second, ms; null when unknown (external brokers). */
  jitCpuMs: number | null;
  /** Messages sent and not yet acknowledged at the end of the second. */
  inFlight: number;
}

/**
 * The cluster warm-up: on a cluster kbench has just started (run-scoped, or a persistent one no
 * run has used yet), kbench runs an unmeasured load on a topic of its own until the brokers'
 * per-second figures are stable, before the scenario's own warm-up and measured phase.
 */
export interface ClusterWarmupReport {
  /**
   * `settled`: the warm-up load ran until the stability rule held; `not-settled`: its time bound
   * came first, so the run's figures may still describe a warming cluster; `skipped`: no warm-up
   * ran (`reason` says why: asked for, an external cluster, a cluster already warmed by a run).
   */
  outcome: 'settled' | 'not-settled' | 'skipped';
  /** One sentence: what ran, or why nothing did. */
  reason: string;
  /** How long the embedded cluster took to start for this run, ms; null when the run did not start it. */
  clusterStartMs: number | null;
  /** How long the warm-up load ran, ms (0 when skipped). */
  durationMs: number;
  /** The time bound of the warm-up, ms. */
  boundMs: number;
  /** The warm-up load; null when skipped. */
  load: { client: ClientName; ratePerSec: number; acks: 0 | 1 | 'all'; sizeBytes: number; partitions: number } | null;
  /** The stability rule, in words. */
  criterion: string;
  /** Per second of the warm-up load. */
  seconds: WarmupSecond[];
}

/**
 * Did the system keep up with the load offered to it during the measured seconds?
 * `kept-up`: acknowledged ≈ offered, in-flight and consumer lag bounded; `saturated`: it did not
 * (latencies then include queueing behind the backlog, not only service time); `unthrottled`:
 * the scenario offers as much as it can (no offered rate: the throughput is the capacity and the
 * latencies are queueing time by design); `no-load`: no producer ran or no second was measured.
 */
export type SaturationVerdict = 'kept-up' | 'saturated' | 'unthrottled' | 'no-load';

export interface ConsumerSaturation {
  groupId: string;
  /** Slope of the group's lag over the measured seconds, messages per second (least squares). */
  lagGrowthPerSec: number;
  /** The group's lag at the end of the measured phase. */
  lagAtEnd: number;
  /** False when the lag grew steadily (the group consumed less than was produced). */
  keptUp: boolean;
  /**
   * The group was paused on purpose (scenario `backlog`): its lag grew from `fromSecond` until it
   * caught up at `toSecond`; those seconds are not held against it, only never catching up is.
   */
  deliberateBacklog?: { fromSecond: number; toSecond: number | null; caughtUp: boolean };
}

export interface SaturationReport {
  verdict: SaturationVerdict;
  /** Mean messages per second the schedule offered over the measured seconds (sent + not attempted); null for unthrottled load. */
  offeredPerSec: number | null;
  /** Mean messages per second acknowledged over the measured seconds: the rate the system sustained. */
  sustainedPerSec: number;
  /** Acknowledged ÷ offered over the measured seconds; null for unthrottled load. */
  ackedToOfferedRatio: number | null;
  /** Slope of the messages in flight over the measured seconds, per second (least squares). */
  inFlightGrowthPerSec: number;
  /** Messages due in the measured seconds but never sent (in-flight bound, full client queue). */
  notAttempted: number;
  /** Measured seconds in which fewer than 90 % of the offered messages were acknowledged or some were not attempted. */
  saturatedSeconds: number;
  measuredSeconds: number;
  consumers: ConsumerSaturation[];
  /** Why the verdict is what it is, one sentence each (empty when the system kept up). */
  reasons: string[];
}

/** What a sampled process is to the run. */
export type ProcessRole = 'runner' | 'producer-worker' | 'consumer-worker' | 'worker' | 'broker';

/**
 * CPU and memory of one process (or worker thread), over the measured seconds (over every
 * sampled second when none was measured).
 */
export interface ProcessUsage {
  /** Stable key, used in `ResourceSecond.cpuPct`: `runner`, `worker-3`, `broker-2`. */
  key: string;
  role: ProcessRole;
  /** OS process id; for a worker thread, the process that hosts it (the runner's); for a restarted broker, its latest. */
  pid: number | null;
  /**
   * `process`: the whole process (all its threads: a child-process worker's includes the client's
   * native threads); `thread`: one worker thread's own CPU. `runner` is the runner's process minus
   * its worker threads' CPU (its main thread, libuv pool, GC and compiler threads).
   */
  scope: 'process' | 'thread';
  /** CPU time (user + system) over the summarised seconds, ms. */
  cpuMs: number;
  /** Mean and highest CPU use per second, in % of one core (200 % = two cores busy). */
  cpuPctMean: number;
  cpuPctMax: number;
  /** Highest resident memory seen, bytes; null when not sampled (worker threads: their memory is the runner's process's). */
  rssMaxBytes: number | null;
  /** Workers: the highest V8 heap in use seen (a thread's own heap), bytes; null otherwise. */
  heapUsedMaxBytes: number | null;
  /**
   * Workers: the highest per-second 99th percentile of the event loop's delay, and the highest
   * delay, ms (perf_hooks `monitorEventLoopDelay`, its 10 ms timer resolution subtracted); null otherwise.
   */
  eventLoopDelayP99Ms: number | null;
  eventLoopDelayMaxMs: number | null;
  /** Workers: mean fraction of time the event loop was busy (0–1, `performance.eventLoopUtilization`); null otherwise. */
  eventLoopUtilization: number | null;
  /**
   * Embedded brokers: the CPU of the JVM's JIT compiler threads (part of `cpuPct…`), mean and
   * highest per second, % of one core — a broker still compiling its code is not in a steady
   * state; null otherwise (and absent in reports written before it was sampled).
   */
  jitCpuPctMean?: number | null;
  jitCpuPctMax?: number | null;
}

/** One second of resource use. */
export interface ResourceSecond {
  /** Seconds since the run started (timeline seconds). */
  second: number;
  /** Busy share of all cores of the machine (100 % = every core busy; total − idle − iowait − steal), from /proc/stat; null where unknown. */
  machineBusyPct: number | null;
  /** Time the hypervisor gave this machine's cores to someone else, % of all cores; null where unknown. */
  stealPct: number | null;
  /** CPU use by process key, % of one core; a process without a reading that second is left out. */
  cpuPct: Record<string, number>;
  /** Workers' event-loop delay p99 this second, ms, by process key. */
  eventLoopDelayP99Ms: Record<string, number>;
}

/**
 * Which part of the setup limited the run: `healthy` (nothing was near its limit),
 * `generator-bound` (a load worker's thread was pegged: kbench itself could not drive more),
 * `brokers-saturated` (the embedded brokers used the cores while the generator had headroom),
 * `machine-saturated` (load generator and brokers competed for the same cores), `unknown`
 * (not enough samples).
 */
export type BottleneckVerdict = 'healthy' | 'generator-bound' | 'brokers-saturated' | 'machine-saturated' | 'unknown';

export interface ResourceUsageReport {
  verdict: BottleneckVerdict;
  /** The figures behind the verdict, one sentence each. */
  reasons: string[];
  /** Logical cores of the machine. */
  cores: number;
  /** Measured seconds with resource samples: what the verdict, `machine`, `processes` and `cpuUsPerMessage` cover. */
  measuredSeconds: number;
  /** Machine-wide busy and steal shares over the measured seconds; null where /proc/stat is not readable. */
  machine: { busyPctMean: number; busyPctMax: number; stealPctMean: number } | null;
  processes: ProcessUsage[];
  /**
   * CPU time of the producer workers per message acknowledged, and of the consumer workers per
   * message consumed, over the measured seconds, µs; null without such workers or messages.
   */
  cpuUsPerMessage: { produced: number | null; consumed: number | null };
  seconds: ResourceSecond[];
}

/** One reason a figure may not describe the system in a steady state, or a note on it. */
export interface ValidityFinding {
  source: 'warmup' | 'saturation' | 'resources' | 'delivery' | 'run';
  /** `invalid`: the figures do not describe the system under test in a steady state; `warning`: read them with this caveat; `info`: context. */
  severity: 'info' | 'warning' | 'invalid';
  message: string;
}

/**
 * Whether the run's figures describe the system under test in a steady state. `valid`: yes;
 * `caveats`: yes, with the warnings listed; `invalid`: no (the findings say why).
 */
export interface ValidityReport {
  verdict: 'valid' | 'caveats' | 'invalid';
  findings: ValidityFinding[];
}
