/** `faults[]`: broker faults kbench injects into its embedded cluster. */
import { checked, duration, oneOf, section, show } from '../../util/schema-kit.js';

/**
 * A fault kbench injects into its embedded cluster `at` a time since the run started:
 * - `kill`: SIGKILL (a crash: no controlled shutdown); `stop`: SIGTERM (a controlled shutdown);
 *   with `duration`, the node is restarted after it;
 * - `pause`: SIGSTOP for `duration` (required), then SIGCONT — the node hangs without closing anything;
 * - `restart`: starts a node that is down.
 * `node` is a node id (1 to the node count) or `'leader'`: the leader of the topic's partition 0 at that moment.
 */
export const faultSchema = section(
  {
    at: duration(false),
    action: oneOf(['kill', 'stop', 'pause', 'restart'] as const),
    node: checked<number | 'leader'>((x) => (x === 'leader' || (Number.isSafeInteger(x) && (x as number) >= 1) ? undefined : `expected a node id (1 to the node count) or "leader", got ${show(x)}`)),
    duration: duration(true).optional(),
  },
  'a fault such as { at: "20s", action: "kill", node: "leader" }',
).superRefine((fault, ctx) => {
  if (fault.action === 'pause' && fault.duration === undefined) ctx.addIssue({ code: 'custom', path: ['duration'], message: 'required for a pause (how long the node stays stopped)' });
  if (fault.action === 'restart' && fault.duration !== undefined) ctx.addIssue({ code: 'custom', path: ['duration'], message: 'a restart takes no duration' });
  if (fault.action === 'restart' && fault.node === 'leader') ctx.addIssue({ code: 'custom', path: ['node'], message: 'a node that is down leads nothing: name the node id to restart' });
});
