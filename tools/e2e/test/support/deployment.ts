import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { runCli } from '@listbackup/deploy';
import { LocalAws, localAwsEnv, startLocalAws } from '@listbackup/local-aws';
import { findRepositoryRoot, stackAssemblies } from '@listbackup/repository';
import { DeployedSystem, readSystem } from '../../src';

/*
 * One emulator and one deploy of the six synthesized stacks for the whole jest run, shared by the
 * journey and the system read-back: moto server takes seconds of CPU to start, and a first deploy
 * of six stacks several more. The system test reads from here what that deploy did (its mutating
 * calls and its output) and what it created, read back right after it, before any test runs: the
 * journey adds data, and the emulator adds what running the functions makes (moto's event source
 * mapping invokes the worker, which creates its `/aws/lambda/…` log group). The journey switches
 * IAM enforcement off again when it ends.
 *
 * Not started when `LISTBACKUP_JOURNEY_TARGET=running` (`npx projen e2e:local`): the journey then
 * runs against the emulator `npx projen deploy:local` left running.
 */

/** The file that holds the shared deployment, for the test files (the workers inherit the environment). */
const DEPLOYMENT_FILE = 'LISTBACKUP_E2E_DEPLOYMENT';
const STARTED = Symbol.for('listbackup.e2e-emulator');

/** Calls that change a stack: a redeploy of unchanged assemblies must make none. */
const MUTATING = new Set(['CreateStack', 'UpdateStack', 'CreateChangeSet', 'ExecuteChangeSet', 'DeleteStack', 'DeleteChangeSet']);

/** What one run of the deploy tool's `local` command did. */
export interface LocalDeploy {
  readonly code: number;
  readonly out: string;
  /** `<Command> <StackName>` of every mutating CloudFormation call, in order. */
  readonly mutations: string[];
}

/** The shared emulator, what its first deploy did, and what that deploy created. */
export interface SharedDeployment {
  readonly endpoint: string;
  readonly env: Record<string, string>;
  readonly first: LocalDeploy;
  /** Stage `main` read back through each service right after the first deploy. */
  readonly system: DeployedSystem;
}

/** The stage the global setup deploys: the one `npx projen synth` synthesizes by default. */
export const STAGE = 'main';

/** The six synthesized assemblies of this repository, deployed the way `npx projen deploy:local` does. */
export async function deployLocal(endpoint: string): Promise<LocalDeploy> {
  const env = localAwsEnv(endpoint);
  const assemblies = stackAssemblies(findRepositoryRoot(__dirname));
  const out: string[] = [];
  const mutations: string[] = [];
  const code = await runCli(['local', ...assemblies.flatMap((a) => ['--assembly', a]), '--poll-interval', '100'], {
    out: { line: (l) => out.push(l) },
    err: { line: (l) => out.push(l) },
    startEmulator: async () => ({ endpoint, env, alreadyRunning: true }),
    aws: {
      clientConfig: { endpoint, region: env.AWS_REGION, credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY } },
      onClient: (client) => (client as unknown as CloudFormationClient).middlewareStack.add((next, context) => async (args) => {
        const command = String(context.commandName).replace(/Command$/, '');
        if (MUTATING.has(command)) mutations.push(`${command} ${(args.input as { StackName?: string }).StackName}`);
        return next(args);
      }, { step: 'initialize', name: 'countMutations' }),
    },
  });
  return { code, out: out.join('\n'), mutations };
}

/** jest `globalSetup`: starts the emulator and deploys the six stacks once. */
export async function startDeployment(): Promise<void> {
  if (process.env.LISTBACKUP_JOURNEY_TARGET === 'running') return;
  const aws: LocalAws = await startLocalAws();
  (globalThis as Record<symbol, LocalAws>)[STARTED] = aws;
  const first = await deployLocal(aws.endpoint);
  if (first.code !== 0) throw new Error(`the local deploy of the six synthesized stacks failed (exit ${first.code}):\n${first.out}`);
  const credentials = { accessKeyId: aws.env.AWS_ACCESS_KEY_ID, secretAccessKey: aws.env.AWS_SECRET_ACCESS_KEY };
  const system = await readSystem({ endpoint: aws.endpoint, region: aws.env.AWS_REGION, credentials }, STAGE);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'listbackup-e2e-')), 'deployment.json');
  fs.writeFileSync(file, JSON.stringify({ endpoint: aws.endpoint, env: aws.env, first, system: { ...system, exports: [...system.exports] } }));
  process.env[DEPLOYMENT_FILE] = file;
}

/** jest `globalTeardown`: stops what `startDeployment` started. */
export async function stopDeployment(): Promise<void> {
  await (globalThis as Record<symbol, LocalAws | undefined>)[STARTED]?.stop();
  const file = process.env[DEPLOYMENT_FILE];
  if (file) fs.rmSync(path.dirname(file), { recursive: true, force: true });
}

/** The deployment of this run's global setup. */
export function sharedDeployment(): SharedDeployment {
  const file = process.env[DEPLOYMENT_FILE];
  if (!file) {
    throw new Error(`${DEPLOYMENT_FILE} is not set: these tests need the deployment of tools/e2e/jest.config.json's globalSetup (test/support/start-deployment.ts); run them with jest from tools/e2e`);
  }
  const shared = JSON.parse(fs.readFileSync(file, 'utf8'));
  return { ...shared, system: { ...shared.system, exports: new Map(shared.system.exports) } };
}
