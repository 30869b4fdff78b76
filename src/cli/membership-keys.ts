/**
 * Key presses that change the first consumer group during a run in a terminal:
 * `+` adds a member, `-` takes the newest out gracefully, `x` kills the newest (a crash).
 * Only when stdin is a terminal; Ctrl-C keeps working (raw mode turns it into a key, which is
 * passed on as SIGINT to this process).
 */
import type { MembershipControls } from '../runner/consumer-steps.js';

export const MEMBERSHIP_KEYS_HELP = 'keys: + add a consumer, - remove one (leaves), x crash one';

/** Starts listening; returns the function that stops (and restores the terminal). */
export function listenForMembershipKeys(controls: MembershipControls, log: (line: string) => void, input: NodeJS.ReadStream = process.stdin): () => void {
  if (!input.isTTY) return () => {};
  input.setRawMode(true);
  input.resume();
  input.setEncoding('utf8');
  const onData = (data: string): void => {
    for (const key of data) {
      if (key === '\u0003') process.kill(process.pid, 'SIGINT');
      else if (key === '+' || key === '=') report(controls.addMember(), 'adding', log);
      else if (key === '-' || key === '_') report(controls.removeMember('leave'), 'removing', log);
      else if (key === 'x' || key === 'X') report(controls.removeMember('crash'), 'crashing', log);
    }
  };
  input.on('data', onData);
  log(MEMBERSHIP_KEYS_HELP);
  return () => {
    input.off('data', onData);
    input.setRawMode(false);
    input.pause();
  };
}

function report(consumerId: string | undefined, verb: string, log: (line: string) => void): void {
  if (consumerId === undefined) log(`${verb} a consumer: not possible now (no member, or the run is ending)`);
}
