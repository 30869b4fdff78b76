/**
 * Where the per-second progress line goes: redrawn in place on a terminal, one plain line per
 * interval when stderr is a pipe, a file or CI. Results go to stdout; progress to stderr.
 */
export interface LiveOutput {
  /** Shows the latest progress line. */
  update(line: string): void;
  /** A message that stays (cluster started, warnings…). */
  log(line: string): void;
  /** Leaves the last progress line in place and moves on. */
  finish(): void;
}

export function createLiveOutput(stream: NodeJS.WriteStream = process.stderr): LiveOutput {
  const redraw = stream.isTTY === true && !process.env.CI;
  let drawn = false;
  return {
    update(line) {
      if (redraw) {
        stream.write(`\r\x1b[2K${line}`);
        drawn = true;
      } else {
        stream.write(`${line}\n`);
      }
    },
    log(line) {
      if (drawn) {
        stream.write('\r\x1b[2K');
        drawn = false;
      }
      stream.write(`${line}\n`);
    },
    finish() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}

/** Colour only on a terminal, and never with NO_COLOR set. */
export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  return stream.isTTY === true && !('NO_COLOR' in process.env);
}
