/**
 * Where the Apache Kafka broker comes from: its jars on Maven Central, fetched once per
 * Kafka version into a cache outside the repository with Maven's dependency plugin.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { KbenchError } from '../errors.js';

/** The Apache Kafka release kbench runs. Kafka 4.x brokers need Java 17+. */
export const KAFKA_VERSION = '4.2.0';
/** The log4j2 release that Kafka's own distribution ships with KAFKA_VERSION (the Maven POMs carry no binding). */
export const LOG4J_VERSION = '2.25.3';
const MAVEN_DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';

/** Root of kbench's caches: `$KBENCH_CACHE_DIR`, else `$XDG_CACHE_HOME/kbench`, else `~/.cache/kbench`. */
export function kbenchCacheDir(): string {
  const explicit = process.env.KBENCH_CACHE_DIR;
  if (explicit) return explicit;
  const xdg = process.env.XDG_CACHE_HOME;
  return join(xdg && xdg.length > 0 ? xdg : join(homedir(), '.cache'), 'kbench');
}

/** The folder holding every jar of one Kafka version (broker, tools, log4j binding). */
export function kafkaJarsDir(version: string = KAFKA_VERSION): string {
  return join(kbenchCacheDir(), 'kafka', version, 'libs');
}

/** The java executable: `$JAVA_HOME/bin/java` when set, else `java` from PATH. */
export function javaExecutable(): string {
  const javaHome = process.env.JAVA_HOME;
  return javaHome ? join(javaHome, 'bin', 'java') : 'java';
}

/** Parses the major version out of `java -version` output ("17.0.15", "1.8.0_392", "21"). */
export function parseJavaMajorVersion(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] !== undefined ? Number(match[2]) : first;
}

/** Throws a cluster error unless a Java 17+ runtime is available. */
export function checkJava(): void {
  const java = javaExecutable();
  const result = spawnSync(java, ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new KbenchError('cluster', `Java was not found (tried \`${java} -version\`)`, {
      hint: 'install a Java 17+ runtime (Debian: apt-get install openjdk-17-jre-headless), or run against an existing cluster with --brokers',
    });
  }
  const major = parseJavaMajorVersion(`${result.stderr}${result.stdout}`);
  if (major !== undefined && major < 17) {
    throw new KbenchError('cluster', `Kafka ${KAFKA_VERSION} needs Java 17 or newer; \`${java}\` is Java ${major}`, {
      hint: 'point JAVA_HOME at a Java 17+ runtime, or run against an existing cluster with --brokers',
    });
  }
}

/** The POM whose runtime dependencies are exactly the jars an embedded broker (and the perf tools) need. */
export function renderKafkaPom(version: string = KAFKA_VERSION, log4jVersion: string = LOG4J_VERSION): string {
  const dependency = (groupId: string, artifactId: string, v: string): string =>
    `    <dependency><groupId>${groupId}</groupId><artifactId>${artifactId}</artifactId><version>${v}</version></dependency>`;
  return [
    '<project xmlns="http://maven.apache.org/POM/4.0.0">',
    '  <modelVersion>4.0.0</modelVersion>',
    '  <groupId>dev.kbench</groupId>',
    `  <artifactId>kafka-${version}-runtime</artifactId>`,
    '  <version>1</version>',
    '  <packaging>pom</packaging>',
    '  <dependencies>',
    dependency('org.apache.kafka', 'kafka_2.13', version),
    dependency('org.apache.kafka', 'kafka-tools', version),
    dependency('org.apache.logging.log4j', 'log4j-api', log4jVersion),
    dependency('org.apache.logging.log4j', 'log4j-core', log4jVersion),
    dependency('org.apache.logging.log4j', 'log4j-slf4j-impl', log4jVersion),
    '  </dependencies>',
    '</project>',
    '',
  ].join('\n');
}

/** True when the jars of `version` are already in the cache. */
export function hasKafkaJars(version: string = KAFKA_VERSION): boolean {
  const dir = kafkaJarsDir(version);
  if (!existsSync(dir)) return false;
  const jars = readdirSync(dir);
  return jars.some((name) => name.startsWith(`kafka_2.13-${version}`)) && jars.some((name) => name.startsWith('log4j-core'));
}

export interface EnsureKafkaJarsResult {
  jarsDir: string;
  /** False when the cache already held the jars. */
  fetched: boolean;
}

/**
 * Makes sure the jars of `version` are in the cache, fetching them with Maven when they are not.
 * The jars land in a temporary folder first and are renamed into place, so an interrupted fetch
 * never leaves a half-filled cache behind.
 */
export function ensureKafkaJars(version: string = KAFKA_VERSION, log: (line: string) => void = () => {}): EnsureKafkaJarsResult {
  const jarsDir = kafkaJarsDir(version);
  if (hasKafkaJars(version)) return { jarsDir, fetched: false };

  const versionDir = join(kbenchCacheDir(), 'kafka', version);
  mkdirSync(versionDir, { recursive: true });
  const mvn = process.env.KBENCH_MVN ?? 'mvn';
  const probe = spawnSync(mvn, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new KbenchError('cluster', `Maven was not found (tried \`${mvn} --version\`): it is needed once to fetch the Apache Kafka ${version} jars`, {
      hint: 'install Maven (Debian: apt-get install maven), or run against an existing cluster with --brokers, or start the Docker Compose cluster (docker compose up -d) and pass --brokers 127.0.0.1:9092',
    });
  }
  const pomPath = join(versionDir, 'pom.xml');
  writeFileSync(pomPath, renderKafkaPom(version));
  const stagingDir = join(versionDir, `libs.partial-${process.pid}`);
  rmSync(stagingDir, { recursive: true, force: true });
  log(`fetching Apache Kafka ${version} jars from Maven Central into ${jarsDir}`);
  try {
    execFileSync(
      mvn,
      ['-B', '-q', '-f', pomPath, `${MAVEN_DEPENDENCY_PLUGIN}:copy-dependencies`, `-DoutputDirectory=${stagingDir}`, '-DincludeScope=runtime'],
      { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' },
    );
  } catch (error) {
    const output = error instanceof Error && 'stdout' in error ? String((error as { stdout: unknown }).stdout) : '';
    rmSync(stagingDir, { recursive: true, force: true });
    throw new KbenchError('cluster', `Maven could not fetch the Apache Kafka ${version} jars`, {
      details: output.split('\n').filter((line) => line.includes('ERROR')).slice(0, 5),
      hint: 'check that Maven Central is reachable (or a mirror is set in ~/.m2/settings.xml), or run against an existing cluster with --brokers',
      cause: error,
    });
  }
  rmSync(jarsDir, { recursive: true, force: true });
  renameSync(stagingDir, jarsDir);
  return { jarsDir, fetched: true };
}
