/**
 * Every transform a pipeline stage can run, one line each. Adding one: its own file (a
 * `TransformKind`: settings schema, instances, description) and one line here.
 */
import type { z } from 'zod';
import { variants } from '../../util/schema-kit.js';
import { aggregateTransform } from './aggregate-transform.js';
import { enrichTransform } from './enrich-transform.js';
import { filterTransform } from './filter-transform.js';
import type { Transform, TransformKind } from './transform.js';

export const TRANSFORMS = {
  enrich: enrichTransform,
  aggregate: aggregateTransform,
  filter: filterTransform,
};

type Kinds = typeof TRANSFORMS;

/** A stage's `transform` in a scenario: one of the transforms' schemas, chosen by `type`. */
export const transformSchema = variants(
  'type',
  Object.fromEntries(Object.entries(TRANSFORMS).map(([type, kind]) => [type, kind.schema])) as { [K in keyof Kinds]: Kinds[K]['schema'] },
  'a transform such as { type: "enrich" }',
);

/** A stage's transform settings once parsed (defaults filled). */
export type TransformSettings = z.output<typeof transformSchema>;

function kindOf(settings: TransformSettings): TransformKind {
  return TRANSFORMS[settings.type] as unknown as TransformKind;
}

/** A new instance of the transform `settings` describe (one per stage member: a windowed one holds its own state). */
export function createTransform(settings: TransformSettings): Transform {
  return kindOf(settings).create(settings);
}

/** The transform's line in the plan's rendering. */
export function describeTransform(settings: TransformSettings): string {
  return kindOf(settings).describe(settings);
}
