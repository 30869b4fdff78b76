/**
 * Runs one Apache Kafka command-line tool (a class of the kafka-tools jar) in its own JVM, with
 * the JVM flags of Kafka's own scripts, or another program (a client alone), and collects its
 * output. The process is ended by its pid when the run is aborted or takes too long.
 */
import { spawn } from 'node:child_process';
import { kafkaJarsDir, javaExecutable } from '../cluster/kafka-distribution.js';

export interface JavaToolRun {
  stdout: string;
  stderr: string;
  /** null when the JVM was ended by a signal. */
  exitCode: number | null;
  wallMs: number;
}

export interface JavaToolOptions {
  /** Bound on the whole run; the JVM is killed after it. */
  timeoutMs: number;
  /** Aborting kills the JVM. */
  signal?: AbortSignal;
  /** Heap, as the perf-test scripts set it. @default 512 */
  heapMb?: number;
}

/** The flags of Kafka's kafka-run-class.sh (KAFKA_JVM_PERFORMANCE_OPTS), a fixed locale for parsing. */
export function javaToolFlags(heapMb: number): string[] {
  return [
    `-Xmx${heapMb}M`,
    '-server',
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-XX:InitiatingHeapOccupancyPercent=35',
    '-XX:+ExplicitGCInvokesConcurrent',
    '-XX:MaxInlineLevel=15',
    '-Djava.awt.headless=true',
    '-Duser.language=en',
    '-Duser.country=US',
  ];
}

/** Runs `java … -cp <jars>/* org.apache.kafka.tools.<className> args`; rejects only when the JVM cannot start. */
export function runJavaTool(className: string, args: string[], options: JavaToolOptions): Promise<JavaToolRun> {
  return runTool(javaExecutable(), [...javaToolFlags(options.heapMb ?? 512), '-cp', `${kafkaJarsDir()}/*`, `org.apache.kafka.tools.${className}`, ...args], options);
}

/** Runs one program to its end and collects its output; killed by its pid after `timeoutMs` or on abort. Rejects only when it cannot start. */
export function runTool(executable: string, args: string[], options: Pick<JavaToolOptions, 'timeoutMs' | 'signal'>): Promise<JavaToolRun> {
  const startedMs = Date.now();
  const child = spawn(executable, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const kill = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  const timer = setTimeout(() => {
    stderr += `\n(kbench: killed after ${options.timeoutMs} ms)`;
    kill();
  }, options.timeoutMs);
  options.signal?.addEventListener('abort', kill, { once: true });
  return new Promise((resolve, reject) => {
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', kill);
      resolve({ stdout, stderr, exitCode, wallMs: Date.now() - startedMs });
    });
  });
}

/** Lines of a tool's stderr that report a failure (exceptions, errors), warnings about deprecated flags left out. */
export function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => /exception|error/i.test(line) && !/^\s+at /.test(line));
}
