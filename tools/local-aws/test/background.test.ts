import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { backgroundStatus, ensureMoto, startInBackground, stopBackground } from '../src';

const run = promisify(execFile);
const CLI = path.join(__dirname, '..', 'lib', 'cli.js');

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

describe('cli', () => {
  test('an unknown command prints usage and fails', async () => {
    const error = await run('node', [CLI, 'launch']).catch((e) => e);
    expect(error.code).toBe(1);
    expect(error.stderr).toContain("unknown command 'launch'");
    expect(error.stderr).toContain('usage: listbackup-local-aws');
  });

  test('a malformed --port is refused before anything starts', async () => {
    const error = await run('node', [CLI, 'start', '--port', 'abc']).catch((e) => e);
    expect(error.code).toBe(1);
    expect(error.stderr).toContain("--port needs a number from 1 to 65535, got 'abc'");
  });

  test('install reports the pinned version already in place', async () => {
    const { stdout } = await run('node', [CLI, 'install']);
    expect(stdout).toMatch(/moto 5\.2\.5 already installed: .*\.venv\/bin\/moto_server/);
  });
});
