/**
 * Runs once before all tests: gives the test run its own kbench state folder, so tests never
 * see (or stop) a cluster the user started with `kbench cluster start`; and turns the cluster
 * warm-up off by default (tests check behaviour, not steady-state figures, and a warm-up per
 * cluster would add minutes): the tests of the warm-up ask for it with `--cluster-warmup auto`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const stateDir = mkdtempSync(join(tmpdir(), 'kbench-test-state-'));
  process.env.KBENCH_STATE_DIR = stateDir;
  process.env.KBENCH_CLUSTER_WARMUP = 'off';
  return () => rmSync(stateDir, { recursive: true, force: true });
}
