import { defineCli, ExitCode, Interrupt, RecordingPrinter, UsageError } from '../src';

class ToolError extends Error {
  constructor(public readonly code: 'Broken' | 'BadSelection' | 'Interrupted', message: string) {
    super(message);
  }
}

interface Deps { readonly seen: unknown[] }

const tool = defineCli({
  name: 'tool',
  description: 'does things to stacks',
  commands: [
    { name: 'deploy', args: '[stack]...', description: 'deploys the stacks\nin dependency order', options: { wait: { type: 'boolean', description: 'wait for a busy stack' } } },
    { name: 'status', description: 'says whether it runs' },
    { name: 'fail', args: '[what]', description: 'fails' },
  ],
  options: {
    'assembly': { type: 'string', value: '<dir>', multiple: true, default: ['cdk.out'], description: 'a cloud assembly' },
    'method': { type: 'string', value: '<m>', choices: ['change-set', 'direct'], description: 'how to deploy' },
    'concurrency': { type: 'integer', value: '<n>', min: 1, description: 'stacks at once' },
    'yes': { type: 'boolean', short: 'y', description: 'do not ask' },
  },
  errors: { types: [ToolError], usageCodes: ['BadSelection'], interruptedCodes: ['Interrupted'] },
  async run(invocation, deps: Deps) {
    deps.seen.push(invocation.command, invocation.values, invocation.positionals);
    const { command, out } = invocation;
    if (command === 'status') {
      out.line('not running');
      return ExitCode.Failure;
    }
    if (command === 'fail') {
      const what = invocation.positionals[0];
      if (what === 'usage') throw new UsageError('fail usage needs nothing more');
      if (what === 'selection') throw new ToolError('BadSelection', "'x*' matches no stack");
      if (what === 'interrupted') throw new ToolError('Interrupted', 'stopped');
      if (what === 'bug') throw new TypeError('cannot read properties of undefined');
      throw new ToolError('Broken', 'the stack failed: see its events');
    }
    out.line(`deploying ${invocation.positionals.join(' ') || 'everything'} from ${invocation.values.assembly.join(' ')}`);
    return ExitCode.Success;
  },
});

async function run(...argv: string[]) {
  const out = new RecordingPrinter();
  const err = new RecordingPrinter();
  const seen: unknown[] = [];
  const code = await tool.run(argv, { out, err, deps: { seen } });
  return { code, out: out.text, err: err.text, seen };
}

describe('exit codes', () => {
  test('0: success, the output on out and nothing on err', async () => {
    const r = await run('deploy', 'a', 'b');
    expect(r).toMatchObject({ code: 0, out: 'deploying a b from cdk.out', err: '' });
  });

  test('1: a command that answers no returns 1 after printing its answer', async () => {
    expect(await run('status')).toMatchObject({ code: 1, out: 'not running', err: '' });
  });

  test("1: the tool's own error prints its code and message on err", async () => {
    expect(await run('fail')).toMatchObject({ code: 1, out: '', err: 'error [Broken]: the stack failed: see its events' });
  });

  test('1: an unexpected error prints its stack trace', async () => {
    const r = await run('fail', 'bug');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^unexpected error: TypeError: cannot read properties of undefined\n\s+at /);
  });

  test('2: a UsageError thrown by the tool prints the message and the usage on err', async () => {
    const r = await run('fail', 'usage');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: fail usage needs nothing more\n\nusage: tool <command> \[options\]/);
    expect(r.out).toBe('');
  });

  test('2: a tool error whose code means bad usage keeps its code and adds the usage', async () => {
    const r = await run('fail', 'selection');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error \[BadSelection\]: 'x\*' matches no stack\n\nusage: tool/);
  });

  test('130: a tool error whose code means interrupted', async () => {
    expect(await run('fail', 'interrupted')).toMatchObject({ code: 130, err: 'error [Interrupted]: stopped' });
  });

  test('the interrupt given is the one the command sees', async () => {
    const interrupt = new Interrupt();
    let seen: Interrupt | undefined;
    const probe = defineCli({ name: 'probe', run: ({ interrupt: i }) => { seen = i; } });
    expect(await probe.run([], { interrupt, deps: {}, out: new RecordingPrinter() })).toBe(0);
    expect(seen).toBe(interrupt);
    expect(interrupt.requested).toBe(false);
    interrupt.request();
    expect(seen?.requested).toBe(true);
  });
});

describe('usage errors: exit 2, the message names the argument, usage follows on err, nothing runs', () => {
  test.each([
    [['deploy', '--nope'], "error: unknown option '--nope'"],
    [['deploy', '-x'], "error: unknown option '-x'"],
    [['bogus'], "error: unknown command 'bogus': use one of deploy, status, fail"],
    [[], 'error: no command given: use one of deploy, status, fail'],
    [['deploy', '--assembly'], 'error: --assembly needs a value: --assembly <dir>'],
    [['deploy', '--assembly', '--yes'], 'error: --assembly needs a value: --assembly <dir>'],
    [['deploy', '--method', 'yolo'], "error: --method 'yolo' is invalid: use change-set or direct"],
    [['deploy', '--concurrency', '0'], "error: --concurrency '0' is invalid: use a whole number of at least 1"],
    [['deploy', '--concurrency', '1.5'], "error: --concurrency '1.5' is invalid: use a whole number of at least 1"],
    [['deploy', '--yes=please'], 'error: --yes takes no value'],
    [['status', '--wait'], "error: --wait is an option of 'deploy', not of 'status'"],
    [['status', 'extra'], "error: unexpected argument 'extra': 'status' takes no positional argument"],
  ])('%j', async (argv, message) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')[0]).toContain(message);
    expect(r.err).toContain('\n\nusage: tool <command> [options]');
    expect(r.out).toBe('');
    expect(r.seen).toEqual([]);
  });
});

describe('--help', () => {
  test.each([['--help'], ['-h'], ['deploy', '--help'], ['bogus', '--nope', '-h']])('%j prints the usage on out and exits 0', async (...argv) => {
    const r = await run(...argv);
    expect(r.code).toBe(0);
    expect(r.out).toBe(tool.usage);
    expect(r.err).toBe('');
    expect(r.seen).toEqual([]);
  });

  test('after -- it is a positional argument', async () => {
    const r = await run('deploy', '--', '--help');
    expect(r).toMatchObject({ code: 0, out: 'deploying --help from cdk.out' });
  });

  test('the usage lists every command, option, default and the exit codes', () => {
    expect(tool.usage).toBe(`usage: tool <command> [options]

does things to stacks

commands:
  deploy [stack]...  deploys the stacks
                     in dependency order
  status             says whether it runs
  fail [what]        fails

options:
  --assembly <dir>   a cloud assembly (repeatable) [default: cdk.out]
  --method <m>       how to deploy
  --concurrency <n>  stacks at once
  -y, --yes          do not ask
  --wait             deploy: wait for a busy stack
  -h, --help         print this usage and exit

exit codes: 0 success; 1 failure (the message says what failed); 2 bad usage (nothing was done); 130 stopped by Ctrl-C`);
  });
});

describe('values', () => {
  test('typed from the spec: repeatable, choices, whole numbers, short aliases, defaults replaced when given', async () => {
    const r = await run('deploy', '--assembly', 'a', '--assembly=b', '--method', 'direct', '--concurrency', '3', '-y', '--wait', 's1');
    expect(r.code).toBe(0);
    expect(r.seen).toEqual(['deploy', { assembly: ['a', 'b'], method: 'direct', concurrency: 3, yes: true, wait: true }, ['s1']]);
  });

  test('options may come before the command', async () => {
    const r = await run('--assembly', 'x', 'deploy');
    expect(r).toMatchObject({ code: 0, out: 'deploying everything from x' });
  });
});

test('a tool without commands takes its options, and no positional argument unless it declares them', async () => {
  const seen: unknown[] = [];
  const single = defineCli({
    name: 'single',
    options: { root: { type: 'string', value: '<repo>', description: 'the repository' } },
    run: ({ values, command }) => { seen.push(values.root, command); },
  });
  expect(await single.run(['--root', '/r'], { deps: {}, out: new RecordingPrinter() })).toBe(0);
  expect(seen).toEqual(['/r', undefined]);
  const err = new RecordingPrinter();
  expect(await single.run(['stray'], { deps: {}, err })).toBe(2);
  expect(err.lines[0]).toMatch(/^error: unexpected argument 'stray': it takes no positional argument\n\nusage: single \[options\]/);
});
