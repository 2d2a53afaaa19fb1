import { Cli } from './cli';
import { ExitCode } from './exit-code';
import { Interrupt } from './interrupt';
import { stderrPrinter, stdoutPrinter } from './printer';

/**
 * Runs the tool as this process: the body of each `bin` entry (`src/cli.ts`). The only place that
 * sets the exit code and listens for SIGINT, so every tool stops, fails and exits the same way.
 *
 * A tool with `interrupt` messages gets the two-stage Ctrl-C: the first requests the interrupt its
 * work watches (nothing new starts, waits end), the second exits 130 at once. Any other tool keeps
 * Node's own SIGINT behaviour: it ends at once, even in the middle of synchronous work.
 */
export function runMain<D>(cli: Cli<D>, deps: D): void {
  const interrupt = new Interrupt();
  const messages = cli.interrupt;
  if (messages) {
    process.on('SIGINT', () => {
      if (interrupt.requested) {
        stderrPrinter.line(messages.second);
        process.exit(ExitCode.Interrupted);
      }
      stderrPrinter.line(messages.first);
      interrupt.request();
    });
  }
  void cli.run(process.argv.slice(2), { out: stdoutPrinter, err: stderrPrinter, interrupt, deps }).then((code) => {
    process.exitCode = code;
  });
}
