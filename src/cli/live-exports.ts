/**
 * `kbench run`'s live exports, fed the same per-second timeline entries as the progress line:
 * `--prometheus [host:]port` serves the live figures (`report/live-metrics.ts`) at `/metrics`
 * from before the load until the run ends (`--prometheus-hold` keeps the final figures and the
 * threshold verdicts up a while longer); `--csv <file>` writes the timeline (`report/timeline-csv.ts`),
 * a row as each second closes, so a failed or interrupted run keeps every second it had.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { KbenchError, errorMessage } from '../errors.js';
import { endedFigures, foldSecond, renderLiveMetrics, startingFigures, type LiveFigures, type RunLabels } from '../report/live-metrics.js';
import type { KbenchReport, TimelineEntry } from '../report/report-types.js';
import { timelineCsv, timelineGroups, renderTimelineCsv, type TimelineCsv } from '../report/timeline-csv.js';
import type { SecondContext } from '../runner/run-observer.js';
import { formatDuration, MAX_TIMER_MS, parseDuration } from '../util/durations.js';
import { parseListenAddress, startMetricsServer, type ListenAddress, type MetricsServer } from './metrics-server.js';
import { assertWritableOutput } from './output-paths.js';

export interface LiveExportOptions {
  prometheus?: string;
  prometheusHold?: string;
  csv?: string;
}

/** The options, checked before the run starts. */
export interface LiveExportPlan {
  prometheus?: ListenAddress;
  holdMs: number;
  csv?: string;
}

/** Checks the options (usage errors, exit 2) before anything runs; `inputs`: the command's input files, `outputs`: the other files it writes. */
export function planLiveExports(options: LiveExportOptions, inputs: readonly string[], outputs: readonly string[]): LiveExportPlan {
  const plan: LiveExportPlan = { holdMs: 0 };
  if (options.prometheus !== undefined) plan.prometheus = parseListenAddress(options.prometheus);
  if (options.prometheusHold !== undefined) {
    if (plan.prometheus === undefined) throw new KbenchError('usage', '--prometheus-hold needs --prometheus', { hint: 'e.g. --prometheus 9464 --prometheus-hold 30s' });
    const holdMs = parseDuration(options.prometheusHold);
    if (holdMs === undefined || holdMs > MAX_TIMER_MS) throw new KbenchError('usage', `--prometheus-hold expects a duration such as 30s or 2m, got "${options.prometheusHold}"`);
    plan.holdMs = holdMs;
  }
  if (options.csv !== undefined) {
    assertWritableOutput('--csv', options.csv, inputs);
    if (outputs.some((output) => resolve(output) === resolve(options.csv ?? ''))) {
      throw new KbenchError('usage', `--csv ${options.csv} is also where the report goes`, { hint: 'give the CSV a file of its own' });
    }
    plan.csv = options.csv;
  }
  return plan;
}

export interface LiveExports {
  /** One more second of the run (the observer's `onSecond`). */
  onSecond(entry: TimelineEntry, context: SecondContext): void;
  /** The run's report: `/metrics` shows its counts, status and threshold verdicts; a CSV without a row gets the report's. */
  finish(report: KbenchReport): void;
  /** Keeps `/metrics` up for `--prometheus-hold` (a Ctrl-C ends it early). */
  hold(log: (line: string) => void): Promise<void>;
  /** Stops the server; a CSV nothing was written to gets its header. Safe to call twice. */
  close(): Promise<void>;
}

/** Starts the server (and prints its address through `log`) before the run; nothing at all without the options. */
export async function startLiveExports(plan: LiveExportPlan, labels: RunLabels, log: (line: string) => void): Promise<LiveExports> {
  let figures: LiveFigures = startingFigures(labels);
  let server: MetricsServer | undefined;
  if (plan.prometheus !== undefined) {
    server = await startMetricsServer(plan.prometheus, () => renderLiveMetrics(figures));
    log(`prometheus metrics: ${server.url}`);
  }
  const csv = plan.csv === undefined ? undefined : new CsvTimelineFile(plan.csv, log);
  const guarded = (what: string, action: () => void): void => {
    // The run must never fail for its exports.
    try {
      action();
    } catch (error) {
      log(`warning: ${what}: ${errorMessage(error)}`);
    }
  };
  return {
    onSecond(entry, context) {
      if (server) guarded('live metrics', () => (figures = foldSecond(figures, entry, context)));
      csv?.append(entry, context);
    },
    finish(report) {
      if (server) guarded('live metrics', () => (figures = endedFigures(figures, report)));
      csv?.finish(report);
    },
    async hold(holdLog) {
      if (!server || plan.holdMs <= 0) return;
      holdLog(`serving the final metrics at ${server.url} for ${formatDuration(plan.holdMs)} (--prometheus-hold; Ctrl-C ends it)`);
      await holdFor(plan.holdMs);
    },
    async close() {
      csv?.finish(undefined);
      await server?.close();
    },
  };
}

/** Waits `ms`, or until the first SIGINT / SIGTERM. */
function holdFor(ms: number): Promise<void> {
  return new Promise((done) => {
    const end = (): void => {
      clearTimeout(timer);
      process.off('SIGINT', end);
      process.off('SIGTERM', end);
      done();
    };
    const timer = setTimeout(end, ms);
    process.once('SIGINT', end);
    process.once('SIGTERM', end);
  });
}

/** The CSV file written second by second: created with its header and first row, appended to after. */
class CsvTimelineFile {
  private csv: TimelineCsv | undefined;
  private broken = false;
  private written = false;

  constructor(
    private readonly path: string,
    private readonly log: (line: string) => void,
  ) {}

  append(entry: TimelineEntry, context: SecondContext): void {
    this.write(() => {
      if (this.csv === undefined) {
        this.csv = timelineCsv(timelineGroups([entry], context.plan.consumerGroups.map((group) => group.groupId)));
        mkdirSync(dirname(this.path), { recursive: true });
        writeFileSync(this.path, this.csv.header + this.csv.row(entry, context.startedAtMs));
      } else {
        appendFileSync(this.path, this.csv.row(entry, context.startedAtMs));
      }
    });
  }

  /** When no second was written: the report's timeline (or, without a report, the header alone). */
  finish(report: KbenchReport | undefined): void {
    if (this.written || this.broken) return;
    this.write(() => {
      mkdirSync(dirname(this.path), { recursive: true });
      const text = report ? renderTimelineCsv(report.timeline, Date.parse(report.startedAt), report.scenario.consumerGroups.map((group) => group.groupId)) : renderTimelineCsv([], 0);
      writeFileSync(this.path, text);
    });
  }

  private write(action: () => void): void {
    if (this.broken) return;
    try {
      action();
      this.written = true;
    } catch (error) {
      this.broken = true;
      this.log(`warning: --csv ${this.path}: ${errorMessage(error)}; no further rows are written`);
    }
  }
}
