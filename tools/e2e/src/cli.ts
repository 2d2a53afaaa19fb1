#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { backgroundStatus, LOCAL_REGION, localAwsEnv } from '@listbackup/local-aws';
import { DEFAULT_STAGE, validateStage } from '@listbackup/conventions/names';
import { runJourney } from './run-journey';

const USAGE = `usage: listbackup-e2e [--stage <stage>] [--endpoint <url>]

Runs the user journey against a stage deployed to the local emulator (npx projen deploy:local),
with the emulator's IAM enforcement on: sign-in, identity-pool credentials, the data bucket, the
jobs API, the job worker, the event bus, the activity recorder and its dead-letter queue.

options:
  --stage <stage>     the deployed stage [default: STAGE, else ${DEFAULT_STAGE}]
  --endpoint <url>    the emulator [default: the one 'listbackup-local-aws start' runs]`;

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    values = parseArgs({ args: argv, options: { stage: { type: 'string' }, endpoint: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }).values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const stage = validateStage(values.stage ?? process.env.STAGE ?? DEFAULT_STAGE, values.stage ? '--stage' : process.env.STAGE ? 'environment variable STAGE' : 'the default');
  const endpoint = values.endpoint ?? (await backgroundStatus())?.endpoint;
  if (!endpoint) {
    process.stderr.write("error: no local emulator is running: deploy the stage first with 'npx projen deploy:local' (or pass --endpoint)\n");
    return 1;
  }
  process.stdout.write(`user journey on stage ${stage} at ${endpoint} (IAM enforcement on)\n`);
  const env = localAwsEnv(endpoint);
  const bootstrapCredentials = { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY };
  const report = await runJourney({ endpoint, region: LOCAL_REGION, stage, bootstrapCredentials },
    (line) => process.stdout.write(`${line}\n`));
  if (report.failed) {
    process.stdout.write(`\n${report.passed.length} step(s) passed, 1 failed, ${report.notRun.length} not run\n`);
    return 1;
  }
  process.stdout.write(`\nall ${report.passed.length} steps passed\n`);
  return 0;
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (error) => {
  process.stderr.write(`error: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
