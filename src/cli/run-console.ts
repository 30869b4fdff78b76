/**
 * The terminal side of the commands that run load (`run`, `sweep`, `find-max`): the live output
 * (progress line, lasting lines with the plans' secrets masked), and Ctrl-C / SIGTERM — the first
 * stops the work gracefully (its `interrupt` signal), a second ends what was registered as the
 * emergency stop and exits with code 130 at once. Errors leave with their secrets masked.
 */
import { ExitCode } from '../errors.js';
import type { TimelineEntry } from '../report/report-types.js';
import { renderLiveLine } from '../report/render-live.js';
import type { SecondContext } from '../runner/run-observer.js';
import { maskSecrets, maskSecretsInError } from '../scenario/redact-secrets.js';
import type { RunSweepOptions, SweepProgress } from '../sweep/run-sweep.js';
import { createLiveOutput, type LiveOutput } from './live-output.js';

const INTERRUPT_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

export interface RunConsoleOptions {
  /** Values masked as `***` in every lasting line and in errors. */
  secrets: string[];
  /** What the first Ctrl-C does, e.g. `stopping the run`. */
  firstInterrupt: string;
}

export interface RunConsole {
  live: LiveOutput;
  /** A lasting line, the secrets masked. */
  log(line: string): void;
  /** Aborted on the first Ctrl-C / SIGTERM. */
  interrupt: AbortSignal;
  /** What a second Ctrl-C ends before exiting (the last registration wins). */
  registerEmergencyStop(stop: () => Promise<void>): void;
}

/** Runs `body` with a live output and Ctrl-C handling in place; both are taken down when it ends. */
export async function withRunConsole<T>(options: RunConsoleOptions, body: (console: RunConsole) => Promise<T>): Promise<T> {
  const live = createLiveOutput();
  const interrupt = new AbortController();
  let emergencyStop: (() => Promise<void>) | undefined;
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    interrupts++;
    if (interrupts === 1) {
      live.log(`${signal}: ${options.firstInterrupt} (again to stop at once)`);
      interrupt.abort();
      return;
    }
    live.log('stopping at once');
    void (emergencyStop ? emergencyStop() : Promise.resolve()).finally(() => process.exit(ExitCode.interrupted));
  };
  for (const signal of INTERRUPT_SIGNALS) process.on(signal, onSignal);
  try {
    return await body({
      live,
      log: (line) => live.log(maskSecrets(line, options.secrets)),
      interrupt: interrupt.signal,
      registerEmergencyStop: (stop) => {
        emergencyStop = stop;
      },
    });
  } catch (error) {
    // A failure may quote a client error, and a client error may quote a setting.
    throw maskSecretsInError(error, options.secrets);
  } finally {
    live.finish();
    for (const signal of INTERRUPT_SIGNALS) process.off(signal, onSignal);
  }
}

/** The live progress line of one run, counting its errors from the first second it is given. */
export function progressLine(): (entry: TimelineEntry, context: SecondContext) => string {
  let errorsTotal = 0;
  return (entry, context) => {
    errorsTotal += Object.values(entry.errors).reduce((a, b) => a + (b ?? 0), 0);
    return renderLiveLine({ ...entry, elapsedMs: context.elapsedSeconds * 1000, totalMs: context.totalSeconds * 1000, errorsTotal, rebalancing: context.rebalancing });
  };
}

/**
 * The console side of a series of runs on one cluster (`sweep`, `clients`): Ctrl-C, the emergency
 * stop, lasting lines, a heading line per run (`── run i/n · round r/R · <what>`, `what` said by
 * the caller) and each run's progress line prefixed with its number.
 */
export function seriesConsole(terminal: RunConsole, describeRun: (progress: SweepProgress) => string): Pick<RunSweepOptions, 'interrupt' | 'registerEmergencyStop' | 'log' | 'onProgress' | 'observer'> {
  return {
    interrupt: terminal.interrupt,
    registerEmergencyStop: terminal.registerEmergencyStop,
    log: terminal.log,
    onProgress: (progress) => terminal.live.log(`── run ${progress.run.sequence + 1}/${progress.totalRuns} · round ${progress.run.round + 1}/${progress.rounds} · ${describeRun(progress)}`),
    observer: (progress) => {
      const line = progressLine();
      return { log: terminal.log, onSecond: (entry, context) => terminal.live.update(`[${progress.run.sequence + 1}/${progress.totalRuns}] ${line(entry, context)}`) };
    },
  };
}
