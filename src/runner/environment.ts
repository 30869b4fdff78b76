/** The machine and software a run happened on, for the report. */
import { securityProtocol } from '../clients/connection-security.js';
import { arch, availableParallelism, cpus, hostname, platform, release, totalmem } from 'node:os';
import { kbenchVersion } from '../version.js';
import type { AcquiredCluster } from '../cluster/acquire-cluster.js';
import type { ClientName } from '../clients/client-adapter.js';
import type { ReportEnvironment } from '../report/report-types.js';

export function describeEnvironment(client: ClientName, clientVersions: Record<string, string>, cluster: AcquiredCluster): ReportEnvironment {
  return {
    kbenchVersion: kbenchVersion(),
    nodeVersion: process.version,
    client,
    clientVersions,
    kafkaVersion: cluster.kafkaVersion ?? null,
    brokerCount: cluster.nodeCount ?? null,
    clusterSource: cluster.source === 'external' || cluster.source === 'testcontainers' ? cluster.source : 'embedded',
    // Containers kbench started live and die with the run, like a run-scoped embedded cluster.
    embeddedLifetime: cluster.source === 'external' ? null : cluster.source === 'testcontainers' ? 'run-scoped' : cluster.source,
    bootstrapServers: cluster.connection.brokers,
    securityProtocol: securityProtocol(cluster.connection.security),
    platform: platform(),
    osRelease: release(),
    arch: arch(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    cpuCores: availableParallelism(),
    totalMemoryBytes: totalmem(),
    hostname: hostname(),
  };
}
