/**
 * Classifies the confluent client's (librdkafka's) errors into kbench's `ClientErrorKind`s, keeping
 * librdkafka's own text and code in the message. Pure: loads no Kafka library.
 */
import type { ClientError, ClientErrorKind } from './client-adapter.js';
import { isObject, textOf } from './error-text.js';

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
