/**
 * Which Kafka a broker runs, from its ApiVersions answer (version 3, the one that carries the
 * features): the highest `metadata.version` it supports names its release, the finalized one
 * what the cluster runs at. One request on one connection (TLS as configured; the request is
 * allowed before SASL authentication), bounded; the encoding and parsing here are Kafka's
 * protocol (flexible versions: compact strings and arrays, tagged fields).
 */
import { connect as connectTcp, isIP, type Socket } from 'node:net';
import { connect as connectTls, type ConnectionOptions } from 'node:tls';
import type { ConnectionSecurity } from './connection-security.js';
import { kafkajsSecurity } from './kafkajs-security.js';

const API_VERSIONS_KEY = 18;
const UNSUPPORTED_VERSION = 35;

/** `metadata.version` feature levels → the Kafka release that introduced them (Kafka's MetadataVersion list, 3.0 to 4.3). */
const RELEASE_OF_METADATA_LEVEL: ReadonlyArray<readonly [level: number, release: string]> = [
  [1, '3.0'], [2, '3.1'], [3, '3.2'], [4, '3.3'], [8, '3.4'], [9, '3.5'], [12, '3.6'], [15, '3.7'], [20, '3.8'], [21, '3.9'],
  [22, '4.0'], [26, '4.1'], [28, '4.2'], [30, '4.3'],
];

export interface BrokerVersions {
  /** Highest version of each API the broker serves, by API key. */
  maxVersionByApi: Map<number, number>;
  /** Features the broker software supports: name → [min, max] level. */
  supportedFeatures: Map<string, [number, number]>;
  /** Features the cluster has finalized: name → level. */
  finalizedFeatures: Map<string, number>;
  /** The Kafka release, e.g. `4.2`, from the highest `metadata.version` supported; undefined when the broker does not say. */
  release: string | undefined;
  /** The finalized `metadata.version` level's release, e.g. `4.2` (a cluster upgraded without finalizing shows the older one). */
  finalizedRelease: string | undefined;
}

/** The release a `metadata.version` level belongs to. */
export function releaseOfMetadataLevel(level: number): string | undefined {
  let release: string | undefined;
  for (const [first, name] of RELEASE_OF_METADATA_LEVEL) if (level >= first) release = name;
  return release;
}

/** The ApiVersions v3 request, framed (size prefix). */
export function encodeApiVersionsRequest(correlationId: number, clientId: string): Buffer {
  const client = Buffer.from(clientId, 'utf8');
  const software = compactString('kbench');
  const version = compactString('1');
  const header = Buffer.alloc(2 + 2 + 4 + 2);
  header.writeInt16BE(API_VERSIONS_KEY, 0);
  header.writeInt16BE(3, 2);
  header.writeInt32BE(correlationId, 4);
  header.writeInt16BE(client.length, 8);
  const body = Buffer.concat([header, client, Buffer.from([0]), software, version, Buffer.from([0])]);
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length, 0);
  return Buffer.concat([size, body]);
}

function compactString(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  return Buffer.concat([unsignedVarint(bytes.length + 1), bytes]);
}

function unsignedVarint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest & 0x7f) | 0x80);
    rest >>>= 7;
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

/** Reads a response body (after the size and the correlation id). */
class Reader {
  private offset = 0;
  constructor(private readonly buffer: Buffer) {}
  int16(): number {
    const value = this.buffer.readInt16BE(this.offset);
    this.offset += 2;
    return value;
  }
  int32(): number {
    const value = this.buffer.readInt32BE(this.offset);
    this.offset += 4;
    return value;
  }
  skip(bytes: number): void {
    if (this.offset + bytes > this.buffer.length) throw new RangeError('ApiVersions response cut short');
    this.offset += bytes;
  }
  varint(): number {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = this.buffer.readUInt8(this.offset++);
      value |= (byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return value >>> 0;
    }
    throw new RangeError('varint too long');
  }
  compactString(): string {
    const length = this.varint() - 1;
    const text = this.buffer.toString('utf8', this.offset, this.offset + length);
    this.skip(length);
    return text;
  }
  /** Tagged fields: each handed to `onTag` with a reader of its own bytes. */
  taggedFields(onTag: (tag: number, field: Reader) => void = () => {}): void {
    const count = this.varint();
    for (let i = 0; i < count; i++) {
      const tag = this.varint();
      const size = this.varint();
      onTag(tag, new Reader(this.buffer.subarray(this.offset, this.offset + size)));
      this.skip(size);
    }
  }
}

/** Parses an ApiVersions v3 response body (the bytes after the correlation id). Throws on a broker error. */
export function parseApiVersionsResponse(body: Buffer): BrokerVersions {
  const reader = new Reader(body);
  const errorCode = reader.int16();
  if (errorCode === UNSUPPORTED_VERSION) throw new Error('the broker does not serve ApiVersions version 3 (Kafka older than 2.4)');
  if (errorCode !== 0) throw new Error(`ApiVersions failed with error code ${errorCode}`);
  const maxVersionByApi = new Map<number, number>();
  const apiCount = reader.varint() - 1;
  for (let i = 0; i < apiCount; i++) {
    const key = reader.int16();
    reader.int16();
    maxVersionByApi.set(key, reader.int16());
    reader.taggedFields();
  }
  reader.int32();
  const supportedFeatures = new Map<string, [number, number]>();
  const finalizedFeatures = new Map<string, number>();
  reader.taggedFields((tag, field) => {
    if (tag !== 0 && tag !== 2) return;
    const count = field.varint() - 1;
    for (let i = 0; i < count; i++) {
      const name = field.compactString();
      const a = field.int16();
      const b = field.int16();
      field.taggedFields();
      // Supported: min, max. Finalized: max level, min level.
      if (tag === 0) supportedFeatures.set(name, [a, b]);
      else finalizedFeatures.set(name, a);
    }
  });
  const supportedMax = supportedFeatures.get('metadata.version')?.[1];
  const finalized = finalizedFeatures.get('metadata.version');
  return {
    maxVersionByApi,
    supportedFeatures,
    finalizedFeatures,
    release: supportedMax === undefined ? undefined : releaseOfMetadataLevel(supportedMax),
    finalizedRelease: finalized === undefined ? undefined : releaseOfMetadataLevel(finalized),
  };
}

/** Asks the broker at `address` for its API versions and features, within `timeoutMs`. */
export function fetchBrokerVersions(address: string, security: ConnectionSecurity, timeoutMs: number): Promise<BrokerVersions> {
  const colon = address.lastIndexOf(':');
  const host = address.slice(0, colon);
  const port = Number(address.slice(colon + 1));
  return new Promise((resolve, reject) => {
    let socket: Socket;
    const tls = kafkajsSecurity(security).ssl;
    if (tls) {
      const options: ConnectionOptions = { ...(typeof tls === 'object' ? tls : {}), host, port, ...(isIP(host) ? {} : { servername: host }) };
      socket = connectTls(options, () => socket.write(encodeApiVersionsRequest(1, 'kbench-check')));
    } else {
      socket = connectTcp({ host, port }, () => socket.write(encodeApiVersionsRequest(1, 'kbench-check')));
    }
    let received = Buffer.alloc(0);
    const finish = (error: Error | undefined, versions?: BrokerVersions): void => {
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(versions as BrokerVersions);
    };
    const timer = setTimeout(() => finish(new Error(`no ApiVersions answer within ${timeoutMs / 1000} s`)), timeoutMs);
    socket.on('error', (error) => finish(error));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 4) return;
      const size = received.readInt32BE(0);
      if (received.length < 4 + size) return;
      try {
        finish(undefined, parseApiVersionsResponse(received.subarray(8, 4 + size)));
      } catch (error) {
        finish(error as Error);
      }
    });
  });
}
