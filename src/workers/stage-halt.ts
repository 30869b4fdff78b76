/**
 * Why a pipeline stage stopped taking batches. The consumer adapter cannot rewind (it has no
 * seek), so a batch that must be read again — outputs not acknowledged under at-least-once, an
 * aborted transaction under exactly-once — is read again only by a new consumer of the group,
 * which starts from the committed offsets: the stage pauses its consumer and tells its owner,
 * which restarts the member (`StageLoop.resumeWith`).
 */
import type { ClientError } from '../clients/client-adapter.js';

/** The step that failed: the consumer's `commit`, an output's `send`, or a transaction's step. */
export type StageStep = 'commit' | 'send' | 'begin' | 'send-offsets' | 'commit-transaction';

export interface StageHalt {
  step: StageStep;
  error: ClientError;
  /** Exactly-once: the abort failed too; the producer may be fenced or broken, so restart with a new one. */
  abortError?: ClientError;
  /** When the stage halted, monotonic µs. */
  atUs: number;
}

/** A rejection as a `ClientError`: adapters reject with ClientError-shaped values; anything else counts as `other`. */
export function clientErrorOf(reason: unknown): ClientError {
  if (typeof reason === 'object' && reason !== null) {
    const { kind, message } = reason as Partial<Record<keyof ClientError, unknown>>;
    if (typeof kind === 'string' && typeof message === 'string') return { kind: kind as ClientError['kind'], message };
  }
  return { kind: 'other', message: reason instanceof Error ? reason.message : String(reason) };
}
