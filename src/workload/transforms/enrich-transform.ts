/**
 * Enrich: each purchase with what a downstream system would derive from it. `total` is what the
 * customer paid, VAT included (Spanish shops show and charge prices with IVA), so the enrichment
 * splits it: `vatRate` (by category, simplified: 21 % general, 10 % food, 4 % books), `netTotal`
 * (without VAT) and `vatAmount`, in euros rounded to the cent; and `spendTier` (`low` below 20 €,
 * `medium` below 100 €, `high` from 100 €). The key and the `kb` header are carried, so the
 * record stays on its key's partition and keeps its origin.
 */
import { oneOf, section } from '../../util/schema-kit.js';
import type { Category, Compra } from '../compras.js';
import { STATELESS, carriedHeaders, type TransformKind } from './transform.js';

/** Spanish IVA per category (simplified: one rate a category). */
export const VAT_RATE_BY_CATEGORY: Readonly<Record<Category, number>> = {
  ropa: 0.21,
  calzado: 0.21,
  electronica: 0.21,
  hogar: 0.21,
  alimentacion: 0.1,
  libros: 0.04,
};

/** The general rate, for a category the table does not know. */
export const GENERAL_VAT_RATE = 0.21;

export type SpendTier = 'low' | 'medium' | 'high';

/** Lower bounds of the `medium` and `high` tiers, euros (VAT included). */
export const SPEND_TIER_FROM_EUR = { medium: 20, high: 100 } as const;

/** An enriched purchase: the event's fields, then the derived ones (the padding, if any, last). */
export type EnrichedCompra = Omit<Compra, 'padding'> & {
  vatRate: number;
  netTotal: number;
  vatAmount: number;
  spendTier: SpendTier;
  padding?: string;
};

const roundToCent = (euros: number): number => Math.round(euros * 100) / 100;

/** The spend tier of a VAT-inclusive total. */
export function spendTierOf(totalEur: number): SpendTier {
  if (totalEur >= SPEND_TIER_FROM_EUR.high) return 'high';
  return totalEur >= SPEND_TIER_FROM_EUR.medium ? 'medium' : 'low';
}

/** The purchase with its derived fields. */
export function enrichCompra(compra: Compra): EnrichedCompra {
  const { padding, ...fields } = compra;
  const vatRate = (VAT_RATE_BY_CATEGORY as Record<string, number | undefined>)[compra.category] ?? GENERAL_VAT_RATE;
  const netTotal = roundToCent(compra.total / (1 + vatRate));
  const enriched: EnrichedCompra = { ...fields, vatRate, netTotal, vatAmount: roundToCent(compra.total - netTotal), spendTier: spendTierOf(compra.total) };
  if (padding !== undefined) enriched.padding = padding;
  return enriched;
}

const schema = section({ type: oneOf(['enrich'] as const) }, 'a transform such as { type: "enrich" }');

export const enrichTransform: TransformKind<typeof schema> = {
  schema,
  create: () => ({
    state: STATELESS,
    apply(input, emit) {
      emit({ key: input.key, value: Buffer.from(JSON.stringify(enrichCompra(input.compra))), headers: carriedHeaders(input), intendedUs: input.origin.intendedUs });
      return 'transformed';
    },
  }),
  describe: () => 'enrich: VAT split and spend tier',
};
