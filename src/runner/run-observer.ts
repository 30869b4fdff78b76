/** What a caller of `runScenario` is told while the run goes: lasting log lines, and each second's timeline entry. */
import type { RebalanceReport, TimelineEntry } from '../report/report-types.js';
import type { Plan } from '../scenario/plan-types.js';

export interface RunObserver {
  /** A lasting message (progress of setup, warnings). */
  log(line: string): void;
  /** Called once per second with the newest timeline entry. */
  onSecond(entry: TimelineEntry, context: SecondContext): void;
}

export interface SecondContext {
  plan: Plan;
  elapsedSeconds: number;
  totalSeconds: number;
  /** Groups with a rebalance under way. */
  rebalancing: string[];
  /** Wall-clock time of second 0 of the timeline, ms since the epoch (the report's `startedAt`). */
  startedAtMs: number;
  /** The rebalances of every group analysed so far, in start order (a group's newest may still be under way). */
  rebalances: readonly RebalanceReport[];
}
