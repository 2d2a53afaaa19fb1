import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as net from 'node:net';
import { promisify } from 'node:util';
import { RecordingPrinter } from '@listbackup/cli';
import { backgroundStatus, ensureMoto, startInBackground, stopBackground } from '../src';
import { LOCAL_AWS_CLI } from '../src/cli-main';

const run = promisify(execFile);
const BIN = path.join(__dirname, '..', 'bin', 'listbackup-local-aws');

/**
 * A repository root of its own whose .venv shares the real install (bin, lib), so the state file
 * of this test never touches an emulator someone started from the real root.
 */
const created: string[] = [];
afterAll(() => { for (const dir of created) fs.rmSync(dir, { recursive: true, force: true }); });

async function isolatedRoot(): Promise<string> {
  const { venv } = await ensureMoto();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'local-aws-bg-'));
  created.push(root);
  fs.writeFileSync(path.join(root, 'nx.json'), '{}');
  fs.mkdirSync(path.join(root, '.venv'));
  for (const entry of ['bin', 'lib', 'pyvenv.cfg']) {
    fs.symlinkSync(path.join(venv, entry), path.join(root, '.venv', entry));
  }
  return root;
}

describe('background emulator (listbackup-local-aws start/stop/status)', () => {
  test('start runs it detached, status finds it, start again reuses it, stop ends it', async () => {
    const root = await isolatedRoot();
    expect(await backgroundStatus(root)).toBeUndefined();

    const started = await startInBackground({ root });
    try {
      expect(started.alreadyRunning).toBe(false);
      expect(started.env.AWS_ENDPOINT_URL).toBe(started.state.endpoint);
      expect((await fetch(`${started.state.endpoint}/moto-api/data.json`)).ok).toBe(true);
      expect((await backgroundStatus(root))?.pid).toBe(started.state.pid);

      const again = await startInBackground({ root });
      expect(again.alreadyRunning).toBe(true);
      expect(again.state.pid).toBe(started.state.pid);
      await expect(startInBackground({ root, port: started.state.port + 1 })).rejects.toThrow(/already runs on port/);
    } finally {
      const stopped = await stopBackground(root);
      expect(stopped?.pid).toBe(started.state.pid);
    }
    expect(await backgroundStatus(root)).toBeUndefined();
    await expect(fetch(`${started.state.endpoint}/moto-api/data.json`)).rejects.toThrow();
    expect(await stopBackground(root)).toBeUndefined();
  });
});

/** The command line in-process, with recording printers, against a repository root of its own. */
async function cli(argv: string[], root?: string) {
  const out = new RecordingPrinter();
  const err = new RecordingPrinter();
  const code = await LOCAL_AWS_CLI.run(argv, { out, err, deps: { root } });
  return { code, out: out.text, err: err.text };
}

describe('cli', () => {
  test('start prints only the environment on stdout, status answers 0 while it runs and 1 when not, stop ends it', async () => {
    const root = await isolatedRoot();
    expect(await cli(['status'], root)).toEqual({ code: 1, out: 'not running', err: '' });

    const started = await cli(['start'], root);
    try {
      expect(started.code).toBe(0);
      expect(started.err).toMatch(/^started: http:\/\/127\.0\.0\.1:\d+ \(pid \d+, log .*local-aws\.log\)$/);
      const env = Object.fromEntries(started.out.split('\n').map((line) => /^export ([A-Z_]+)=(.*)$/.exec(line)!.slice(1)));
      expect(env.AWS_ENDPOINT_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await fetch(`${env.AWS_ENDPOINT_URL}/moto-api/data.json`)).ok).toBe(true);
      expect(await cli(['status'], root)).toMatchObject({ code: 0, out: expect.stringMatching(/^running: http:\/\/127\.0\.0\.1:\d+ \(pid \d+, since /), err: '' });
    } finally {
      const stopped = await cli(['stop'], root);
      expect(stopped).toMatchObject({ code: 0, out: '', err: expect.stringMatching(/^stopped the emulator on http:\/\/127\.0\.0\.1:\d+ \(pid \d+\)$/) });
    }
    expect(await cli(['status'], root)).toEqual({ code: 1, out: 'not running', err: '' });
    expect(await cli(['stop'], root)).toEqual({ code: 0, out: '', err: 'not running' });
  });

  test("a failure of the tool's own is exit 1 with its code: a port in use is refused before anything starts", async () => {
    const root = await isolatedRoot();
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as net.AddressInfo;
      const run = await cli(['start', '--port', String(port)], root);
      expect(run).toMatchObject({ code: 1, out: '' });
      expect(run.err).toMatch(new RegExp(`^error \\[PortInUse\\]: port ${port} on 127\\.0\\.0\\.1 is already in use`));
    } finally {
      server.close();
    }
    expect(await backgroundStatus(root)).toBeUndefined();
  });

  test.each([
    [['launch'], "error: unknown command 'launch': use one of start, stop, status, install"],
    [[], 'error: no command given: use one of start, stop, status, install'],
    [['start', '--port', 'abc'], "error: --port 'abc' is invalid: use a whole number from 1 to 65535"],
    [['start', '--port=70000'], "error: --port '70000' is invalid: use a whole number from 1 to 65535"],
    [['start', '--port'], "error: --port needs a value: --port <n> (a value starting with '-' goes as --port=<value>)"],
    [['stop', '--port', '5000'], "error: --port is an option of 'start', not of 'stop'"],
    [['status', '--verbose'], "error: unknown option '--verbose'"],
  ])('bad usage %j: exit 2, the message and the usage on stderr, nothing started', async (argv, message) => {
    const root = await isolatedRoot();
    const run = await cli(argv, root);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\n\nusage: listbackup-local-aws <command> \\[options\\]\n`));
    expect(run.out).toBe('');
    expect(await backgroundStatus(root)).toBeUndefined();
  });

  test('--help prints the usage on stdout, exit 0', async () => {
    const run = await cli(['--help']);
    expect(run).toEqual({ code: 0, out: LOCAL_AWS_CLI.usage, err: '' });
    expect(run.out).toContain('  start  ');
    expect(run.out).toContain('  --port <n>  start: the port to listen on [default: a free one]');
    expect(run.out).toContain('; 1 failure, or status: not running; ');
  });

  test('install reports the pinned version already in place', async () => {
    const run = await cli(['install']);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^moto 5\.2\.5 already installed: .*\.venv\/bin\/moto_server$/);
  });

  test('the bin shim runs the built command line as a process: usage error 2, help 0', async () => {
    const error = await run(process.execPath, [BIN, 'launch']).catch((e) => e);
    expect(error.code).toBe(2);
    expect(error.stderr).toMatch(/^error: unknown command 'launch'/);
    const help = await run(process.execPath, [BIN, '-h']);
    expect(help.stdout).toBe(LOCAL_AWS_CLI.usage + '\n');
  });
});
