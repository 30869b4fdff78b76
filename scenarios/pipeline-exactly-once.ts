import { enrichPipeline } from './shared/pipeline.js';

/**
 * An exactly-once enrich stage (a transaction per batch with the read offsets in it; readers of
 * `compras-enriched` read committed) with one of its two members killed at 25 s: the crashed
 * member's open transaction is aborted by the broker after the stage's 10 s transaction timeout,
 * the survivor reads its batches again from the committed offsets, and the readers see every
 * purchase once — lost 0, duplicated 0. The readers' stall while the dead transaction stays open
 * shows in their latency. Compare with pipeline-at-least-once.ts.
 */
export default enrichPipeline('exactly-once', 'compras → enrich (exactly-once, 2 members, one killed at 25 s) → compras-enriched → readers (read_committed), 500 compras/s');
