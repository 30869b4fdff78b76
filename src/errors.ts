/**
 * The one error type kbench throws for conditions a user can act on.
 * `cli/main.ts` is the only place that prints it and turns it into an exit code.
 */

/** Process exit codes, one per kind of outcome. */
export const ExitCode = {
  ok: 0,
  /** Unexpected internal error (a bug): printed with its stack. */
  internal: 1,
  /** Invalid scenario, report file or command-line usage. */
  usage: 2,
  /** Kafka unreachable, or the embedded cluster failed. */
  cluster: 3,
  /** A load worker crashed. */
  workerCrashed: 4,
  /** A compare found a regression past a --fail-if threshold. */
  compareRegression: 98,
  /** A run failed one of its scenario thresholds. */
  thresholdFailed: 99,
  /** Interrupted by SIGINT / SIGTERM. */
  interrupted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export type KbenchErrorKind = 'usage' | 'cluster' | 'worker' | 'interrupted';

const exitCodeByKind: Record<KbenchErrorKind, ExitCodeValue> = {
  usage: ExitCode.usage,
  cluster: ExitCode.cluster,
  worker: ExitCode.workerCrashed,
  interrupted: ExitCode.interrupted,
};

export interface KbenchErrorOptions {
  /** One sentence telling the user what to do about it. */
  hint?: string;
  /** Further lines printed under the message (e.g. one line per validation issue). */
  details?: string[];
  cause?: unknown;
}

export class KbenchError extends Error {
  readonly kind: KbenchErrorKind;
  readonly hint: string | undefined;
  readonly details: string[];

  constructor(kind: KbenchErrorKind, message: string, options: KbenchErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'KbenchError';
    this.kind = kind;
    this.hint = options.hint;
    this.details = options.details ?? [];
  }

  get exitCode(): ExitCodeValue {
    return exitCodeByKind[this.kind];
  }
}

export function isKbenchError(error: unknown): error is KbenchError {
  return error instanceof KbenchError;
}

/** The message of any thrown value, for logs and error counters. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
