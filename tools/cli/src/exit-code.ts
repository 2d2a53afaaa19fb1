/** The exit codes every ListBackup tool uses, and only these. */
export const ExitCode = {
  /** Done; for a question, the answer is yes. */
  Success: 0,
  /** A failure the tool names (one of its own errors, or checks that did not pass), or an unexpected error. */
  Failure: 1,
  /** The command line is wrong: nothing was done. */
  Usage: 2,
  /** Stopped by Ctrl-C. */
  Interrupted: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * What a command's `run` may return: nothing or 0 for success, 1 when it has printed why it failed
 * (a check that did not pass, a question answered "no"). Bad usage and failures with a code are
 * thrown, never returned, so every tool reports them the same way.
 */
export type CommandResult = void | typeof ExitCode.Success | typeof ExitCode.Failure;
