/**
 * Where the command line writes. Commands take these instead of touching
 * `process` so that a test can call them and read what they printed.
 */
export interface CliStreams {
  /** Standard output: what the command produces. */
  readonly out: (text: string) => void;
  /** Standard error: one line per error. */
  readonly err: (text: string) => void;
}

/** The process's own stdout and stderr. */
export const processStreams: CliStreams = {
  out: (text) => {
    process.stdout.write(text);
  },
  err: (text) => {
    process.stderr.write(text);
  },
};
