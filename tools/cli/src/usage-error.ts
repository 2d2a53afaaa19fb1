/**
 * The command line is wrong (an unknown option or command, a missing or bad value): the message
 * says which part and what to use instead. Exit code 2, the usage follows the message, and
 * nothing was done.
 */
export class UsageError extends Error {
  public readonly code = 'UsageError';

  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
