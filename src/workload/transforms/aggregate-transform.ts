/**
 * Aggregate: purchases counted and summed per store per tumbling window of the record's intended
 * send time (the `kb` header's, on the machine's monotonic clock; windows start at multiples of
 * the window length). One output per (store, window) once the window closes: key the store,
 * value JSON `{ store, windowStartUs, windowMs, count, totalSum }` (euros, summed in cents), and
 * the `kba` header (aggregate-header.ts) with what the delivery check needs.
 *
 * When a window closes: event time, as Kafka Streams does: the watermark is the latest intended
 * time seen; a window [start, end) is emitted once the watermark reaches end + grace, so inputs
 * up to `grace` out of order (several partitions and producers read in turn) still count. An
 * input whose window was already emitted is `late`: dropped and counted. Open windows are emitted
 * at the stage's stop (`flushAll`). A backlog does not make inputs late: time is the inputs' own.
 */
import { parseDuration } from '../../util/durations.js';
import { duration, oneOf, section } from '../../util/schema-kit.js';
import { AGGREGATE_HEADER_NAME, addToDigest, encodeAggregateHeader } from './aggregate-header.js';
import type { Emit, TransformInput, TransformKind, TransformOutput, WindowedState } from './transform.js';

/** One store's window, as it fills. */
interface StoreWindow {
  count: number;
  totalCents: number;
  inputDigest: number;
  minIntendedUs: number;
  maxIntendedUs: number;
}

/** Open windows by start (µs), each by store. */
type OpenWindows = Map<number, Map<string, StoreWindow>>;

/** Everything the transform holds: what a checkpoint copies. */
interface AggregateState {
  windows: OpenWindows;
  /** Latest intended time seen, µs. */
  watermarkUs: number;
  /** Every window ending at or before this time has been emitted, µs. */
  closedUntilUs: number;
  heldInputs: number;
}

const US_PER_MS = 1000;

const schema = section(
  {
    type: oneOf(['aggregate'] as const),
    /** Length of each tumbling window, of intended send time. @default "1s" */
    window: duration(true).default('1s'),
    /** How long past a window's end (in intended time seen) inputs may still arrive before the window is emitted. @default "1s" */
    grace: duration(false).default('1s'),
  },
  'a transform such as { type: "aggregate", window: "1s" }',
);

function emptyState(): AggregateState {
  return { windows: new Map(), watermarkUs: Number.NEGATIVE_INFINITY, closedUntilUs: Number.NEGATIVE_INFINITY, heldInputs: 0 };
}

function copyState(state: AggregateState): AggregateState {
  const windows: OpenWindows = new Map();
  for (const [startUs, stores] of state.windows) {
    windows.set(startUs, new Map([...stores].map(([store, window]) => [store, { ...window }])));
  }
  return { ...state, windows };
}

/** Aggregates per store and window of `windowUs`, emitting a window `graceUs` after its end. */
export class StoreWindowAggregator implements WindowedState {
  readonly kind = 'windowed';
  readonly lostOnCrash = 'the inputs of open windows (about window + grace of intended time): their windows come out short or not at all';
  private state = emptyState();
  private saved = emptyState();
  private readonly keys = new Map<string, Buffer>();

  constructor(
    readonly windowUs: number,
    readonly graceUs: number,
  ) {
    if (!(windowUs > 0) || !(graceUs >= 0)) throw new RangeError(`window must be > 0 and grace ≥ 0 µs, got ${windowUs} and ${graceUs}`);
  }

  /** Adds one input to its window, then emits the windows the input's time closed. */
  add(input: TransformInput, emit: Emit): 'aggregated' | 'late' {
    const state = this.state;
    const intendedUs = input.origin.intendedUs;
    const startUs = Math.floor(intendedUs / this.windowUs) * this.windowUs;
    if (startUs < state.closedUntilUs) return 'late';
    let stores = state.windows.get(startUs);
    if (!stores) state.windows.set(startUs, (stores = new Map()));
    const store = input.compra.store;
    let window = stores.get(store);
    if (!window) stores.set(store, (window = { count: 0, totalCents: 0, inputDigest: 0, minIntendedUs: intendedUs, maxIntendedUs: intendedUs }));
    window.count++;
    window.totalCents += Math.round(input.compra.total * 100);
    window.inputDigest = addToDigest(window.inputDigest, input.origin.producerIndex, input.origin.sequence);
    window.minIntendedUs = Math.min(window.minIntendedUs, intendedUs);
    window.maxIntendedUs = Math.max(window.maxIntendedUs, intendedUs);
    state.heldInputs++;
    if (intendedUs > state.watermarkUs) {
      state.watermarkUs = intendedUs;
      this.emitBefore(Math.floor((intendedUs - this.graceUs) / this.windowUs) * this.windowUs, emit);
    }
    return 'aggregated';
  }

  heldInputs(): number {
    return this.state.heldInputs;
  }

  flushAll(emit: Emit): void {
    this.emitBefore(Number.POSITIVE_INFINITY, emit);
  }

  checkpoint(): void {
    this.saved = copyState(this.state);
  }

  rollback(): void {
    this.state = copyState(this.saved);
  }

  /** Emits every open window that ends at or before `untilUs`, oldest first, and marks them closed. */
  private emitBefore(untilUs: number, emit: Emit): void {
    const state = this.state;
    if (untilUs <= state.closedUntilUs) return;
    const due = [...state.windows.keys()].filter((startUs) => startUs + this.windowUs <= untilUs).sort((a, b) => a - b);
    for (const startUs of due) {
      for (const [store, window] of state.windows.get(startUs) as Map<string, StoreWindow>) {
        emit(this.output(store, startUs, window));
        state.heldInputs -= window.count;
      }
      state.windows.delete(startUs);
    }
    state.closedUntilUs = untilUs === Number.POSITIVE_INFINITY ? Math.max(state.closedUntilUs, ...due.map((startUs) => startUs + this.windowUs)) : untilUs;
  }

  private output(store: string, windowStartUs: number, window: StoreWindow): TransformOutput {
    let key = this.keys.get(store);
    if (!key) this.keys.set(store, (key = Buffer.from(store)));
    const value = { store, windowStartUs, windowMs: this.windowUs / US_PER_MS, count: window.count, totalSum: window.totalCents / 100 };
    const header = { windowStartUs, windowUs: this.windowUs, inputCount: window.count, inputDigest: window.inputDigest, minIntendedUs: window.minIntendedUs, maxIntendedUs: window.maxIntendedUs };
    return { key, value: Buffer.from(JSON.stringify(value)), headers: { [AGGREGATE_HEADER_NAME]: encodeAggregateHeader(header) }, intendedUs: window.maxIntendedUs };
  }
}

export const aggregateTransform: TransformKind<typeof schema> = {
  schema,
  create: (settings) => {
    const aggregator = new StoreWindowAggregator((parseDuration(settings.window) ?? 0) * US_PER_MS, (parseDuration(settings.grace) ?? 0) * US_PER_MS);
    return { state: aggregator, apply: (input, emit) => aggregator.add(input, emit) };
  },
  describe: (settings) => `aggregate: count and sum per store per ${settings.window} window (grace ${settings.grace})`,
};
