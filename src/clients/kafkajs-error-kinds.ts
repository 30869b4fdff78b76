/**
 * Classifies kafkajs errors into kbench's `ClientErrorKind`s, keeping the client's own text and
 * code in the message. Pure: loads no Kafka library.
 */
import type { ClientError, ClientErrorKind } from './client-adapter.js';
import { isObject, textOf } from './error-text.js';
import { KIND_BY_KAFKA_ERROR_NAME } from './kafka-error-names.js';

/** kafkajs error class names (`error.name`) that decide the kind on their own. */
const KAFKAJS_KIND_BY_NAME: Record<string, ClientErrorKind> = {
  KafkaJSRequestTimeoutError: 'timeout',
  KafkaJSTimeout: 'timeout',
  KafkaJSLockTimeout: 'timeout',
  KafkaJSConnectionError: 'broker-unreachable',
  KafkaJSConnectionClosedError: 'broker-unreachable',
  KafkaJSBrokerNotFound: 'broker-unreachable',
  KafkaJSNoBrokerAvailableError: 'broker-unreachable',
  KafkaJSSASLAuthenticationError: 'authorization',
  KafkaJSMetadataNotLoaded: 'unknown-topic',
  KafkaJSTopicMetadataNotLoaded: 'unknown-topic',
};

/** The fields of a kafkajs error kbench reads (every kafkajs error is an `Error` with a `name`). */
interface KafkajsErrorShape {
  name?: unknown;
  message?: unknown;
  type?: unknown;
  code?: unknown;
  cause?: unknown;
  retryCount?: unknown;
}

/** The error followed by its `cause` chain (kafkajs wraps the real failure in KafkaJSNumberOfRetriesExceeded). */
function causeChain(error: KafkajsErrorShape): KafkajsErrorShape[] {
  const chain = [error];
  for (let current = error; chain.length < 10 && isObject(current.cause); ) {
    current = current.cause as KafkajsErrorShape;
    chain.push(current);
  }
  return chain;
}

function kafkajsKindOf(error: KafkajsErrorShape): ClientErrorKind | undefined {
  if (typeof error.type === 'string') {
    const kind = KIND_BY_KAFKA_ERROR_NAME[error.type];
    if (kind) return kind;
  }
  if (typeof error.name === 'string') {
    const kind = KAFKAJS_KIND_BY_NAME[error.name];
    if (kind) return kind;
  }
  const message = textOf(error);
  if (/producer is disconnect|consumer is disconnect|is disconnecting/i.test(message)) return 'disconnected';
  return undefined;
}

/**
 * Classifies an error thrown or reported by kafkajs. Retry wrappers are looked through: the
 * kind comes from the innermost cause (falling back to outer errors), the message names the
 * innermost error with its protocol type and code, and how many retries preceded it.
 */
export function classifyKafkajsError(error: unknown): ClientError {
  if (!isObject(error)) return { kind: 'other', message: String(error) };
  const outer = error as KafkajsErrorShape;
  const chain = causeChain(outer);
  const root = chain[chain.length - 1] ?? outer;
  let kind: ClientErrorKind = 'other';
  for (let i = chain.length - 1; i >= 0; i--) {
    const found = kafkajsKindOf(chain[i] as KafkajsErrorShape);
    if (found) {
      kind = found;
      break;
    }
  }
  const name = typeof root.name === 'string' ? root.name : 'Error';
  const codeParts = [typeof root.type === 'string' ? root.type : undefined, root.code !== undefined ? String(root.code) : undefined].filter(Boolean);
  const code = codeParts.length > 0 ? ` [${codeParts.join(' ')}]` : '';
  const retries = root !== outer && typeof outer.retryCount === 'number' ? ` (${String(outer.name)} after ${outer.retryCount} retries)` : '';
  return { kind, message: `${name}: ${textOf(root)}${code}${retries}` };
}
