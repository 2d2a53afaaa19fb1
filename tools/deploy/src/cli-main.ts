import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startInBackground } from '@listbackup/local-aws';
import { AwsClientOptions, AwsClients, connectAws, destroyClients } from './aws';
import { assertContracts } from './contracts';
import { DeployMethod } from './deploy-stack';
import { checkStacks, deployStacks, readStacks } from './deploy';
import { destroyStacks } from './destroy';
import { detectDrift } from './drift';
import { DeployError } from './errors';
import { Interrupt } from './interrupt';
import { deployLocal } from './local';
import { confirmDestroy, selectStacks } from './select';
import { REQUIRE_APPROVAL_VALUES, RequireApproval } from './security-gate';
import { planStacks } from './plan';
import { rollbackStacks } from './rollback';
import { consolePrinter, Printer } from './printer';
import { stackOutputs, stackStatuses } from './stack-info';
import { verifyStage } from './verify';

export const USAGE = `usage: listbackup-deploy <command> [stack or pattern]... [--assembly <dir>]... [options]

Every command takes the stacks to act on by name or '*' pattern (all stacks of the assemblies when
none is named); a name that matches no stack is an error and nothing is called.

commands:
  deploy            deploy the stacks of the assemblies in dependency order
  plan              show the change sets a deploy would execute; executes nothing
  status            table of stack, status, last update
  outputs           table of stack outputs and export names
  destroy           delete the stacks in reverse dependency order (asks for the names, or --yes)
  drift             detect drift: every resource whose configuration differs from its template (--fail: exit 1)
  check             prove the export contract (add --offline to skip ListExports)
  verify <stage> [stack]...  prove a deployed stage: stacks settled and without drift, exports live,
                    imports resolved
  rollback          roll back a stack a --no-rollback deploy left CREATE_FAILED or UPDATE_FAILED
                    (RollbackStack), or continue a rollback that failed (ContinueUpdateRollback;
                    --orphan <logical id> leaves a resource fixed by hand as it is)
  local             deploy to the local emulator (started in the background if needed), through
                    change sets; stops first, naming any resource type the emulator cannot create

options:
  --assembly <dir>        a cloud assembly (repeatable) [default: cdk.out]
  --method <m>            change-set | direct [default: change-set]
  --region <region>       overrides AWS_REGION
  --concurrency <n>       stacks deployed at once [default: 4]
  --poll-interval <ms>    how often to poll CloudFormation [default: 2000]
  --force                 destroy stacks that hold tables or buckets (resources are retained)
  --yes                   destroy without asking for the stack names
  --require-approval <m>  never | broadening | any-change: when IAM and resource-policy changes are
                          shown and must be approved (from a terminal) [default: broadening]
  --parameters <p>        [<stack>:]<Key>=<Value>, a template parameter (repeatable)
  --tags <t>              <Key>=<Value>, a tag on every stack (repeatable)
  --notification-arns <a> an SNS topic for the stacks' events (repeatable)
  --no-rollback           keep what a failed create or update made, for inspection
  --outputs-file <file>   write the deployed stacks' outputs there as JSON
  --wait                  when another operation holds a stack, wait for it to settle, then deploy
  --allow-data-loss <id>  deploy even though it removes, replaces or unprotects this resource that
                          holds data (a logical id or <stack>/<logical id>; repeatable)
  --offline               check: use only the assemblies, not the deployed exports`;

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
}

export interface LocalEmulator {
  readonly endpoint: string;
  readonly env: Record<string, string>;
  readonly alreadyRunning: boolean;
}

async function startEmulatorInBackground(): Promise<LocalEmulator> {
  const { state, env, alreadyRunning } = await startInBackground();
  return { endpoint: state.endpoint, env, alreadyRunning };
}

const COMMANDS = ['deploy', 'plan', 'status', 'outputs', 'destroy', 'check', 'verify', 'local', 'drift', 'rollback'];

/** Runs one command line and returns the process exit code: 0 success, 1 failure, 2 usage, 130 interrupted. */
export async function runCli(argv: string[], deps: CliDependencies = {}): Promise<number> {
  const out = deps.out ?? consolePrinter;
  const err = deps.err ?? { line: (t: string) => process.stderr.write(t + '\n') };
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'assembly': { type: 'string', multiple: true },
        'method': { type: 'string' },
        'region': { type: 'string' },
        'concurrency': { type: 'string' },
        'poll-interval': { type: 'string' },
        'force': { type: 'boolean' },
        'offline': { type: 'boolean' },
        'yes': { type: 'boolean', short: 'y' },
        'allow-data-loss': { type: 'string', multiple: true },
        'require-approval': { type: 'string' },
        'fail': { type: 'boolean' },
        'parameters': { type: 'string', multiple: true },
        'tags': { type: 'string', multiple: true },
        'notification-arns': { type: 'string', multiple: true },
        'no-rollback': { type: 'boolean' },
        'outputs-file': { type: 'string' },
        'wait': { type: 'boolean' },
        'orphan': { type: 'string', multiple: true },
        'help': { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    err.line(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const [command, ...rest] = parsed.positionals;
  if (parsed.values.help || !command) {
    out.line(USAGE);
    return parsed.values.help ? 0 : 2;
  }
  if (!COMMANDS.includes(command)) {
    err.line(`unknown command '${command}': use one of ${COMMANDS.join(', ')}\n${USAGE}`);
    return 2;
  }
  const method = (parsed.values.method ?? 'change-set') as DeployMethod;
  if (method !== 'change-set' && method !== 'direct') {
    err.line(`--method '${method}' is invalid: use change-set or direct`);
    return 2;
  }
  const requireApproval = (parsed.values['require-approval'] ?? 'broadening') as RequireApproval;
  if (!REQUIRE_APPROVAL_VALUES.includes(requireApproval)) {
    err.line(`--require-approval '${requireApproval}' is invalid: use ${REQUIRE_APPROVAL_VALUES.join(', ')}`);
    return 2;
  }
  const number = (name: 'concurrency' | 'poll-interval'): number | undefined => {
    const raw = parsed.values[name];
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < (name === 'concurrency' ? 1 : 0)) throw new DeployError('UsageError', `--${name} '${raw}' is invalid: use a whole number`);
    return n;
  };
  const interrupt = deps.interrupt ?? new Interrupt();
  let clients: AwsClients | undefined;
  try {
    const concurrency = number('concurrency');
    const pollIntervalMs = number('poll-interval');
    const patterns = command === 'verify' ? rest.slice(1) : rest;
    const stacks = selectStacks(readStacks(parsed.values.assembly ?? ['cdk.out']), patterns, process.env.STAGE || undefined);
    if (command === 'check' && parsed.values.offline) {
      assertContracts(stacks);
      out.line(`contracts hold for ${stacks.length} stack${stacks.length === 1 ? '' : 's'} (assemblies only)`);
      return 0;
    }
    if (command === 'verify' && !rest[0]) throw new DeployError('UsageError', 'verify needs a stage: listbackup-deploy verify <stage> --assembly <dir>...');
    let endpoint = '';
    if (command === 'local') {
      // The emulator's endpoint and dummy credentials replace whatever account the shell points at.
      const emulator = await (deps.startEmulator ?? startEmulatorInBackground)();
      out.line(`local emulator: ${emulator.endpoint}${emulator.alreadyRunning ? ' (already running)' : ' (started)'}`);
      Object.assign(process.env, emulator.env);
      endpoint = emulator.endpoint;
    }
    clients = await connectAws({ ...deps.aws, region: parsed.values.region ?? deps.aws?.region });
    const common = { clients, printer: out, interrupt, pollIntervalMs, concurrency };
    const ask = (deps.ask === undefined ? terminalPrompt() : deps.ask) ?? undefined;
    switch (command) {
      case 'deploy': {
        const results = await deployStacks(stacks, {
          ...common, method, allowDataLoss: parsed.values['allow-data-loss'] ?? [], requireApproval, ask,
          parameters: parseParameters(parsed.values.parameters ?? []),
          tags: parseTags(parsed.values.tags ?? []),
          notificationArns: parsed.values['notification-arns'] ?? [],
          disableRollback: parsed.values['no-rollback'] ?? false,
          wait: parsed.values.wait ?? false,
        });
        if (parsed.values['outputs-file']) {
          writeFileSync(parsed.values['outputs-file'], JSON.stringify(Object.fromEntries(results.map((r) => [r.stackName, r.outputs])), undefined, 2) + '\n');
          out.line(`outputs written to ${parsed.values['outputs-file']}`);
        }
        break;
      }
      case 'plan': await planStacks(stacks, common); break;
      case 'status': await stackStatuses(stacks, clients, out); break;
      case 'drift': await detectDrift(stacks, { clients, printer: out, pollIntervalMs, fail: parsed.values.fail }); break;
      case 'outputs': await stackOutputs(stacks, clients, out); break;
      case 'destroy':
        await confirmDestroy(stacks, { yes: parsed.values.yes, ask });
        await destroyStacks(stacks, { ...common, force: parsed.values.force });
        break;
      case 'check':
        await checkStacks(clients, stacks);
        out.line(`contracts hold for ${stacks.length} stack${stacks.length === 1 ? '' : 's'} (assemblies and deployed exports)`);
        break;
      case 'verify': await verifyStage(rest[0], stacks, clients, out, { pollIntervalMs }); break;
      case 'local': await deployLocal(stacks, { ...common, endpoint }); break;
      case 'rollback': await rollbackStacks(stacks, { ...common, orphan: parsed.values.orphan }); break;
    }
    return 0;
  } catch (e) {
    if (e instanceof DeployError) {
      err.line(`error [${e.code}]: ${e.message}`);
      return e.code === 'Interrupted' ? 130 : e.code === 'UsageError' ? 2 : 1;
    }
    err.line(`unexpected error: ${(e as Error).stack ?? String(e)}`);
    return 1;
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
    if (!match) throw new DeployError('UsageError', `--parameters '${value}' is invalid: use Key=Value or <stack>:Key=Value`);
    const [, stack = '*', key, v] = match;
    (byStack[stack] ??= {})[key] = v;
  }
  return byStack;
}

/** `--tags <Key>=<Value>`. */
function parseTags(values: string[]): Record<string, string> {
  return Object.fromEntries(values.map((value) => {
    const at = value.indexOf('=');
    if (at < 1) throw new DeployError('UsageError', `--tags '${value}' is invalid: use Key=Value`);
    return [value.slice(0, at), value.slice(at + 1)];
  }));
}
