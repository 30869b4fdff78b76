/**
 * The few words kbench says about a broker address that failed, from errors shaped as kafkajs
 * throws them: the connection error (with `broker` and the socket `code`) wrapped by its retrier.
 * The advertised-listener case cannot be staged on 127.0.0.1 alone: it is checked here.
 */
import { describe, expect, it } from 'vitest';
import { connectionProblem } from '../../src/clients/connection-problem.js';

/** A connection error to `broker` as kafkajs wraps it once retries are exhausted. */
function kafkajsError(broker: string, message: string, code?: string): Error {
  const inner = Object.assign(new Error(message), { name: 'KafkaJSConnectionError', broker, code });
  return Object.assign(new Error(message), { name: 'KafkaJSNumberOfRetriesExceeded', cause: inner });
}

describe('connectionProblem', () => {
  it('names the socket error of the address itself', () => {
    expect(connectionProblem(kafkajsError('127.0.0.1:1', 'Connection error: connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED'), '127.0.0.1:1')).toBe(
      'connection refused (nothing listens there)',
    );
    expect(connectionProblem(kafkajsError('x.invalid:9092', 'Connection error: getaddrinfo ENOTFOUND x.invalid', 'ENOTFOUND'), 'x.invalid:9092')).toBe('host name not found');
    expect(connectionProblem(kafkajsError('10.0.0.1:9092', 'Connection timeout'), '10.0.0.1:9092')).toBe('connection timed out');
    expect(connectionProblem(kafkajsError('127.0.0.1:7', 'Connection closed by the server'), '127.0.0.1:7')).toMatch(/^connection closed by the broker \(kbench spoke PLAINTEXT\): the listener may want TLS or SASL/);
  });

  it('says when the address answered but the cluster advertises brokers that fail from here', () => {
    const problem = connectionProblem(kafkajsError('kafka-1:9092', 'Connection error: getaddrinfo ENOTFOUND kafka-1', 'ENOTFOUND'), '127.0.0.1:9092');
    expect(problem).toBe("answered, but the cluster advertises the broker kafka-1:9092, which fails from here: host name not found (check the brokers' advertised.listeners)");
  });

  it('keeps the message of anything else, without kafkajs prefixes', () => {
    expect(connectionProblem(new Error('Connection error: something odd'), 'a:1')).toBe('something odd');
    expect(connectionProblem('a string was thrown', 'a:1')).toBe('a string was thrown');
  });
});
