/**
 * `compras` (purchase) events: JSON built from random picks out of fixed arrays, as the
 * tutorial's Python producer made them, with an optional padding field to reach a target size.
 */
import type { Random } from './random.js';

export const CUSTOMERS = [
  'ana.garcia', 'luis.martinez', 'carmen.lopez', 'javier.sanchez', 'lucia.perez', 'pablo.gomez',
  'marta.fernandez', 'diego.ruiz', 'sofia.diaz', 'alvaro.moreno', 'elena.munoz', 'sergio.alonso',
  'laura.romero', 'david.navarro', 'paula.torres', 'raul.dominguez', 'irene.vazquez', 'hugo.ramos',
  'nuria.gil', 'adrian.serrano',
] as const;

/** Product name, category and unit price in euros. */
export const PRODUCTS = [
  { product: 'camiseta', category: 'ropa', unitPrice: 12.99 },
  { product: 'pantalon', category: 'ropa', unitPrice: 34.5 },
  { product: 'zapatillas', category: 'calzado', unitPrice: 59.9 },
  { product: 'botas', category: 'calzado', unitPrice: 89.0 },
  { product: 'portatil', category: 'electronica', unitPrice: 899.0 },
  { product: 'auriculares', category: 'electronica', unitPrice: 49.95 },
  { product: 'movil', category: 'electronica', unitPrice: 329.0 },
  { product: 'cafe', category: 'alimentacion', unitPrice: 4.75 },
  { product: 'aceite de oliva', category: 'alimentacion', unitPrice: 9.8 },
  { product: 'novela', category: 'libros', unitPrice: 18.9 },
  { product: 'lampara', category: 'hogar', unitPrice: 27.5 },
  { product: 'sarten', category: 'hogar', unitPrice: 22.0 },
] as const;

export const STORES = ['madrid-centro', 'barcelona-diagonal', 'valencia-ruzafa', 'sevilla-triana', 'bilbao-abando', 'online'] as const;
export const PAYMENT_METHODS = ['tarjeta', 'efectivo', 'bizum', 'paypal', 'transferencia'] as const;
export const MAX_QUANTITY = 5;

export interface Compra {
  id: string;
  customer: string;
  product: string;
  category: string;
  quantity: number;
  unitPrice: number;
  total: number;
  store: string;
  paymentMethod: string;
  /** ISO-8601 time the event was made. */
  timestamp: string;
  /** Filler that brings the encoded event to its target size; absent when no size is set. */
  padding?: string;
}

export const COMPRA_FIELDS = ['id', 'customer', 'product', 'category', 'quantity', 'unitPrice', 'total', 'store', 'paymentMethod', 'timestamp'] as const;

/** Builds one purchase. `id` must be unique per event (e.g. `<producer>-<sequence>`). */
export function createCompra(random: Random, id: string, nowMs: number): Compra {
  const item = random.pick(PRODUCTS);
  const quantity = 1 + random.int(MAX_QUANTITY);
  return {
    id,
    customer: random.pick(CUSTOMERS),
    product: item.product,
    category: item.category,
    quantity,
    unitPrice: item.unitPrice,
    total: Math.round(item.unitPrice * quantity * 100) / 100,
    store: random.pick(STORES),
    paymentMethod: random.pick(PAYMENT_METHODS),
    timestamp: new Date(nowMs).toISOString(),
  };
}

/** The last filler built: events of one scenario mostly need the same length again. */
let cachedFiller = '';

function filler(lengthBytes: number): string {
  if (cachedFiller.length !== lengthBytes) cachedFiller = 'x'.repeat(lengthBytes);
  return cachedFiller;
}

/**
 * Encodes a purchase as UTF-8 JSON. With `targetSizeBytes`, a `padding` field fills the event up
 * to exactly that size (events already larger are left as they are). One JSON.stringify per
 * event: this runs for every message a producer sends.
 */
export function encodeCompra(compra: Compra, targetSizeBytes?: number): Buffer {
  if (targetSizeBytes === undefined) return Buffer.from(JSON.stringify(compra));
  // `padding` is the last key, so the JSON ends with `"padding":""}`: the filler goes between the quotes.
  const withEmptyPadding = JSON.stringify({ ...compra, padding: '' });
  const fillerBytes = targetSizeBytes - Buffer.byteLength(withEmptyPadding);
  if (fillerBytes < 0) return Buffer.from(JSON.stringify(compra));
  return Buffer.from(`${withEmptyPadding.slice(0, -2)}${filler(fillerBytes)}"}`);
}

/** Type check of a decoded event: every field present with its type. Returns the problems found. */
export function validateCompra(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return ['not a JSON object'];
  const record = value as Record<string, unknown>;
  const problems: string[] = [];
  const expectString = ['id', 'customer', 'product', 'category', 'store', 'paymentMethod', 'timestamp'];
  for (const field of expectString) if (typeof record[field] !== 'string') problems.push(`${field} is not a string`);
  for (const field of ['quantity', 'unitPrice', 'total']) if (typeof record[field] !== 'number') problems.push(`${field} is not a number`);
  if (typeof record.timestamp === 'string' && Number.isNaN(Date.parse(record.timestamp))) problems.push('timestamp is not a date');
  return problems;
}
