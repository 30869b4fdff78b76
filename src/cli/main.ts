/**
 * kbench's command-line entry point. The only place that prints errors and sets exit codes:
 * commands throw KbenchError (or return an exit code), this file turns that into
 * `error: …` / details / `hint: …` and the process exit code.
 */
import { Command, CommanderError } from 'commander';
import { ExitCode, isKbenchError } from '../errors.js';
import { registerCheckCommand } from './check-command.js';
import { registerClientsCommand } from './clients-command.js';
import { registerClusterCommand } from './cluster-command.js';
import { registerCompareCommand } from './compare-command.js';
import { registerFindMaxCommand } from './find-max-command.js';
import { registerMergeCommand } from './merge-command.js';
import { registerReportCommand } from './report-command.js';
import { registerRunCommand } from './run-command.js';
import { registerSweepCommand } from './sweep-command.js';
import { registerValidateCommand } from './validate-command.js';
import { kbenchVersion } from '../version.js';

/** C0 controls but tab and newline, DEL, and C1 controls (one of them is a CSI on its own). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Error texts quote what users and their files gave (a scenario's own exception, a file name):
 * control characters in them are shown as `\u001b`-style escapes, never sent to the terminal.
 */
function printable(text: string): string {
  return text.replace(CONTROL_CHARACTERS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function printError(error: unknown, verbose: boolean): number {
  if (isKbenchError(error)) {
    process.stderr.write(`error: ${printable(error.message)}\n`);
    for (const line of error.details) process.stderr.write(`  ${printable(line)}\n`);
    if (error.hint) process.stderr.write(`hint: ${printable(error.hint)}\n`);
    if (verbose && error.stack) process.stderr.write(`${printable(error.stack)}\n`);
    return error.exitCode;
  }
  // Anything else is a bug in kbench: show the stack so it can be reported.
  process.stderr.write(`error: unexpected failure inside kbench\n`);
  process.stderr.write(`${printable(error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`);
  return ExitCode.internal;
}

export function createProgram(): Command {
  const program = new Command();
  program
    .name('kbench')
    .description('Load testing and benchmarking for Apache Kafka: real brokers, open-model load, exact latency histograms.')
    .version(kbenchVersion(), '-V, --version')
    .option('--verbose', 'print stack traces with errors')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerRunCommand(program);
  registerValidateCommand(program);
  registerClusterCommand(program);
  registerCheckCommand(program);
  registerReportCommand(program);
  registerCompareCommand(program);
  registerMergeCommand(program);
  registerSweepCommand(program);
  registerFindMaxCommand(program);
  registerClientsCommand(program);
  return program;
}

async function main(): Promise<void> {
  const program = createProgram();
  const verbose = process.argv.includes('--verbose');
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed its message (or the help / version text).
      const ok = error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help';
      process.exitCode = ok ? ExitCode.ok : ExitCode.usage;
      return;
    }
    process.exitCode = printError(error, verbose);
  }
}

await main();
