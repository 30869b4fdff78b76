/**
 * Every load shape, one line each. Adding a shape: its own file (a `LoadShape`: schema, plan,
 * schedule, figures, description) and one line here — plus, because the report is a public
 * contract, its report variant (see docs/ARCHITECTURE.md, "Adding things").
 */
import type { z } from 'zod';
import { variants } from '../../util/schema-kit.js';
import { constantLoad } from './constant-load.js';
import type { LoadShape } from './load-shape.js';
import { rampingLoad } from './ramping-load.js';
import { unthrottledLoad } from './unthrottled-load.js';

export const LOAD_SHAPES = {
  constant: constantLoad,
  ramping: rampingLoad,
  unthrottled: unthrottledLoad,
};

type Shapes = typeof LOAD_SHAPES;
type PlannedOf<T> = T extends LoadShape<z.ZodType, infer P> ? P : never;

/** One producer instance's load, as planned: the union of every shape's plan. */
export type PlannedLoad = { [K in keyof Shapes]: PlannedOf<Shapes[K]> }[keyof Shapes];

/** `producers[].load` in a scenario: one of the shapes' schemas, chosen by `type`. */
export const loadSchema = variants(
  'type',
  Object.fromEntries(Object.entries(LOAD_SHAPES).map(([type, shape]) => [type, shape.schema])) as { [K in keyof Shapes]: Shapes[K]['schema'] },
  'a load such as { type: "constant", ratePerSec: 1000 }',
);

/** A scenario's load once parsed (defaults filled). */
export type LoadInputParsed = z.output<typeof loadSchema>;

/** The shape of a planned load (or of a parsed scenario load: both carry `type`). */
export function loadShapeOf(load: { type: keyof Shapes }): LoadShape<z.ZodType, PlannedLoad> {
  return LOAD_SHAPES[load.type] as unknown as LoadShape<z.ZodType, PlannedLoad>;
}
