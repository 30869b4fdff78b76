/**
 * The order of the runs: round after round, each measurement in turn, and within it every tool
 * one after the other (Apache tool, kbench confluent, kbench kafkajs, then again next round), so
 * that noise from the rest of the machine falls on every tool alike. Pure.
 */
import type { MeasurementId, ToolId } from './peer-types.js';

export interface ScheduledRun {
  /** 1-based. */
  round: number;
  measurement: MeasurementId;
  tool: ToolId;
}

export function scheduleRuns(rounds: number, measurements: readonly MeasurementId[], tools: Record<MeasurementId, readonly ToolId[]>): ScheduledRun[] {
  const runs: ScheduledRun[] = [];
  for (let round = 1; round <= rounds; round++) {
    for (const measurement of measurements) {
      for (const tool of tools[measurement]) runs.push({ round, measurement, tool });
    }
  }
  return runs;
}
