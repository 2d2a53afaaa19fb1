import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';

const DEMO = path.join(__dirname, 'fixtures', 'demo-cli.js');

interface Exit { code: number | null; signal: NodeJS.Signals | null; out: string; err: string }

/** Runs the demo tool as a process; `onReady` is called once it printed "ready". */
function demo(args: string[], env: Record<string, string> = {}, onReady?: (child: ChildProcess) => void): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DEMO, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (onReady && out.includes('ready\n')) {
        const ready = onReady;
        onReady = undefined;
        ready(child);
      }
    });
    child.stderr!.on('data', (d) => { err += d; });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, out, err }));
  });
}

/** Sends SIGINT once its message arrived, so the second one reaches a handler that saw the first. */
function interruptTwice(child: ChildProcess): void {
  child.kill('SIGINT');
  child.stderr!.on('data', (d) => { if (String(d).includes('interrupt: finishing')) child.kill('SIGINT'); });
}

test('runMain sets the exit code: 0 with the output on stdout', async () => {
  expect(await demo(['ok'])).toMatchObject({ code: 0, out: 'ok\n', err: '' });
});

test('runMain: 1 and the error on stderr', async () => {
  expect(await demo(['fail'])).toMatchObject({ code: 1, out: '', err: 'error [Broken]: it broke: fix it\n' });
});

test('runMain: 2, an unknown option named on stderr with the usage', async () => {
  const exit = await demo(['ok', '--nope']);
  expect(exit.code).toBe(2);
  expect(exit.err).toMatch(/^error: unknown option '--nope'\n\nusage: demo <command> \[options\]/);
  expect(exit.out).toBe('');
});

test('runMain: --help prints the usage on stdout, exit 0', async () => {
  const exit = await demo(['--help']);
  expect(exit).toMatchObject({ code: 0, err: '' });
  expect(exit.out).toMatch(/^usage: demo <command> \[options\]\n/);
});

test('two-stage Ctrl-C: the first requests the interrupt the work watches, which stops with 130', async () => {
  const exit = await demo(['wait'], { DEMO_TWO_STAGE: '1' }, (child) => child.kill('SIGINT'));
  expect(exit.code).toBe(130);
  expect(exit.err).toBe('interrupt: finishing what runs\nerror [Interrupted]: stopped: nothing new was started\n');
});

test('two-stage Ctrl-C: the second exits 130 at once, even when the work ignores the interrupt', async () => {
  const exit = await demo(['hang'], { DEMO_TWO_STAGE: '1' }, interruptTwice);
  expect(exit.code).toBe(130);
  expect(exit.err).toBe('interrupt: finishing what runs\nsecond interrupt: exiting now\n');
});

test('without two-stage interrupts, the first Ctrl-C ends the tool at once (the shell sees 128 + 2)', async () => {
  const exit = await demo(['hang'], {}, (child) => child.kill('SIGINT'));
  expect(exit).toMatchObject({ code: null, signal: 'SIGINT', err: '' });
});
