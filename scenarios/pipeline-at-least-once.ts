import { enrichPipeline } from './shared/pipeline.js';

/**
 * An at-least-once enrich stage (write, every output acknowledged, then commit) with one of its two
 * members killed at 25 s: the survivor reads the crashed member's uncommitted batches again, so the
 * readers of `compras-enriched` see some purchases twice — counted as duplicated, none lost.
 * Compare with pipeline-exactly-once.ts.
 */
export default enrichPipeline('at-least-once', 'compras → enrich (at-least-once, 2 members, one killed at 25 s) → compras-enriched → readers, 500 compras/s');
