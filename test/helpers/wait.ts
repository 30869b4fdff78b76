/**
 * Waiting for an event in tests: a condition polled until a deadline, failing with what was awaited.
 * Tests never sleep a fixed time to let something happen; they wait for the thing itself.
 */

/** Polls `condition` (sync or async) every `pollMs` until it is true; throws naming `what` after `timeoutMs`. */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, options: { timeoutMs?: number; pollMs?: number } = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const pollMs = options.pollMs ?? 10;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
