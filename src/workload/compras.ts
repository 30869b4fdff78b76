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

/** The timestamp last formatted: a producer makes many events per millisecond. */
let lastTimestampMs = Number.NaN;
let lastTimestamp = '';

function isoTimestamp(nowMs: number): string {
  if (nowMs !== lastTimestampMs) {
    lastTimestamp = new Date(nowMs).toISOString();
    lastTimestampMs = nowMs;
  }
  return lastTimestamp;
}

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
    timestamp: isoTimestamp(nowMs),
  };
}

/** Byte of the padding filler (`x`), and the `"}` that closes a padded event. */
const FILLER_BYTE = 0x78;
const PADDING_KEY = ',"padding":"';
const CLOSE_PADDED = '"}';

/** Quoted forms of the strings seen in events (the fixed arrays' values, timestamps): few and reused. */
const quotedCache = new Map<string, string>();
const QUOTED_CACHE_LIMIT = 4096;

/** True when `text` can go between JSON quotes as it is, and is ASCII. */
function isPlainAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code > 0x7e || code === 0x22 || code === 0x5c) return false;
  }
  return true;
}

/** Whether the head built last ({@link compraJsonHead}) is ASCII only (then its byte length is its length). */
let headIsAscii = true;

/** JSON string literal of `text`, as JSON.stringify writes it; clears `headIsAscii` when it needs escapes or holds non-ASCII. */
function quote(text: string, cache: boolean): string {
  if (isPlainAscii(text)) return `"${text}"`;
  headIsAscii = false;
  if (!cache) return JSON.stringify(text);
  let quoted = quotedCache.get(text);
  if (quoted === undefined) {
    quoted = JSON.stringify(text);
    if (quotedCache.size < QUOTED_CACHE_LIMIT) quotedCache.set(text, quoted);
  }
  return quoted;
}

function number(value: number): string {
  return Number.isFinite(value) ? String(value) : 'null';
}

/**
 * The event's JSON without its closing brace, fields in {@link COMPRA_FIELDS} order: exactly what
 * JSON.stringify writes for a Compra, built without it (this runs for every message sent).
 */
function compraJsonHead(compra: Compra): string {
  headIsAscii = true;
  return (
    `{"id":${quote(compra.id, false)},"customer":${quote(compra.customer, true)},"product":${quote(compra.product, true)}` +
    `,"category":${quote(compra.category, true)},"quantity":${number(compra.quantity)},"unitPrice":${number(compra.unitPrice)}` +
    `,"total":${number(compra.total)},"store":${quote(compra.store, true)},"paymentMethod":${quote(compra.paymentMethod, true)}` +
    `,"timestamp":${quote(compra.timestamp, true)}`
  );
}

function byteLengthOf(text: string, ascii: boolean): number {
  return ascii ? text.length : Buffer.byteLength(text);
}

function unpadded(head: string, ascii: boolean): Buffer {
  return Buffer.from(`${head}}`, ascii ? 'latin1' : 'utf8');
}

/**
 * Encodes a purchase as UTF-8 JSON, the same bytes as `JSON.stringify(compra)`. With
 * `targetSizeBytes`, a last `padding` field of `x`s fills the event up to exactly that size
 * (events already larger are left as they are).
 */
export function encodeCompra(compra: Compra, targetSizeBytes?: number): Buffer {
  const head = compraJsonHead(compra);
  const ascii = headIsAscii;
  if (targetSizeBytes === undefined) return unpadded(head, ascii);
  const prefix = head + PADDING_KEY;
  const prefixBytes = byteLengthOf(prefix, ascii);
  if (prefixBytes + CLOSE_PADDED.length > targetSizeBytes) return unpadded(head, ascii);
  const buffer = Buffer.allocUnsafe(targetSizeBytes);
  buffer.write(prefix, 0, prefixBytes, ascii ? 'latin1' : 'utf8');
  buffer.fill(FILLER_BYTE, prefixBytes, targetSizeBytes - CLOSE_PADDED.length);
  buffer.write(CLOSE_PADDED, targetSizeBytes - CLOSE_PADDED.length, 'latin1');
  return buffer;
}

/** Encodes events one after the other; see {@link createCompraEncoder}. */
export type CompraEncoder = (compra: Compra) => Buffer;

/**
 * An encoder of padded events into one reused Buffer: each call returns the same Buffer,
 * overwritten by the next call. Only the JSON head is written per event (and the `x`s it no
 * longer covers); the filler and the closing `"}` stay in place. For clients that copy a
 * record's bytes before `send` returns. Without a target size (or for events larger than it),
 * a fresh Buffer per event, as {@link encodeCompra}.
 */
export function createCompraEncoder(targetSizeBytes: number | undefined, reuseBuffer: boolean): CompraEncoder {
  if (targetSizeBytes === undefined || !reuseBuffer) return (compra) => encodeCompra(compra, targetSizeBytes);
  const size = targetSizeBytes;
  const buffer = Buffer.alloc(size, FILLER_BYTE);
  buffer.write(CLOSE_PADDED, size - CLOSE_PADDED.length, 'latin1');
  /** Bytes from the start that are not filler: the previous event's head and padding key. */
  let writtenBytes = 0;
  return (compra) => {
    const head = compraJsonHead(compra);
    const ascii = headIsAscii;
    const prefix = head + PADDING_KEY;
    const prefixBytes = byteLengthOf(prefix, ascii);
    if (prefixBytes + CLOSE_PADDED.length > size) return unpadded(head, ascii);
    buffer.write(prefix, 0, prefixBytes, ascii ? 'latin1' : 'utf8');
    if (prefixBytes < writtenBytes) buffer.fill(FILLER_BYTE, prefixBytes, writtenBytes);
    writtenBytes = prefixBytes;
    return buffer;
  };
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
