/**
 * The @platformatic/kafka error mapping, against the library's own error classes built as the
 * library builds them (a broker's error response, retries that ran out, socket and SASL failures),
 * and kbench's murmur2 placement and range assignment against the library's pieces.
 */
import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  MultipleErrors,
  NetworkError,
  ProtocolError,
  ResponseError,
  TimeoutError,
  UnsupportedCompressionError,
  UserError,
  compatibilityPartitioner,
  type ClusterMetadata,
  type ExtendedGroupProtocolSubscription,
} from '@platformatic/kafka';
import type { ClientErrorKind } from '../../src/clients/client-adapter.js';
import { keyPartition, murmur2 } from '../../src/clients/partition-picker.js';
import { rangeAssigner } from '../../src/clients/platformatic-assignors.js';
import { classifyPlatformaticError, isRejoinError } from '../../src/clients/platformatic-error-kinds.js';

/** A Produce (API 0) response with one partition failing with Kafka error `code`, as the library reports it. */
function produceResponseError(code: number): Error {
  return new ResponseError(0, 11, { '/responses/0/partitions/0': [code, null] }, {});
}

describe('classifyPlatformaticError', () => {
  const protocolCases: Array<[number, string, ClientErrorKind]> = [
    [3, 'UNKNOWN_TOPIC_OR_PARTITION', 'unknown-topic'],
    [5, 'LEADER_NOT_AVAILABLE', 'not-leader'],
    [6, 'NOT_LEADER_OR_FOLLOWER', 'not-leader'],
    [7, 'REQUEST_TIMED_OUT', 'timeout'],
    [10, 'MESSAGE_TOO_LARGE', 'message-too-large'],
    [18, 'RECORD_LIST_TOO_LARGE', 'message-too-large'],
    [19, 'NOT_ENOUGH_REPLICAS', 'not-enough-replicas'],
    [20, 'NOT_ENOUGH_REPLICAS_AFTER_APPEND', 'not-enough-replicas'],
    [29, 'TOPIC_AUTHORIZATION_FAILED', 'authorization'],
    [58, 'SASL_AUTHENTICATION_FAILED', 'authorization'],
  ];
  it.each(protocolCases)('classifies Kafka error %i (%s) in a broker response as %s', (code, name, kind) => {
    const classified = classifyPlatformaticError(produceResponseError(code));
    expect(classified.kind).toBe(kind);
    expect(classified.message).toContain(`PLT_KFK_PROTOCOL ${name}`);
    expect(classified.message).toContain('PLT_KFK_RESPONSE');
  });

  it('takes the last attempt of retries that ran out, and names the wrapper', () => {
    const retries = new MultipleErrors('produce failed 3 times.', [new NetworkError('Connection closed'), produceResponseError(6), produceResponseError(19)]);
    const classified = classifyPlatformaticError(retries);
    expect(classified.kind).toBe('not-enough-replicas');
    expect(classified.message).toContain('produce failed 3 times.');
  });

  it("tells the library's TimeoutError (which carries PLT_KFK_NETWORK) from a network failure", () => {
    const timeout = new TimeoutError('Request timed out');
    expect((timeout as { code?: string }).code).toBe('PLT_KFK_NETWORK');
    expect(classifyPlatformaticError(timeout).kind).toBe('timeout');
    expect(classifyPlatformaticError(new TimeoutError('Connection to 127.0.0.1:9092 timed out.')).kind).toBe('timeout');
  });

  it('classifies refused connections as broker-unreachable, keeping the text', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    const failure = new NetworkError('Connection to 127.0.0.1:9 failed.', { cause: refused });
    const classified = classifyPlatformaticError(new MultipleErrors('metadata failed 4 times.', [failure, failure]));
    expect(classified.kind).toBe('broker-unreachable');
    expect(classified.message).toContain('127.0.0.1:9');
  });

  it('classifies SASL failures as authorization', () => {
    expect(classifyPlatformaticError(new AuthenticationError('SASL authentication failed.')).kind).toBe('authorization');
  });

  it('classifies a closed client as disconnected', () => {
    expect(classifyPlatformaticError(new NetworkError('Client is closed.', { closed: true })).kind).toBe('disconnected');
    expect(classifyPlatformaticError(new MultipleErrors('produce failed 2 times.', [new NetworkError('Connection closed'), new UserError('Client closed while retrying produce.')])).kind).toBe('disconnected');
  });

  it('keeps anything else as other with its code and text', () => {
    const classified = classifyPlatformaticError(new UnsupportedCompressionError('zstd is not supported in the current Node.js version'));
    expect(classified).toEqual({ kind: 'other', message: 'PLT_KFK_UNSUPPORTED_COMPRESSION: zstd is not supported in the current Node.js version' });
    expect(classifyPlatformaticError('boom')).toEqual({ kind: 'other', message: 'boom' });
  });

  it('recognises the group errors the library rejoins after', () => {
    expect(isRejoinError(new ResponseError(8, 9, { '': [27, null] }, {}))).toBe(true); // REBALANCE_IN_PROGRESS
    expect(isRejoinError(new ProtocolError('ILLEGAL_GENERATION'))).toBe(true);
    expect(isRejoinError(produceResponseError(6))).toBe(false);
  });
});

describe('murmur2 placement (partition-picker.ts)', () => {
  it("hashes as the library's Java-compatible partitioner does", () => {
    const keys = ['', 'a', 'ab', 'abc', 'abcd', 'customer-17', 'end-marker-3', ...Array.from({ length: 200 }, (_, i) => `k${i * 7919}`)];
    for (const key of keys) {
      const buffer = Buffer.from(key);
      expect(murmur2(buffer) & 0x7fffffff).toBe(compatibilityPartitioner({ topic: 't', value: buffer }, buffer));
    }
  });

  it('places keys as the Java client does (known partitions of 6)', () => {
    // Kafka's own test vectors of Utils.murmur2: "21" → -973932308, "foobar" → -790332482.
    expect(murmur2(Buffer.from('21'))).toBe(-973932308);
    expect(murmur2(Buffer.from('foobar'))).toBe(-790332482);
    expect(keyPartition(Buffer.from('foobar'), 6)).toBe((-790332482 & 0x7fffffff) % 6);
  });
});

describe('range assignment for @platformatic/kafka', () => {
  const metadata = { topics: new Map([['t', { partitionsCount: 7 }]]) } as unknown as ClusterMetadata;
  const members = new Map<string, ExtendedGroupProtocolSubscription>(
    ['m-c', 'm-a', 'm-b'].map((memberId) => [memberId, { memberId, version: 1, topics: ['t'] }]),
  );

  it('gives members, in member-id order, contiguous ranges, the first ones one more', () => {
    const result = rangeAssigner('m-a', members, new Set(['t']), metadata);
    const byMember = Object.fromEntries(result.map((r) => [r.memberId, r.assignments.get('t')?.partitions ?? []]));
    expect(byMember).toEqual({ 'm-a': [0, 1, 2], 'm-b': [3, 4], 'm-c': [5, 6] });
  });

  it('lists every member, those without partitions too', () => {
    const many = new Map([...members, ...['m-d', 'm-e', 'm-f', 'm-g', 'm-h'].map((memberId): [string, ExtendedGroupProtocolSubscription] => [memberId, { memberId, version: 1, topics: ['t'] }])]);
    const result = rangeAssigner('m-a', many, new Set(['t']), metadata);
    expect(result.map((r) => r.memberId).sort()).toEqual([...many.keys()].sort());
    expect(result.flatMap((r) => r.assignments.get('t')?.partitions ?? []).sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(result.find((r) => r.memberId === 'm-h')?.assignments.size).toBe(0);
  });
});
