/**
 * Classifies the errors of both Kafka clients into kbench's `ClientErrorKind`s, keeping the
 * client's own text and code in the message. Pure functions on the errors' shapes: nothing
 * here loads a Kafka library, so it is usable from any thread and in unit tests.
 */
import type { ClientError, ClientErrorKind } from './client-adapter.js';

/**
 * librdkafka error codes kbench classifies, as exported by @confluentinc/kafka-javascript 1.10
 * (librdkafka 2.15) in `CODES.ERRORS`. A unit test checks every number against the package.
 */
export const RDKAFKA_CODES = {
  ERR__DESTROY: -197,
  ERR__TRANSPORT: -195,
  ERR__RESOLVE: -193,
  ERR__MSG_TIMED_OUT: -192,
  ERR__UNKNOWN_PARTITION: -190,
  ERR__UNKNOWN_TOPIC: -188,
  ERR__ALL_BROKERS_DOWN: -187,
  ERR__TIMED_OUT: -185,
  ERR__QUEUE_FULL: -184,
  ERR__ISR_INSUFF: -183,
  ERR__ASSIGN_PARTITIONS: -175,
  ERR__REVOKE_PARTITIONS: -174,
  ERR__STATE: -172,
  ERR__AUTHENTICATION: -169,
  ERR__TIMED_OUT_QUEUE: -166,
  ERR__DESTROY_BROKER: -137,
  ERR_UNKNOWN_TOPIC_OR_PART: 3,
  ERR_LEADER_NOT_AVAILABLE: 5,
  ERR_NOT_LEADER_FOR_PARTITION: 6,
  ERR_REQUEST_TIMED_OUT: 7,
  ERR_BROKER_NOT_AVAILABLE: 8,
  ERR_MSG_SIZE_TOO_LARGE: 10,
  ERR_NETWORK_EXCEPTION: 13,
  ERR_RECORD_LIST_TOO_LARGE: 18,
  ERR_NOT_ENOUGH_REPLICAS: 19,
  ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND: 20,
  ERR_TOPIC_AUTHORIZATION_FAILED: 29,
  ERR_GROUP_AUTHORIZATION_FAILED: 30,
  ERR_CLUSTER_AUTHORIZATION_FAILED: 31,
  ERR_UNSUPPORTED_SASL_MECHANISM: 33,
  ERR_ILLEGAL_SASL_STATE: 34,
  ERR_TRANSACTIONAL_ID_AUTHORIZATION_FAILED: 53,
  ERR_SASL_AUTHENTICATION_FAILED: 58,
  ERR_DELEGATION_TOKEN_AUTHORIZATION_FAILED: 65,
  ERR_UNKNOWN_TOPIC_ID: 100,
} as const;

type RdkafkaCodeName = keyof typeof RDKAFKA_CODES;

const RDKAFKA_KIND_BY_NAME: Record<RdkafkaCodeName, ClientErrorKind> = {
  ERR__DESTROY: 'disconnected',
  ERR__TRANSPORT: 'broker-unreachable',
  ERR__RESOLVE: 'broker-unreachable',
  ERR__MSG_TIMED_OUT: 'timeout',
  ERR__UNKNOWN_PARTITION: 'unknown-topic',
  ERR__UNKNOWN_TOPIC: 'unknown-topic',
  ERR__ALL_BROKERS_DOWN: 'broker-unreachable',
  ERR__TIMED_OUT: 'timeout',
  ERR__QUEUE_FULL: 'queue-full',
  ERR__ISR_INSUFF: 'not-enough-replicas',
  // Rebalance signals, not failures; classified only so that a stray one is not 'other'.
  ERR__ASSIGN_PARTITIONS: 'other',
  ERR__REVOKE_PARTITIONS: 'other',
  ERR__STATE: 'disconnected',
  ERR__AUTHENTICATION: 'authorization',
  ERR__TIMED_OUT_QUEUE: 'timeout',
  ERR__DESTROY_BROKER: 'disconnected',
  ERR_UNKNOWN_TOPIC_OR_PART: 'unknown-topic',
  ERR_LEADER_NOT_AVAILABLE: 'not-leader',
  ERR_NOT_LEADER_FOR_PARTITION: 'not-leader',
  ERR_REQUEST_TIMED_OUT: 'timeout',
  ERR_BROKER_NOT_AVAILABLE: 'broker-unreachable',
  ERR_MSG_SIZE_TOO_LARGE: 'message-too-large',
  ERR_NETWORK_EXCEPTION: 'broker-unreachable',
  ERR_RECORD_LIST_TOO_LARGE: 'message-too-large',
  ERR_NOT_ENOUGH_REPLICAS: 'not-enough-replicas',
  ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND: 'not-enough-replicas',
  ERR_TOPIC_AUTHORIZATION_FAILED: 'authorization',
  ERR_GROUP_AUTHORIZATION_FAILED: 'authorization',
  ERR_CLUSTER_AUTHORIZATION_FAILED: 'authorization',
  ERR_UNSUPPORTED_SASL_MECHANISM: 'authorization',
  ERR_ILLEGAL_SASL_STATE: 'authorization',
  ERR_TRANSACTIONAL_ID_AUTHORIZATION_FAILED: 'authorization',
  ERR_SASL_AUTHENTICATION_FAILED: 'authorization',
  ERR_DELEGATION_TOKEN_AUTHORIZATION_FAILED: 'authorization',
  ERR_UNKNOWN_TOPIC_ID: 'unknown-topic',
};

const RDKAFKA_NAME_BY_CODE = new Map<number, RdkafkaCodeName>(
  (Object.entries(RDKAFKA_CODES) as Array<[RdkafkaCodeName, number]>).map(([name, code]) => [code, name]),
);

/**
 * librdkafka's descriptions of those codes (`rd_kafka_err2str`, without its "Local: " or
 * "Broker: " prefix). Client-level errors (`event.error`) reach JavaScript as text only, with
 * code -1: the description is how their code is recovered. Checked against the package too.
 */
export const RDKAFKA_DESCRIPTIONS: Record<RdkafkaCodeName, string> = {
  ERR__DESTROY: 'Broker handle destroyed for termination',
  ERR__TRANSPORT: 'Broker transport failure',
  ERR__RESOLVE: 'Host resolution failure',
  ERR__MSG_TIMED_OUT: 'Message timed out',
  ERR__UNKNOWN_PARTITION: 'Unknown partition',
  ERR__UNKNOWN_TOPIC: 'Unknown topic',
  ERR__ALL_BROKERS_DOWN: 'All broker connections are down',
  ERR__TIMED_OUT: 'Timed out',
  ERR__QUEUE_FULL: 'Queue full',
  ERR__ISR_INSUFF: 'ISR count insufficient',
  ERR__ASSIGN_PARTITIONS: 'Assign partitions',
  ERR__REVOKE_PARTITIONS: 'Revoke partitions',
  ERR__STATE: 'Erroneous state',
  ERR__AUTHENTICATION: 'Authentication failure',
  ERR__TIMED_OUT_QUEUE: 'Timed out in queue',
  ERR__DESTROY_BROKER: 'Broker handle destroyed without termination',
  ERR_UNKNOWN_TOPIC_OR_PART: 'Unknown topic or partition',
  ERR_LEADER_NOT_AVAILABLE: 'Leader not available',
  ERR_NOT_LEADER_FOR_PARTITION: 'Not leader for partition',
  ERR_REQUEST_TIMED_OUT: 'Request timed out',
  ERR_BROKER_NOT_AVAILABLE: 'Broker not available',
  ERR_MSG_SIZE_TOO_LARGE: 'Message size too large',
  ERR_NETWORK_EXCEPTION: 'Broker disconnected before response received',
  ERR_RECORD_LIST_TOO_LARGE: 'Message batch larger than configured server segment size',
  ERR_NOT_ENOUGH_REPLICAS: 'Not enough in-sync replicas',
  ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND: 'Message(s) written to insufficient number of in-sync replicas',
  ERR_TOPIC_AUTHORIZATION_FAILED: 'Topic authorization failed',
  ERR_GROUP_AUTHORIZATION_FAILED: 'Group authorization failed',
  ERR_CLUSTER_AUTHORIZATION_FAILED: 'Cluster authorization failed',
  ERR_UNSUPPORTED_SASL_MECHANISM: 'Unsupported SASL mechanism',
  ERR_ILLEGAL_SASL_STATE: 'Request not valid in current SASL state',
  ERR_TRANSACTIONAL_ID_AUTHORIZATION_FAILED: 'Transactional Id authorization failed',
  ERR_SASL_AUTHENTICATION_FAILED: 'SASL Authentication failed',
  ERR_DELEGATION_TOKEN_AUTHORIZATION_FAILED: 'Delegation Token authorization failed',
  ERR_UNKNOWN_TOPIC_ID: 'Unknown topic id',
};

const RDKAFKA_NAME_BY_DESCRIPTION = new Map<string, RdkafkaCodeName>(
  (Object.entries(RDKAFKA_DESCRIPTIONS) as Array<[RdkafkaCodeName, string]>).map(([name, text]) => [text.toLowerCase(), name]),
);

/** Kafka protocol error names (as kafkajs spells them in `KafkaJSProtocolError.type`) by kind. */
const PROTOCOL_KIND_BY_TYPE: Record<string, ClientErrorKind> = {
  REQUEST_TIMED_OUT: 'timeout',
  NOT_ENOUGH_REPLICAS: 'not-enough-replicas',
  NOT_ENOUGH_REPLICAS_AFTER_APPEND: 'not-enough-replicas',
  NOT_LEADER_FOR_PARTITION: 'not-leader',
  NOT_LEADER_OR_FOLLOWER: 'not-leader',
  LEADER_NOT_AVAILABLE: 'not-leader',
  MESSAGE_TOO_LARGE: 'message-too-large',
  RECORD_LIST_TOO_LARGE: 'message-too-large',
  UNKNOWN_TOPIC_OR_PARTITION: 'unknown-topic',
  UNKNOWN_TOPIC_ID: 'unknown-topic',
  BROKER_NOT_AVAILABLE: 'broker-unreachable',
  NETWORK_EXCEPTION: 'broker-unreachable',
  TOPIC_AUTHORIZATION_FAILED: 'authorization',
  GROUP_AUTHORIZATION_FAILED: 'authorization',
  CLUSTER_AUTHORIZATION_FAILED: 'authorization',
  TRANSACTIONAL_ID_AUTHORIZATION_FAILED: 'authorization',
  DELEGATION_TOKEN_AUTHORIZATION_FAILED: 'authorization',
  SASL_AUTHENTICATION_FAILED: 'authorization',
  UNSUPPORTED_SASL_MECHANISM: 'authorization',
  ILLEGAL_SASL_STATE: 'authorization',
};

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

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function textOf(value: unknown): string {
  if (isObject(value) && typeof value.message === 'string') return value.message;
  return String(value);
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
    const kind = PROTOCOL_KIND_BY_TYPE[error.type];
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

/** The shape of a librdkafka error as the confluent client hands it over (`LibrdKafkaError`). */
interface RdkafkaErrorShape {
  code?: unknown;
  message?: unknown;
}

/** The symbolic name of a librdkafka error code kbench knows, e.g. `ERR__MSG_TIMED_OUT` for -192. */
export function rdkafkaCodeName(code: number): string | undefined {
  return RDKAFKA_NAME_BY_CODE.get(code);
}

/** The kind of a librdkafka error code. */
export function rdkafkaKindOf(code: number): ClientErrorKind {
  const name = RDKAFKA_NAME_BY_CODE.get(code);
  return name ? RDKAFKA_KIND_BY_NAME[name] : 'other';
}

/** The code whose librdkafka description `text` is (any "Local: " / "Broker: " prefix and case ignored). */
function codeFromDescription(text: string): number | undefined {
  const name = RDKAFKA_NAME_BY_DESCRIPTION.get(text.replace(/^(local|broker): /i, '').trim().toLowerCase());
  return name ? RDKAFKA_CODES[name] : undefined;
}

/**
 * Classifies an error of @confluentinc/kafka-javascript's callback API: a `LibrdKafkaError`
 * (`{code, message}`), a bare error code, or a plain Error (e.g. 'Producer not connected').
 * Errors that lost their code (code -1, as `event.error` delivers them) get it back from
 * librdkafka's description when it is one kbench knows.
 */
export function classifyRdkafkaError(error: unknown): ClientError {
  if (typeof error === 'number') return { kind: rdkafkaKindOf(error), message: `librdkafka error [${rdkafkaCodeName(error) ?? 'code'} ${error}]` };
  if (!isObject(error)) return { kind: 'other', message: String(error) };
  const shape = error as RdkafkaErrorShape;
  const text = textOf(error);
  const givenCode = typeof shape.code === 'number' && shape.code !== -1 ? shape.code : undefined;
  const code = givenCode ?? codeFromDescription(text) ?? (typeof shape.code === 'number' ? shape.code : undefined);
  if (code !== undefined) {
    const name = rdkafkaCodeName(code);
    return { kind: rdkafkaKindOf(code), message: `${text} [${name ? `${name} ` : 'code '}${code}]` };
  }
  if (/not connected|is disconnected/i.test(text)) return { kind: 'disconnected', message: text };
  return { kind: 'other', message: text };
}
