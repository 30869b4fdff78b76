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

/** Product categories, each with at least one product. */
export const CATEGORIES = ['ropa', 'calzado', 'electronica', 'alimentacion', 'libros', 'hogar'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Product name, category and unit price in euros (VAT included, as Spanish shops show prices). */
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
] as const satisfies ReadonlyArray<{ product: string; category: Category; unitPrice: number }>;

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

/**
 * Encoding. This runs for every message sent, so an event is not passed to JSON.stringify:
 * its JSON is assembled from byte fragments, one per field (`,"customer":"ana.garcia"`), each
 * rendered once with JSON.stringify and cached (the fields take few distinct values), plus the
 * id, written per event. The bytes are exactly JSON.stringify's for a Compra whose keys are in
 * {@link COMPRA_FIELDS} order (as {@link createCompra} makes them).
 */
const FILLER_BYTE = 0x78; // x
const CLOSE_BRACE_BYTE = 0x7d; // }
const PADDING_KEY = Buffer.from(',"padding":"');
const CLOSE_PADDED = Buffer.from('"}');

/** Most fragments cached per field; values past it are rendered each time (still exact). */
const FRAGMENT_CACHE_LIMIT = 4096;

type FieldValue = string | number;

/** A field's fragment cache and renderer: `,"<field>":<JSON value>`. */
function fieldFragments<V extends FieldValue>(field: string): (value: V) => Buffer {
  const cache = new Map<V, Buffer>();
  const prefix = `,${JSON.stringify(field)}:`;
  return (value) => {
    let bytes = cache.get(value);
    if (bytes === undefined) {
      bytes = Buffer.from(prefix + JSON.stringify(value));
      if (cache.size < FRAGMENT_CACHE_LIMIT) cache.set(value, bytes);
    }
    return bytes;
  };
}

const FIELD_FRAGMENTS = {
  customer: fieldFragments<string>('customer'),
  product: fieldFragments<string>('product'),
  category: fieldFragments<string>('category'),
  quantity: fieldFragments<number>('quantity'),
  unitPrice: fieldFragments<number>('unitPrice'),
  total: fieldFragments<number>('total'),
  store: fieldFragments<string>('store'),
  paymentMethod: fieldFragments<string>('paymentMethod'),
};

/** The timestamp fragment last rendered (events of one millisecond share it). */
let lastTimestampText = '';
let lastTimestampFragment = Buffer.from(',"timestamp":""');

function timestampFragment(timestamp: string): Buffer {
  if (timestamp !== lastTimestampText) {
    lastTimestampFragment = Buffer.from(`,"timestamp":${JSON.stringify(timestamp)}`);
    lastTimestampText = timestamp;
  }
  return lastTimestampFragment;
}

/** True when `text` is ASCII and goes between JSON quotes as it is. */
function isPlainAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code > 0x7e || code === 0x22 || code === 0x5c) return false;
  }
  return true;
}

/** An event's JSON head (everything before the padding key or the closing brace), in pieces. */
interface EncodedHead {
  /** `{"id":"…"` as text (written per event) and its length in bytes. */
  idText: string;
  idBytes: number;
  idAscii: boolean;
  /** The other fields' fragments, in field order. */
  fragments: Buffer[];
  /** Bytes of the whole head. */
  headBytes: number;
}

/** Scratch head reused by every encode (one encode at a time: JavaScript runs one call at once). */
const scratchHead: EncodedHead = { idText: '', idBytes: 0, idAscii: true, fragments: new Array<Buffer>(9), headBytes: 0 };

function encodeHead(compra: Compra): EncodedHead {
  const head = scratchHead;
  const plain = isPlainAscii(compra.id);
  head.idText = plain ? `{"id":"${compra.id}"` : `{"id":${JSON.stringify(compra.id)}`;
  head.idAscii = plain;
  head.idBytes = plain ? head.idText.length : Buffer.byteLength(head.idText);
  const f = head.fragments;
  f[0] = FIELD_FRAGMENTS.customer(compra.customer);
  f[1] = FIELD_FRAGMENTS.product(compra.product);
  f[2] = FIELD_FRAGMENTS.category(compra.category);
  f[3] = FIELD_FRAGMENTS.quantity(compra.quantity);
  f[4] = FIELD_FRAGMENTS.unitPrice(compra.unitPrice);
  f[5] = FIELD_FRAGMENTS.total(compra.total);
  f[6] = FIELD_FRAGMENTS.store(compra.store);
  f[7] = FIELD_FRAGMENTS.paymentMethod(compra.paymentMethod);
  f[8] = timestampFragment(compra.timestamp);
  let bytes = head.idBytes;
  for (let i = 0; i < f.length; i++) bytes += (f[i] as Buffer).length;
  head.headBytes = bytes;
  return head;
}

/** Writes the head at the start of `target`; returns the offset after it. */
function writeHead(head: EncodedHead, target: Buffer): number {
  target.write(head.idText, 0, head.idBytes, head.idAscii ? 'latin1' : 'utf8');
  let offset = head.idBytes;
  for (const fragment of head.fragments) {
    target.set(fragment, offset);
    offset += fragment.length;
  }
  return offset;
}

/** The event without padding: the head and `}`. */
function encodeUnpadded(head: EncodedHead): Buffer {
  const buffer = Buffer.allocUnsafe(head.headBytes + 1);
  buffer[writeHead(head, buffer)] = CLOSE_BRACE_BYTE;
  return buffer;
}

/** Whether a head leaves room for the padding key and the closing `"}` within `targetSizeBytes`. */
function fitsPadded(head: EncodedHead, targetSizeBytes: number): boolean {
  return head.headBytes + PADDING_KEY.length + CLOSE_PADDED.length <= targetSizeBytes;
}

/**
 * Encodes a purchase as UTF-8 JSON, the same bytes as `JSON.stringify(compra)`. With
 * `targetSizeBytes`, a last `padding` field of `x`s fills the event up to exactly that size
 * (events already larger are left as they are).
 */
export function encodeCompra(compra: Compra, targetSizeBytes?: number): Buffer {
  const head = encodeHead(compra);
  if (targetSizeBytes === undefined || !fitsPadded(head, targetSizeBytes)) return encodeUnpadded(head);
  const buffer = Buffer.allocUnsafe(targetSizeBytes);
  const fillFrom = writeHead(head, buffer) + PADDING_KEY.length;
  buffer.set(PADDING_KEY, fillFrom - PADDING_KEY.length);
  buffer.fill(FILLER_BYTE, fillFrom, targetSizeBytes - CLOSE_PADDED.length);
  buffer.set(CLOSE_PADDED, targetSizeBytes - CLOSE_PADDED.length);
  return buffer;
}

/** Encodes events one after the other; see {@link createCompraEncoder}. */
export type CompraEncoder = (compra: Compra) => Buffer;

/**
 * An encoder of padded events into one reused Buffer: each call returns the same Buffer,
 * overwritten by the next call. Only the head is written per event (and the `x`s it no longer
 * covers); the filler and the closing `"}` stay in place. For clients that copy a record's bytes
 * before `send` returns. Without a target size (or for events larger than it), a fresh Buffer
 * per event, as {@link encodeCompra}.
 */
export function createCompraEncoder(targetSizeBytes: number | undefined, reuseBuffer: boolean): CompraEncoder {
  if (targetSizeBytes === undefined || !reuseBuffer) return (compra) => encodeCompra(compra, targetSizeBytes);
  const size = targetSizeBytes;
  const buffer = Buffer.alloc(size, FILLER_BYTE);
  buffer.set(CLOSE_PADDED, size - CLOSE_PADDED.length);
  /** Bytes from the start that are not filler: the previous event's head and padding key. */
  let writtenBytes = 0;
  return (compra) => {
    const head = encodeHead(compra);
    if (!fitsPadded(head, size)) return encodeUnpadded(head);
    const prefixBytes = writeHead(head, buffer) + PADDING_KEY.length;
    buffer.set(PADDING_KEY, prefixBytes - PADDING_KEY.length);
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

/**
 * Decodes an event read back from Kafka (UTF-8 JSON): the purchase, or undefined when the bytes
 * are not JSON or {@link validateCompra} finds a problem (another tool's record, a truncated one).
 */
export function decodeCompra(value: Buffer): Compra | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString('utf8'));
  } catch {
    return undefined;
  }
  return validateCompra(parsed).length === 0 ? (parsed as Compra) : undefined;
}
