/**
 * Classifies @platformatic/kafka errors into kbench's `ClientErrorKind`s, keeping the library's
 * own code, Kafka error name and text in the message. Pure: loads no Kafka library.
 *
 * The library's errors are `GenericError`s with a `code` starting `PLT_KFK_`. Failed retries
 * arrive as a `MultipleErrors` (an AggregateError, code PLT_KFK_MULTIPLE) holding every attempt's
 * error; a broker's error response as a `ResponseError` (PLT_KFK_RESPONSE) holding one
 * `ProtocolError` (PLT_KFK_PROTOCOL) per failed partition, with Kafka's error name in `apiId`.
 * Its `TimeoutError` carries the code PLT_KFK_NETWORK (the library's own code), so a timeout is
 * told from a network failure by its text.
 */
import type { ClientError, ClientErrorKind } from './client-adapter.js';
import { isObject, textOf } from './error-text.js';
import { KIND_BY_KAFKA_ERROR_NAME } from './kafka-error-names.js';
import { ClientFailure } from './client-failure.js';


/** The fields of a library error kbench reads. */
interface PlatformaticErrorShape {
  code?: unknown;
  apiId?: unknown;
  message?: unknown;
  closed?: unknown;
  errors?: unknown;
  cause?: unknown;
}

/** The error and everything under it (attempts, partitions, causes), depth first, in their order. */
function flatten(error: PlatformaticErrorShape, into: PlatformaticErrorShape[] = [], depth = 0): PlatformaticErrorShape[] {
  into.push(error);
  if (depth >= 6 || into.length > 64) return into;
  if (Array.isArray(error.errors)) for (const inner of error.errors) if (isObject(inner)) flatten(inner as PlatformaticErrorShape, into, depth + 1);
  if (isObject(error.cause)) flatten(error.cause as PlatformaticErrorShape, into, depth + 1);
  return into;
}

function kindOf(error: PlatformaticErrorShape): ClientErrorKind | undefined {
  if (typeof error.apiId === 'string') return KIND_BY_KAFKA_ERROR_NAME[error.apiId];
  const message = textOf(error);
  if (error.closed === true || /^Client is closed|^Client closed while|Connection pool is closed/.test(message)) return 'disconnected';
  switch (error.code) {
    case 'PLT_KFK_TIMEOUT':
      return 'timeout';
    case 'PLT_KFK_AUTHENTICATION':
      return 'authorization';
    case 'PLT_KFK_NETWORK':
      return /timed out/i.test(message) ? 'timeout' : 'broker-unreachable';
    default:
      break;
  }
  // Node's own socket errors (in a NetworkError's cause).
  if (typeof error.code === 'string' && /^(ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EPIPE|EAI_AGAIN)$/.test(error.code)) return 'broker-unreachable';
  if (error.code === 'ETIMEDOUT') return 'timeout';
  return undefined;
}

function describe(error: PlatformaticErrorShape): string {
  const parts = [typeof error.code === 'string' ? error.code : 'Error', typeof error.apiId === 'string' ? error.apiId : undefined].filter(Boolean);
  return `${parts.join(' ')}: ${textOf(error)}`;
}

/**
 * Classifies an error of @platformatic/kafka. The kind is the most recent decisive one (the last
 * attempt's error wins over the first's); the message names that error, and the outer one when
 * it wraps it (e.g. "produce failed 4 times.").
 */
export function classifyPlatformaticError(error: unknown): ClientError {
  if (!isObject(error)) return { kind: 'other', message: String(error) };
  const outer = error as PlatformaticErrorShape;
  const all = flatten(outer);
  for (let i = all.length - 1; i >= 0; i--) {
    const candidate = all[i] as PlatformaticErrorShape;
    const kind = kindOf(candidate);
    if (kind === undefined) continue;
    const wrapped = candidate === outer ? '' : ` (${describe(outer)})`;
    return { kind, message: `${describe(candidate)}${wrapped}` };
  }
  const innermost = all[all.length - 1] as PlatformaticErrorShape;
  return { kind: 'other', message: innermost === outer ? describe(outer) : `${describe(innermost)} (${describe(outer)})` };
}

/** True for the group errors after which the library rejoins by itself (a rebalance under way), not failures. */
export function isRejoinError(error: unknown): boolean {
  if (!isObject(error)) return false;
  return flatten(error as PlatformaticErrorShape).some((e) => typeof e.apiId === 'string' && ['REBALANCE_IN_PROGRESS', 'ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID', 'MEMBER_ID_REQUIRED'].includes(e.apiId));
}

/** A rejection of the adapter's promises (commits, transactions): an `Error` whose `kind` and `message` are a `ClientError`'s. */
/** `error` as a rejection carrying its kind; `cause` is the library's own error, kept for debugging. */
export function platformaticFailure(error: ClientError, cause?: unknown): ClientFailure {
  return ClientFailure.of(error, cause);
}
