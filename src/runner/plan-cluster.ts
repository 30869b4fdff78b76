/** The cluster a plan names, acquired (`acquireCluster`): its brokers with TLS and SASL, or the cluster kbench starts for it. */
import { acquireCluster, type AcquiredCluster } from '../cluster/acquire-cluster.js';
import type { Plan } from '../scenario/plan-types.js';

export function acquirePlanCluster(plan: Plan, log: (line: string) => void): Promise<AcquiredCluster> {
  const cluster = plan.cluster;
  return acquireCluster({
    ...(cluster.kind === 'external' ? { external: { brokers: cluster.brokers, security: cluster.security } } : {}),
    nodes: cluster.kind === 'external' ? 1 : cluster.nodes,
    ...(cluster.kind === 'external' ? {} : { brokerConfig: cluster.brokerConfig }),
    ...(cluster.kind === 'testcontainers' ? { containerImage: cluster.image } : {}),
    ...(plan.shard ? { sharedBecause: `shard ${plan.shard.index}/${plan.shard.count} needs the cluster every shard uses` } : {}),
    log,
  });
}
