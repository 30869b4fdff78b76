/** A `ConsumerMember` over a fake adapter that only hands over the member's record handlers: for unit tests of the member itself. */
import type { ConsumerAdapter, ConsumerHandlers } from '../../src/clients/client-adapter.js';
import type { PlannedConsumer } from '../../src/scenario/plan-types.js';
import { ConsumerMember } from '../../src/workers/consumer-member.js';

export async function startedMember(topic = 'compras'): Promise<{ member: ConsumerMember; handlers: ConsumerHandlers }> {
  let handlers: ConsumerHandlers | undefined;
  const adapter: ConsumerAdapter = {
    connect: async () => {},
    start: async (_topic, h) => {
      handlers = h;
    },
    disconnect: async () => {},
    pause: () => {},
    resume: () => {},
    commit: async () => {},
    effectiveConfig: () => ({}),
  };
  const planned = { id: 'g#1', groupId: 'g', workerId: 0, startFrom: 'earliest', groupProtocol: 'classic', processingTimeMs: 0, origin: 'initial', clientConfig: {} } as unknown as PlannedConsumer;
  const member = new ConsumerMember(planned, adapter, topic);
  await member.start();
  if (!handlers) throw new Error('the member did not start its consumer');
  return { member, handlers };
}
