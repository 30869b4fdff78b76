import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { ClientErrorKind } from '../../src/clients/client-adapter.js';
import { RDKAFKA_CODES, RDKAFKA_DESCRIPTIONS, classifyRdkafkaError, rdkafkaCodeName } from '../../src/clients/confluent-error-kinds.js';
import { classifyKafkajsError } from '../../src/clients/kafkajs-error-kinds.js';

const require = createRequire(import.meta.url);

/** kafkajs's own error classes and its protocol error factory, as kafkajs builds them. */
interface KafkajsErrorModule {
  KafkaJSProtocolError: new (e: unknown) => Error;
  KafkaJSNumberOfRetriesExceeded: new (e: Error, options: { retryCount: number; retryTime: number }) => Error;
  KafkaJSRequestTimeoutError: new (message: string, options?: Record<string, unknown>) => Error;
  KafkaJSConnectionError: new (message: string, options?: { broker?: string; code?: string }) => Error;
  KafkaJSConnectionClosedError: new (message: string, options?: { host?: string; port?: number }) => Error;
  KafkaJSSASLAuthenticationError: new (message: string) => Error;
  KafkaJSError: new (message: string, options?: { retriable?: boolean }) => Error;
  KafkaJSNonRetriableError: new (message: string) => Error;
  KafkaJSTimeout: new (message: string) => Error;
}
const kafkajs = require('kafkajs') as KafkajsErrorModule;
const { createErrorFromCode } = require('kafkajs/src/protocol/error') as { createErrorFromCode: (code: number) => Error };

/** The confluent package's error codes and error class (loads its native addon: main thread only). */
const rdkafka = require('@confluentinc/kafka-javascript') as { CODES: { ERRORS: Record<string, number> } };
const LibrdKafkaError = require('@confluentinc/kafka-javascript/lib/error') as { create: (e: unknown) => { code: number; message: string } };

/** Kafka protocol error codes, as kafkajs's createErrorFromCode takes them. */
const PROTOCOL = {
  UNKNOWN_TOPIC_OR_PARTITION: 3,
  LEADER_NOT_AVAILABLE: 5,
  NOT_LEADER_FOR_PARTITION: 6,
  REQUEST_TIMED_OUT: 7,
  MESSAGE_TOO_LARGE: 10,
  NOT_ENOUGH_REPLICAS: 19,
  NOT_ENOUGH_REPLICAS_AFTER_APPEND: 20,
  TOPIC_AUTHORIZATION_FAILED: 29,
  SASL_AUTHENTICATION_FAILED: 58,
  OFFSET_OUT_OF_RANGE: 1,
} as const;

function retriesExceeded(cause: Error): Error {
  return new kafkajs.KafkaJSNumberOfRetriesExceeded(cause, { retryCount: 5, retryTime: 3_000 });
}

describe('classifyKafkajsError', () => {
  it.each<[keyof typeof PROTOCOL, ClientErrorKind]>([
    ['NOT_ENOUGH_REPLICAS', 'not-enough-replicas'],
    ['NOT_ENOUGH_REPLICAS_AFTER_APPEND', 'not-enough-replicas'],
    ['NOT_LEADER_FOR_PARTITION', 'not-leader'],
    ['LEADER_NOT_AVAILABLE', 'not-leader'],
    ['REQUEST_TIMED_OUT', 'timeout'],
    ['MESSAGE_TOO_LARGE', 'message-too-large'],
    ['UNKNOWN_TOPIC_OR_PARTITION', 'unknown-topic'],
    ['TOPIC_AUTHORIZATION_FAILED', 'authorization'],
    ['SASL_AUTHENTICATION_FAILED', 'authorization'],
    ['OFFSET_OUT_OF_RANGE', 'other'],
  ])('classifies the protocol error %s as %s, keeping type and code', (type, kind) => {
    const error = createErrorFromCode(PROTOCOL[type]);
    const classified = classifyKafkajsError(error);
    expect(classified.kind).toBe(kind);
    expect(classified.message).toContain(error.message);
    expect(classified.message).toContain(`[${type} ${PROTOCOL[type]}]`);
    expect(classified.message).toMatch(/^KafkaJSProtocolError: /);
  });

  it('accepts the KIP-392 name NOT_LEADER_OR_FOLLOWER too', () => {
    const error = new kafkajs.KafkaJSProtocolError({ type: 'NOT_LEADER_OR_FOLLOWER', code: 6, retriable: true, message: 'not the leader' });
    expect(classifyKafkajsError(error).kind).toBe('not-leader');
  });

  it('looks through KafkaJSNumberOfRetriesExceeded to the cause, and says so', () => {
    const classified = classifyKafkajsError(retriesExceeded(createErrorFromCode(PROTOCOL.NOT_ENOUGH_REPLICAS)));
    expect(classified.kind).toBe('not-enough-replicas');
    expect(classified.message).toContain('NOT_ENOUGH_REPLICAS 19');
    expect(classified.message).toContain('KafkaJSNumberOfRetriesExceeded after 5 retries');
  });

  it('classifies request timeouts, also when retries ran out', () => {
    const timeout = new kafkajs.KafkaJSRequestTimeoutError('Request Produce(key: 0, version: 7) timed out', { broker: '127.0.0.1:9092' });
    expect(classifyKafkajsError(timeout)).toEqual({ kind: 'timeout', message: 'KafkaJSRequestTimeoutError: Request Produce(key: 0, version: 7) timed out' });
    expect(classifyKafkajsError(retriesExceeded(timeout)).kind).toBe('timeout');
    expect(classifyKafkajsError(new kafkajs.KafkaJSTimeout('Timeout while acquiring lock')).kind).toBe('timeout');
  });

  it('classifies connection failures as broker-unreachable, keeping the socket error code', () => {
    const refused = new kafkajs.KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:1', { broker: '127.0.0.1:1', code: 'ECONNREFUSED' });
    const classified = classifyKafkajsError(retriesExceeded(refused));
    expect(classified.kind).toBe('broker-unreachable');
    expect(classified.message).toContain('ECONNREFUSED');
    expect(classifyKafkajsError(new kafkajs.KafkaJSConnectionClosedError('Closed connection', { host: 'h', port: 1 })).kind).toBe('broker-unreachable');
  });

  it('classifies SASL failures as authorization', () => {
    expect(classifyKafkajsError(new kafkajs.KafkaJSSASLAuthenticationError('SASL PLAIN authentication failed')).kind).toBe('authorization');
  });

  it('classifies a disconnected producer as disconnected', () => {
    expect(classifyKafkajsError(new kafkajs.KafkaJSError('The producer is disconnected')).kind).toBe('disconnected');
    expect(classifyKafkajsError(new kafkajs.KafkaJSNonRetriableError("The producer is disconnecting; therefore, it can't safely accept messages anymore")).kind).toBe(
      'disconnected',
    );
  });

  it('keeps anything else as other with its text', () => {
    expect(classifyKafkajsError(new Error('boom'))).toEqual({ kind: 'other', message: 'Error: boom' });
    expect(classifyKafkajsError('plain string')).toEqual({ kind: 'other', message: 'plain string' });
  });
});

describe('classifyRdkafkaError', () => {
  it('uses the error codes of the installed @confluentinc/kafka-javascript', () => {
    for (const [name, code] of Object.entries(RDKAFKA_CODES)) expect(rdkafka.CODES.ERRORS[name], name).toBe(code);
  });

  it("knows librdkafka's description of every code it classifies", () => {
    for (const [name, text] of Object.entries(RDKAFKA_DESCRIPTIONS)) {
      const code = RDKAFKA_CODES[name as keyof typeof RDKAFKA_CODES];
      expect(LibrdKafkaError.create(code).message.replace(/^(Local|Broker): /, ''), name).toBe(text);
    }
  });

  it('recovers the code of client-level errors, which event.error delivers as text with code -1', () => {
    // The client turns librdkafka's error events into `new Error(err2str(code))`, then wraps it.
    const error = LibrdKafkaError.create(new Error('Local: All broker connections are down'));
    expect(error.code).toBe(-1);
    expect(classifyRdkafkaError(error)).toEqual({
      kind: 'broker-unreachable',
      message: 'all broker connections are down [ERR__ALL_BROKERS_DOWN -187]',
    });
    expect(classifyRdkafkaError(LibrdKafkaError.create(new Error('Broker: Topic authorization failed'))).kind).toBe('authorization');
    expect(classifyRdkafkaError(LibrdKafkaError.create(new Error('Local: something new')))).toEqual({ kind: 'other', message: 'something new [code -1]' });
  });

  it.each<[keyof typeof RDKAFKA_CODES, ClientErrorKind]>([
    ['ERR__MSG_TIMED_OUT', 'timeout'],
    ['ERR__TIMED_OUT', 'timeout'],
    ['ERR_REQUEST_TIMED_OUT', 'timeout'],
    ['ERR__QUEUE_FULL', 'queue-full'],
    ['ERR_NOT_ENOUGH_REPLICAS', 'not-enough-replicas'],
    ['ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND', 'not-enough-replicas'],
    ['ERR_NOT_LEADER_FOR_PARTITION', 'not-leader'],
    ['ERR__TRANSPORT', 'broker-unreachable'],
    ['ERR__ALL_BROKERS_DOWN', 'broker-unreachable'],
    ['ERR_MSG_SIZE_TOO_LARGE', 'message-too-large'],
    ['ERR__UNKNOWN_TOPIC', 'unknown-topic'],
    ['ERR_UNKNOWN_TOPIC_OR_PART', 'unknown-topic'],
    ['ERR_TOPIC_AUTHORIZATION_FAILED', 'authorization'],
    ['ERR__AUTHENTICATION', 'authorization'],
    ['ERR__STATE', 'disconnected'],
  ])('classifies %s as %s, keeping the text, name and code', (name, kind) => {
    const error = LibrdKafkaError.create(RDKAFKA_CODES[name]);
    const classified = classifyRdkafkaError(error);
    expect(classified.kind).toBe(kind);
    expect(classified.message).toBe(`${error.message} [${name} ${RDKAFKA_CODES[name]}]`);
  });

  it('classifies the plain {code, message} objects the callback API hands over', () => {
    expect(classifyRdkafkaError({ code: -192, message: 'Local: Message timed out' })).toEqual({
      kind: 'timeout',
      message: 'Local: Message timed out [ERR__MSG_TIMED_OUT -192]',
    });
  });

  it('keeps unknown codes as other with their number', () => {
    expect(classifyRdkafkaError({ code: 87, message: 'Broker: Invalid record' })).toEqual({ kind: 'other', message: 'Broker: Invalid record [code 87]' });
    expect(rdkafkaCodeName(87)).toBeUndefined();
  });

  it('classifies a bare code and plain Errors', () => {
    expect(classifyRdkafkaError(-184).kind).toBe('queue-full');
    expect(classifyRdkafkaError(new Error('Producer not connected'))).toEqual({ kind: 'disconnected', message: 'Producer not connected' });
    expect(classifyRdkafkaError(new TypeError('"topic" must be a string'))).toEqual({ kind: 'other', message: '"topic" must be a string' });
  });
});
