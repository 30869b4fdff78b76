/**
 * Apache Kafka's own Java client, as an independent judge of a secured listener: writes a client
 * properties file and runs `BrokerApiVersionsCommand` (one metadata + ApiVersions round trip)
 * from the jars kbench's embedded cluster runs on.
 */
import { writeFileSync } from 'node:fs';
import { javaExecutable, kafkaJarsDir } from '../../src/cluster/kafka-distribution.js';
import { runCommand, type CommandResult } from './processes.js';

export type JavaClientAuth =
  | { mechanism: 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512'; username: string; password: string }
  /** Kafka's unsecured login module: the client makes its own `alg: none` token for `subject`. */
  | { mechanism: 'OAUTHBEARER'; subject: string };

/** A SASL_SSL client configuration trusting `caFile` (PEM); written mode 0600 (it holds the password). */
export function writeJavaClientProperties(path: string, caFile: string, auth: JavaClientAuth): string {
  const jaas =
    auth.mechanism === 'OAUTHBEARER'
      ? `org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required unsecuredLoginStringClaim_sub="${auth.subject}";`
      : `${auth.mechanism === 'PLAIN' ? 'org.apache.kafka.common.security.plain.PlainLoginModule' : 'org.apache.kafka.common.security.scram.ScramLoginModule'} required username="${auth.username}" password="${auth.password}";`;
  const lines = [
    'security.protocol=SASL_SSL',
    'ssl.truststore.type=PEM',
    `ssl.truststore.location=${caFile}`,
    `sasl.mechanism=${auth.mechanism}`,
    `sasl.jaas.config=${jaas}`,
    // Fail fast instead of retrying a refused login for the tool's default minute.
    'request.timeout.ms=15000',
    'default.api.timeout.ms=20000',
    '',
  ];
  writeFileSync(path, lines.join('\n'), { mode: 0o600 });
  return path;
}

/** Runs BrokerApiVersionsCommand against `bootstrapServers`; exit code 0 and a line per broker when the connection works. */
export function brokerApiVersions(bootstrapServers: string, propertiesFile: string, timeoutMs = 45_000): Promise<CommandResult> {
  return runCommand(
    javaExecutable(),
    [
      '-Xmx128m',
      '-XX:TieredStopAtLevel=1',
      '-cp',
      `${kafkaJarsDir()}/*`,
      'org.apache.kafka.tools.BrokerApiVersionsCommand',
      '--bootstrap-server',
      bootstrapServers,
      '--command-config',
      propertiesFile,
    ],
    { timeoutMs },
  );
}
