/**
 * A pipeline stage's delivery semantics: when it commits the offsets of the records it read,
 * relative to the records it writes. What each does per batch is carried out by
 * `workers/stage-loop.ts`:
 *
 * - `at-most-once`: commit the batch's next offsets first, then transform and send; outputs lost
 *   to a failed send, a failed commit or a crash are never read again (no duplicates, losses).
 * - `at-least-once`: transform and send, wait until every output is acknowledged, then commit; a
 *   failure stops the stage until it is restarted from the committed offsets, so outputs acked
 *   before the failure are written again (no losses, duplicates).
 * - `exactly-once`: a transaction per batch (transactional producer): begin, send, the input
 *   offsets added with `sendOffsets`, commit; any failure aborts it and the stage restarts from
 *   the committed offsets. A `read_committed` reader sees each output once.
 */
export const DELIVERY_SEMANTICS = ['at-most-once', 'at-least-once', 'exactly-once'] as const;
export type DeliverySemantics = (typeof DELIVERY_SEMANTICS)[number];
