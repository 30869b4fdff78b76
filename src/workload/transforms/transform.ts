/**
 * What a pipeline stage's transform is: a function of one decoded `compras` event (with its
 * headers and times) to zero or more output records, in one file per transform
 * (`enrich-transform.ts`, `aggregate-transform.ts`, `filter-transform.ts`), registered in
 * `transforms.ts`. The stage (workers/stage-loop.ts) decodes inputs, spends the stage's
 * processing cost, sends the outputs, stamps each with its hop entry and commits per its
 * delivery semantics; a transform does none of that.
 *
 * State is explicit: a transform is `stateless` (an output depends on its input only: a crash
 * loses nothing the semantics do not already account for) or `windowed` (inputs are held in
 * memory until their window is emitted: a crash loses them, see {@link WindowedState}).
 */
import type { z } from 'zod';
import type { Compra } from '../compras.js';
import { HOP_HEADER_NAME } from '../hop-header.js';
import { MESSAGE_HEADER_NAME, type MessageHeader } from '../message-header.js';

/** One input record as a transform sees it: valid during `apply` only (the stage may reuse it). */
export interface TransformInput {
  compra: Compra;
  key: Buffer | null;
  /** The value as read, for a transform that forwards it unchanged. */
  value: Buffer;
  /** Every header of the record, `kb` included. */
  headers: Readonly<Record<string, Buffer>>;
  /** The record's `kb` header, decoded: the producer, sequence and intended send time of the original message. */
  origin: MessageHeader;
  /** When the stage received the record's batch, monotonic µs. */
  receivedUs: number;
}

/** One record a transform makes. Once emitted it belongs to the stage, which adds its hop entry to `headers`. */
export interface TransformOutput {
  key: Buffer | null;
  value: Buffer;
  headers: Record<string, Buffer>;
  /** Intended send time of the newest input it carries, monotonic µs (the stage measures latency only past the warm-up). */
  intendedUs: number;
}

/** Hands an output to the stage, which sends it at once. */
export type Emit = (output: TransformOutput) => void;

/**
 * What became of one input, counted per stage under the same names: `transformed` (an output of
 * its own carries it: enriched, or passed the filter), `filtered` (dropped by the transform's
 * rule), `aggregated` (held in an open window until the window is emitted), `late` (its window
 * had already been emitted: dropped).
 */
export type InputFate = 'transformed' | 'filtered' | 'aggregated' | 'late';

/** A transform without state: each output depends on its input alone. */
export interface StatelessState {
  kind: 'stateless';
}

/**
 * A transform that holds inputs in memory, in windows emitted later. The stage checkpoints the
 * state after each commit and rolls it back when a batch is abandoned (an aborted transaction,
 * outputs not acknowledged), so the batch's inputs, read again from the committed offsets,
 * count once. A crash loses the whole state: the inputs of the open windows whose offsets were
 * committed are never read again, so those windows come out short or not at all (see
 * `lostOnCrash`), whatever the delivery semantics.
 */
export interface WindowedState {
  kind: 'windowed';
  /** Inputs held in open windows now: what a crash would lose. */
  heldInputs(): number;
  /** Emits every open window and empties the state (the stage's stop). */
  flushAll(emit: Emit): void;
  /** Remembers the state as it is now, to return to with `rollback`. */
  checkpoint(): void;
  /** Returns to the last checkpoint (the empty state before any). */
  rollback(): void;
  /** What a crash loses, in words, for the plan and the report. */
  readonly lostOnCrash: string;
}

export type TransformState = StatelessState | WindowedState;

/** One transform instance, for one stage member. */
export interface Transform {
  /**
   * Handles one input: emits the outputs due now (its own, or windows its time closed) through
   * `emit` before it returns, and says what became of the input.
   */
  apply(input: TransformInput, emit: Emit): InputFate;
  readonly state: TransformState;
}

/** What the registry knows of a kind of transform: its settings schema (a section whose `type` is its name), its instances, its description. */
export interface TransformKind<S extends z.ZodType = z.ZodType> {
  schema: S;
  create(settings: z.output<S>): Transform;
  /** One line for the plan's console rendering, e.g. `filter: categories electronica, libros`. */
  describe(settings: z.output<S>): string;
}

/** The state of every stateless transform. */
export const STATELESS: StatelessState = Object.freeze({ kind: 'stateless' });

/**
 * The headers an output made from one input carries: the input's `kb` header unchanged (so the
 * final consumer measures end-to-end latency from the original intended send time and the
 * delivery check matches output to input sequences) and its hops so far.
 */
export function carriedHeaders(input: TransformInput): Record<string, Buffer> {
  const headers: Record<string, Buffer> = { [MESSAGE_HEADER_NAME]: input.headers[MESSAGE_HEADER_NAME] as Buffer };
  const hops = input.headers[HOP_HEADER_NAME];
  if (hops !== undefined) headers[HOP_HEADER_NAME] = hops;
  return headers;
}
