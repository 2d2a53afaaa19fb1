import { writeFileSync } from 'node:fs';
import { CommandSpec, defineCli, Invocation, OptionSpecs, UsageError } from '@listbackup/cli';
import { AwsClientOptions, AwsClients, connectAws, destroyClients } from './aws';
import { assertContracts } from './contracts';
import { checkStacks, deployStacks, readStacks } from './deploy';
import { destroyStacks } from './destroy';
import { detectDrift } from './drift';
import { DeployError } from './errors';
import { Interrupt } from './interrupt';
import { deployLocal } from './local';
import { confirmDestroy, selectStacks } from './select';
import { REQUIRE_APPROVAL_VALUES } from './security-gate';
import { planStacks } from './plan';
import { rollbackStacks } from './rollback';
import { Printer } from './printer';
import { stackOutputs, stackStatuses } from './stack-info';
import { verifyStage } from './verify';
import { deployAffected } from './affected';
import { stageStatus } from './ledger-status';
import { isProtectedStage, stageOfStacks } from './stage-environment';
import { STAGE_PATTERN } from '@listbackup/conventions/names';

export interface CliDependencies {
  readonly out?: Printer;
  readonly err?: Printer;
  readonly interrupt?: Interrupt;
  /** SDK client options; tests pass a fake CloudFormation through `onClient`. */
  readonly aws?: AwsClientOptions;
  /**
   * Asks the user a question and resolves with the answer (destroy's confirmation, approval of
   * security changes).
   * `null`: there is no one to ask (destroy then needs --yes).
   * @default a prompt on the terminal when stdin is one, else `null`
   */
  readonly ask?: ((question: string) => Promise<string>) | null;
  /** Starts (or finds) the local emulator for `local`. @default the background moto server of tools/local-aws */
  readonly startEmulator?: () => Promise<LocalEmulator>;
  /** The git repository whose HEAD the deploy ledger records. @default the current directory */
  readonly repository?: string;
}

export interface LocalEmulator {
  readonly endpoint: string;
  readonly env: Record<string, string>;
  readonly alreadyRunning: boolean;
}

async function startEmulatorInBackground(): Promise<LocalEmulator> {
  // Loaded only by the command that starts it: the other commands start sooner without it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load that jest's CommonJS runs too
  const { startInBackground } = require('@listbackup/local-aws') as typeof import('@listbackup/local-aws');
  const { state, env, alreadyRunning } = await startInBackground();
  return { endpoint: state.endpoint, env, alreadyRunning };
}

// args '': the stacks or patterns of the usage line.
const COMMANDS = [
  { name: 'deploy', args: '', description: 'deploy the stacks of the assemblies in dependency order' },
  { name: 'plan', args: '', description: 'show the change sets a deploy would execute; executes nothing' },
  {
    name: 'status', args: '[<stage>]', description: 'table of stack, status, last update; with the stage: the deploy ledger too\n' +
      '(deployed commit, commits behind HEAD, last outcome, drift when detected)',
  },
  {
    name: 'affected', args: '', description: 'with --stage <stage>: deploy the stacks changed since their own last successful\n' +
      'deploy in that stage, failed or missing ones, and their dependents (says why each)',
  },
  { name: 'outputs', args: '', description: 'table of stack outputs and export names' },
  { name: 'destroy', args: '', description: 'delete the stacks in reverse dependency order (asks for the names, or --yes)' },
  { name: 'drift', args: '', description: 'detect drift: every resource whose configuration differs from its template (--fail: exit 1)' },
  { name: 'check', args: '', description: 'prove the export contract (add --offline to skip ListExports)' },
  {
    name: 'verify', args: '<stage> [stack]...', description: 'prove a deployed stage: stacks settled and without drift, exports live,\n' +
      'imports resolved',
  },
  {
    name: 'rollback', args: '', description: 'roll back a stack a --no-rollback deploy left CREATE_FAILED or UPDATE_FAILED\n' +
      '(RollbackStack), or continue a rollback that failed (ContinueUpdateRollback;\n' +
      '--orphan <logical id> leaves a resource fixed by hand as it is)',
  },
  {
    name: 'local', args: '', description: 'deploy to the local emulator (started in the background if needed), through\n' +
      'change sets; stops first, naming any resource type the emulator cannot create',
  },
] as const satisfies readonly CommandSpec[];

const OPTIONS = {
  'assembly': { type: 'string', value: '<dir>', multiple: true, default: ['cdk.out'], description: 'a cloud assembly' },
  'method': { type: 'string', value: '<m>', choices: ['change-set', 'direct'], default: 'change-set', description: 'change-set | direct' },
  'region': { type: 'string', value: '<region>', description: 'overrides AWS_REGION' },
  'concurrency': { type: 'integer', value: '<n>', min: 1, description: 'stacks deployed at once [default: 4]' },
  'poll-interval': { type: 'integer', value: '<ms>', min: 0, description: 'how often to poll CloudFormation [default: 2000]' },
  'force': { type: 'boolean', description: 'destroy stacks that hold tables or buckets (resources are retained)' },
  'yes': { type: 'boolean', short: 'y', description: 'destroy without asking for the stack names' },
  'require-approval': {
    type: 'string', value: '<m>', choices: REQUIRE_APPROVAL_VALUES, default: 'broadening',
    description: 'never | broadening | any-change: when IAM and resource-policy changes are\nshown and must be approved (from a terminal)',
  },
  'parameters': { type: 'string', value: '<p>', multiple: true, description: '[<stack>:]<Key>=<Value>, a template parameter' },
  'tags': { type: 'string', value: '<t>', multiple: true, description: '<Key>=<Value>, a tag on every stack' },
  'notification-arns': { type: 'string', value: '<a>', multiple: true, description: 'an SNS topic for the stacks\' events' },
  'no-rollback': { type: 'boolean', description: 'keep what a failed create or update made, for inspection' },
  'outputs-file': { type: 'string', value: '<file>', description: 'write the deployed stacks\' outputs there as JSON' },
  'wait': { type: 'boolean', description: 'when another operation holds a stack, wait for it to settle, then deploy' },
  'allow-data-loss': {
    type: 'string', value: '<id>', multiple: true,
    description: 'deploy even though it removes, replaces or unprotects this resource that\nholds data (a logical id or <stack>/<logical id>)',
  },
  'offline': { type: 'boolean', description: 'check: use only the assemblies, not the deployed exports' },
  'fail': { type: 'boolean', description: 'drift: exit 1 when a stack has drifted' },
  'orphan': { type: 'string', value: '<logical id>', multiple: true, description: 'rollback: leave this resource, fixed by hand, as it is' },
  'stage': { type: 'string', value: '<stage>', description: 'affected: the stage the assemblies were synthesized for' },
} as const satisfies OptionSpecs;

/** The command line of `listbackup-deploy`, in the style of every ListBackup tool (`@listbackup/cli`). */
export const DEPLOY_CLI = defineCli({
  name: 'listbackup-deploy',
  synopsis: '<command> [stack or pattern]... [--assembly <dir>]... [options]',
  description: `Every command takes the stacks to act on by name or '*' pattern (all stacks of the assemblies when
none is named); a name that matches no stack is an error and nothing is called.`,
  commands: COMMANDS,
  options: OPTIONS,
  errors: { types: [DeployError], usageCodes: ['UsageError'], interruptedCodes: ['Interrupted'] },
  interrupt: {
    first: 'interrupt: starting nothing new; waiting for nothing more. Press Ctrl-C again to exit at once.',
    second: 'second interrupt: exiting now; CloudFormation operations already started keep running',
  },
  run: (invocation, deps: CliDependencies) => runCommand(invocation, deps),
});

/** The usage `--help` prints. */
export const USAGE = DEPLOY_CLI.usage;

/** Runs one command line and returns the process exit code: 0 success, 1 failure, 2 usage, 130 interrupted. */
export function runCli(argv: string[], deps: CliDependencies = {}): Promise<number> {
  return DEPLOY_CLI.run(argv, { out: deps.out, err: deps.err, interrupt: deps.interrupt, deps });
}

async function runCommand(invocation: Invocation<typeof OPTIONS, typeof COMMANDS>, deps: CliDependencies): Promise<void> {
  const { command, values, positionals: rest, out, interrupt } = invocation;
  if (command === 'affected' && !values.stage) throw new UsageError('affected needs the stage: listbackup-deploy affected --stage <stage> --assembly <dir>...');
  if (command === 'verify' && !rest[0]) throw new UsageError('verify needs a stage: listbackup-deploy verify <stage> --assembly <dir>...');
  let clients: AwsClients | undefined;
  try {
    const all = readStacks(values.assembly);
    // `status <stage>`: a first word that names no stack but is the stage of the assemblies' stacks.
    const statusStage = command === 'status' && rest[0] && STAGE_PATTERN.test(rest[0]) && !all.some((s) => s.stackName === rest[0])
      && all.some((s) => s.stackName.endsWith(`-${rest[0]}`)) ? rest[0] : undefined;
    const patterns = command === 'verify' || statusStage ? rest.slice(1) : rest;
    const stacks = selectStacks(all, patterns, process.env.STAGE || statusStage || undefined);
    if (values.force && isProtectedStage(stacks)) {
      throw new DeployError('ProtectedStage', `stage '${stageOfStacks(stacks)}' is protected: --force is refused. Nothing was changed: ` +
        'a protected stage\'s stacks are destroyed only after its protection is lifted in the environments catalog');
    }
    if (command === 'check' && values.offline) {
      assertContracts(stacks);
      out.line(`contracts hold for ${stacks.length} stack${stacks.length === 1 ? '' : 's'} (assemblies only)`);
      return;
    }
    let endpoint = '';
    if (command === 'local') {
      // The emulator's endpoint and dummy credentials replace whatever account the shell points at.
      const emulator = await (deps.startEmulator ?? startEmulatorInBackground)();
      out.line(`local emulator: ${emulator.endpoint}${emulator.alreadyRunning ? ' (already running)' : ' (started)'}`);
      Object.assign(process.env, emulator.env);
      endpoint = emulator.endpoint;
    }
    clients = await connectAws({ ...deps.aws, region: values.region ?? deps.aws?.region });
    const common = { clients, printer: out, interrupt, pollIntervalMs: values['poll-interval'], concurrency: values.concurrency };
    const ask = (deps.ask === undefined ? terminalPrompt() : deps.ask) ?? undefined;
    const deployOptions = {
      ...common, method: values.method, allowDataLoss: values['allow-data-loss'] ?? [], requireApproval: values['require-approval'], ask,
      parameters: parseParameters(values.parameters ?? []),
      tags: parseTags(values.tags ?? []),
      notificationArns: values['notification-arns'] ?? [],
      disableRollback: values['no-rollback'] ?? false,
      repository: deps.repository,
    };
    switch (command) {
      case 'deploy': {
        const results = await deployStacks(stacks, { ...deployOptions, wait: values.wait ?? false });
        if (values['outputs-file']) {
          writeFileSync(values['outputs-file'], JSON.stringify(Object.fromEntries(results.map((r) => [r.stackName, r.outputs])), undefined, 2) + '\n');
          out.line(`outputs written to ${values['outputs-file']}`);
        }
        break;
      }
      case 'plan': await planStacks(stacks, common); break;
      case 'status':
        if (statusStage) await stageStatus(statusStage, stacks, clients, out, deps.repository ?? process.cwd());
        else await stackStatuses(stacks, clients, out);
        break;
      case 'affected': await deployAffected(stacks, { ...deployOptions, stage: values.stage! }); break;
      case 'drift': await detectDrift(stacks, { clients, printer: out, pollIntervalMs: values['poll-interval'], fail: values.fail }); break;
      case 'outputs': await stackOutputs(stacks, clients, out); break;
      case 'destroy':
        await confirmDestroy(stacks, { yes: values.yes, ask });
        await destroyStacks(stacks, { ...common, force: values.force });
        break;
      case 'check':
        await checkStacks(clients, stacks);
        out.line(`contracts hold for ${stacks.length} stack${stacks.length === 1 ? '' : 's'} (assemblies and deployed exports)`);
        break;
      case 'verify': await verifyStage(rest[0], stacks, clients, out, { pollIntervalMs: values['poll-interval'] }); break;
      case 'local': await deployLocal(stacks, { ...common, endpoint }); break;
      case 'rollback': await rollbackStacks(stacks, { ...common, orphan: values.orphan }); break;
    }
  } finally {
    if (clients) destroyClients(clients);
  }
}

/** A question on the terminal, when stdin is one. */
function terminalPrompt(): ((question: string) => Promise<string>) | undefined {
  if (!process.stdin.isTTY) return undefined;
  return async (question) => {
    const { createInterface } = await import('node:readline/promises');
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return await rl.question(question);
    } finally {
      rl.close();
    }
  };
}

/** `--parameters [<stack>:]<Key>=<Value>`, by stack (`*` when none is named). */
function parseParameters(values: string[]): Record<string, Record<string, string>> {
  const byStack: Record<string, Record<string, string>> = {};
  for (const value of values) {
    const match = /^(?:([^:=]+):)?([A-Za-z0-9]+)=(.*)$/s.exec(value);
    if (!match) throw new UsageError(`--parameters '${value}' is invalid: use Key=Value or <stack>:Key=Value`);
    const [, stack = '*', key, v] = match;
    (byStack[stack] ??= {})[key] = v;
  }
  return byStack;
}

/** `--tags <Key>=<Value>`. */
function parseTags(values: string[]): Record<string, string> {
  return Object.fromEntries(values.map((value) => {
    const at = value.indexOf('=');
    if (at < 1) throw new UsageError(`--tags '${value}' is invalid: use Key=Value`);
    return [value.slice(0, at), value.slice(at + 1)];
  }));
}
