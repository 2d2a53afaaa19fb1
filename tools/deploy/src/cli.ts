#!/usr/bin/env node
import { runCli } from './cli-main';
import { Interrupt } from './interrupt';

const interrupt = new Interrupt();
process.on('SIGINT', () => {
  if (interrupt.requested) {
    process.stderr.write('second interrupt: exiting now; CloudFormation operations already started keep running\n');
    process.exit(130);
  }
  process.stderr.write('interrupt: starting nothing new; waiting for nothing more. Press Ctrl-C again to exit at once.\n');
  interrupt.request();
});

runCli(process.argv.slice(2), { interrupt }).then((code) => process.exit(code));
