/**
 * `npm run bench:peers`: parses the options, runs the comparison, prints the table and writes
 * the JSON and HTML results. The only place of the peers code that prints and exits.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode, errorMessage, isKbenchError } from '../errors.js';
import { PROJECT_ROOT } from '../paths.js';
import { compactUtcTimestamp } from '../report/write-report.js';
import { PEERS_USAGE, parsePeersArgs } from './peers-options.js';
import { renderPeersHtml } from './render-peers-html.js';
import { renderPeersJson } from './render-peers-json.js';
import { renderPeersTable } from './render-peers-table.js';

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

export async function peersMain(argv: readonly string[]): Promise<number> {
  let settings;
  try {
    settings = parsePeersArgs(argv, join(PROJECT_ROOT, 'reports'));
  } catch (error) {
    log(`error: ${errorMessage(error)}`);
    if (isKbenchError(error) && error.hint) log(error.hint);
    return ExitCode.usage;
  }
  if (!settings) {
    process.stdout.write(`${PEERS_USAGE}\n`);
    return ExitCode.ok;
  }

  const interrupt = new AbortController();
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    interrupts++;
    if (interrupts === 1) {
      log(`${signal}: ending the current run and stopping the cluster (again to quit at once)`);
      interrupt.abort();
      return;
    }
    // The cluster's watchdog ends its nodes once this process is gone.
    process.exit(ExitCode.interrupted);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const { runPeers } = await import('./run-peers.js');
  const startedMs = Date.now();
  const result = await runPeers(settings, { log, signal: interrupt.signal });
  process.stdout.write(`\nkbench vs Apache Kafka's tools (${settings.mode} mode, medians of ${settings.rounds} rounds; ratios: medians of the rounds' own ratios)\n`);
  process.stdout.write(`${renderPeersTable(result.lines)}\n`);
  mkdirSync(settings.reportsDir, { recursive: true });
  const stem = join(settings.reportsDir, `peers-${settings.mode}-${compactUtcTimestamp(new Date(result.startedAt))}`);
  writeFileSync(`${stem}.json`, renderPeersJson(result));
  writeFileSync(`${stem}.html`, renderPeersHtml(result));
  log(`results: ${stem}.json, ${stem}.html (${((Date.now() - startedMs) / 1000).toFixed(0)} s in all)`);
  if (result.status === 'interrupted') return ExitCode.interrupted;
  if (result.status === 'failed') {
    log(`error: ${result.failure ?? 'the run failed'}`);
    return ExitCode.internal;
  }
  return ExitCode.ok;
}
