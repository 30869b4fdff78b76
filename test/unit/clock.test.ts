import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { epochMsAtUs, nowUs } from '../../src/metrics/clock.js';

const CHILD_SCRIPT = fileURLToPath(new URL('../fixtures/clock-child.mjs', import.meta.url));

// The worker thread reads the clock exactly as clock.ts nowUs() does:
// Number(process.hrtime.bigint() / 1000n), whole µs of CLOCK_MONOTONIC.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', () => parentPort.postMessage(String(process.hrtime.bigint() / 1000n)));
parentPort.postMessage('ready');
`;

/** Sends a message and resolves with the next reply. */
type Ask = () => Promise<string>;

/** Asks for the other side's clock and checks it lies between our readings before and after. */
async function expectAgreement(ask: Ask, rounds: number): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    const beforeUs = nowUs();
    const reportedUs = Number(await ask());
    const afterUs = nowUs();
    expect(reportedUs).toBeGreaterThanOrEqual(beforeUs);
    expect(reportedUs).toBeLessThanOrEqual(afterUs);
  }
}

describe('nowUs', () => {
  it('is whole monotonic microseconds from process.hrtime.bigint()', () => {
    const before = Number(process.hrtime.bigint() / 1000n);
    const now = nowUs();
    const after = Number(process.hrtime.bigint() / 1000n);
    expect(Number.isInteger(now)).toBe(true);
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(after);
  });

  it('never goes backwards', () => {
    let previous = nowUs();
    let backwards = 0;
    for (let i = 0; i < 100_000; i++) {
      const now = nowUs();
      if (now < previous) backwards++;
      previous = now;
    }
    expect(backwards).toBe(0);
  });
});

describe('one clock across threads and processes', () => {
  let worker: Worker;
  let child: ChildProcess;
  let askWorker: Ask;
  let askChild: Ask;

  beforeAll(async () => {
    worker = new Worker(WORKER_SOURCE, { eval: true });
    // execArgv: [] so the child does not inherit the test runner's Node flags.
    child = fork(CHILD_SCRIPT, [], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const firstMessage = (on: (listener: (message: unknown) => void) => void): Promise<string> =>
      new Promise((resolve) => on((message) => resolve(String(message))));
    await Promise.all([
      firstMessage((listener) => worker.once('message', listener)),
      firstMessage((listener) => child.once('message', listener)),
    ]);
    askWorker = () => {
      const reply = firstMessage((listener) => worker.once('message', listener));
      worker.postMessage('now');
      return reply;
    };
    askChild = () => {
      const reply = firstMessage((listener) => child.once('message', listener));
      child.send('now');
      return reply;
    };
  });

  afterAll(async () => {
    await worker?.terminate();
    child?.kill();
  });

  it('a worker thread reads the same clock', async () => {
    await expectAgreement(askWorker, 50);
  });

  it('a child process reads the same clock', async () => {
    await expectAgreement(askChild, 50);
  });
});

describe('epochMsAtUs', () => {
  it('maps now to the wall clock, within a few ms', () => {
    const before = Date.now();
    const epochMs = epochMsAtUs(nowUs());
    const after = Date.now();
    expect(epochMs).toBeGreaterThanOrEqual(before - 2);
    expect(epochMs).toBeLessThanOrEqual(after + 2);
  });

  it('keeps monotonic differences', () => {
    expect(epochMsAtUs(5_000_000) - epochMsAtUs(2_000_000)).toBeCloseTo(3000, 6);
  });
});
