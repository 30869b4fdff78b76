/**
 * Filter: only purchases of the given categories go on, each as it was read (key, value bytes,
 * `kb` header and hops unchanged: nothing is encoded again); the others are counted as filtered.
 */
import { list, oneOf, section } from '../../util/schema-kit.js';
import { CATEGORIES } from '../compras.js';
import { STATELESS, carriedHeaders, type TransformKind } from './transform.js';

const schema = section(
  {
    type: oneOf(['filter'] as const),
    /** The categories kept (at least one): `ropa`, `calzado`, `electronica`, `alimentacion`, `libros`, `hogar`. */
    categories: list(oneOf(CATEGORIES), 'a non-empty array of categories such as ["electronica"]', 1),
  },
  'a transform such as { type: "filter", categories: ["electronica"] }',
);

export const filterTransform: TransformKind<typeof schema> = {
  schema,
  create: (settings) => {
    const kept = new Set<string>(settings.categories);
    return {
      state: STATELESS,
      apply(input, emit) {
        if (!kept.has(input.compra.category)) return 'filtered';
        emit({ key: input.key, value: input.value, headers: carriedHeaders(input), intendedUs: input.origin.intendedUs });
        return 'transformed';
      },
    };
  },
  describe: (settings) => `filter: categories ${settings.categories.join(', ')}`,
};
