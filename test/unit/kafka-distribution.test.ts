import { describe, expect, it } from 'vitest';
import { KAFKA_VERSION, LOG4J_VERSION, kafkaJarsDir, parseJavaMajorVersion, renderKafkaPom } from '../../src/cluster/kafka-distribution.js';
import { newClusterId } from '../../src/cluster/embedded-cluster.js';

describe('parseJavaMajorVersion', () => {
  it('reads modern and legacy version strings', () => {
    expect(parseJavaMajorVersion('openjdk version "17.0.15" 2025-04-15')).toBe(17);
    expect(parseJavaMajorVersion('openjdk version "21" 2023-09-19')).toBe(21);
    expect(parseJavaMajorVersion('java version "1.8.0_392"')).toBe(8);
    expect(parseJavaMajorVersion('no java here')).toBeUndefined();
  });
});

describe('renderKafkaPom', () => {
  it('lists the broker, the tools and the log4j2 binding at pinned versions', () => {
    const pom = renderKafkaPom();
    expect(pom).toContain(`<artifactId>kafka_2.13</artifactId><version>${KAFKA_VERSION}</version>`);
    expect(pom).toContain(`<artifactId>kafka-tools</artifactId><version>${KAFKA_VERSION}</version>`);
    expect(pom).toContain(`<artifactId>log4j-slf4j-impl</artifactId><version>${LOG4J_VERSION}</version>`);
    expect(pom).toContain('<packaging>pom</packaging>');
  });
});

describe('kafkaJarsDir', () => {
  it('lives under KBENCH_CACHE_DIR, one folder per Kafka version', () => {
    const previous = process.env.KBENCH_CACHE_DIR;
    process.env.KBENCH_CACHE_DIR = '/cache/kb';
    try {
      expect(kafkaJarsDir('9.9.9')).toBe('/cache/kb/kafka/9.9.9/libs');
    } finally {
      if (previous === undefined) delete process.env.KBENCH_CACHE_DIR;
      else process.env.KBENCH_CACHE_DIR = previous;
    }
  });
});

describe('newClusterId', () => {
  it('is 22 URL-safe base64 characters and never starts with a dash', () => {
    const ids = Array.from({ length: 500 }, newClusterId);
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });
});
