/**
 * Kafka protocol error names (as the protocol spells them: `NOT_LEADER_OR_FOLLOWER`), by the kind
 * kbench counts them under, for the clients that report errors by that name (kafkajs's
 * `KafkaJSProtocolError.type`, @platformatic/kafka's `ProtocolError.apiId`). Pure data.
 */
import type { ClientErrorKind } from './client-adapter.js';

export const KIND_BY_KAFKA_ERROR_NAME: Readonly<Record<string, ClientErrorKind>> = {
  REQUEST_TIMED_OUT: 'timeout',
  NOT_ENOUGH_REPLICAS: 'not-enough-replicas',
  NOT_ENOUGH_REPLICAS_AFTER_APPEND: 'not-enough-replicas',
  NOT_LEADER_FOR_PARTITION: 'not-leader',
  NOT_LEADER_OR_FOLLOWER: 'not-leader',
  LEADER_NOT_AVAILABLE: 'not-leader',
  FENCED_LEADER_EPOCH: 'not-leader',
  BROKER_NOT_AVAILABLE: 'broker-unreachable',
  NETWORK_EXCEPTION: 'broker-unreachable',
  COORDINATOR_NOT_AVAILABLE: 'broker-unreachable',
  MESSAGE_TOO_LARGE: 'message-too-large',
  RECORD_LIST_TOO_LARGE: 'message-too-large',
  UNKNOWN_TOPIC_OR_PARTITION: 'unknown-topic',
  UNKNOWN_TOPIC_ID: 'unknown-topic',
  TOPIC_AUTHORIZATION_FAILED: 'authorization',
  GROUP_AUTHORIZATION_FAILED: 'authorization',
  CLUSTER_AUTHORIZATION_FAILED: 'authorization',
  TRANSACTIONAL_ID_AUTHORIZATION_FAILED: 'authorization',
  DELEGATION_TOKEN_AUTHORIZATION_FAILED: 'authorization',
  SASL_AUTHENTICATION_FAILED: 'authorization',
  UNSUPPORTED_SASL_MECHANISM: 'authorization',
  ILLEGAL_SASL_STATE: 'authorization',
};
