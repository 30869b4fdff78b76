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

  describe('TLS and SASL problems (the real cases are staged in test/integration/secure-clients.test.ts)', () => {
    const scram = { tls: undefined, sasl: { mechanism: 'scram-sha-512' as const, username: 'bench', password: { env: 'P' } } };
    const tls = { caFile: '/ca.pem', certFile: undefined, keyFile: undefined, keyPassword: undefined, verifyHostname: true };

    it('names a SASL mechanism the listener does not enable', () => {
      const error = Object.assign(new Error('SASL SCRAM-SHA-512 mechanism is not supported by the server'), { name: 'KafkaJSSASLAuthenticationError' });
      expect(connectionProblem(error, 'k:9093', scram)).toBe("SASL mechanism SCRAM-SHA-512 is not enabled on this listener (the brokers' sasl.enabled.mechanisms) — use one it enables");
    });

    it('names an untrusted certificate with the CA kbench trusted, and a host name mismatch with the names the certificate has', () => {
      const untrusted = kafkajsError('k:9093', 'Connection error: self-signed certificate in certificate chain', 'SELF_SIGNED_CERT_IN_CHAIN');
      expect(connectionProblem(untrusted, 'k:9093', { tls, sasl: undefined })).toMatch(/^untrusted certificate: .*\(tls\.caFile \/ca\.pem\)/);
      const mismatch = kafkajsError('localhost:9093', "Connection error: Hostname/IP does not match certificate's altnames: Host: localhost. is not in the cert's altnames: IP Address:127.0.0.1", 'ERR_TLS_CERT_ALTNAME_INVALID');
      expect(connectionProblem(mismatch, 'localhost:9093', { tls, sasl: undefined })).toMatch(/^host name mismatch: the broker's certificate does not name localhost \(it names IP Address:127\.0\.0\.1\)/);
    });

    it('names an expired token and a wrong password', () => {
      const refused = Object.assign(new Error('SASL OAUTHBEARER authentication failed: invalid token'), { name: 'KafkaJSSASLAuthenticationError' });
      expect(connectionProblem(refused, 'k:9093', { tls, sasl: { mechanism: 'oauthbearer', token: { file: '/t' } } })).toContain('the token was refused');
      const wrong = Object.assign(new Error('SASL SCRAM SHA512 authentication failed: Authentication failed during authentication due to invalid credentials'), { name: 'KafkaJSSASLAuthenticationError' });
      expect(connectionProblem(wrong, 'k:9093', scram)).toBe('authentication failed for user "bench" with SASL SCRAM-SHA-512: wrong user name or password');
    });
  });
});
