import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findRepositoryRoot } from '@listbackup/repository';
import { ensureMoto, LocalAwsError, MOTO_VERSION } from '../src';

/** A throwaway folder that looks like a repository root (it has nx.json). */
const created: string[] = [];
afterAll(() => { for (const dir of created) fs.rmSync(dir, { recursive: true, force: true }); });

function fakeRoot(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'local-aws-root-'));
  created.push(root);
  fs.writeFileSync(path.join(root, 'nx.json'), '{}');
  return root;
}

describe('ensureMoto', () => {
  test('installs the pinned moto into .venv at the repository root, and reuses it', async () => {
    const first = await ensureMoto();
    const root = findRepositoryRoot(__dirname);
    expect(first.venv).toBe(path.join(root, '.venv'));
    expect(first.version).toBe(MOTO_VERSION);
    expect(fs.existsSync(first.motoServer)).toBe(true);

    const second = await ensureMoto();
    expect(second.installed).toBe(false);
    expect(second.motoServer).toBe(first.motoServer);
  });

  /**
   * A virtualenv whose Python records each start in `started.log` and fails, holding `moto_server`
   * and, if `distInfo` is given, that dist-info folder.
   */
  function recordingVenv(distInfo?: string): { root: string; starts: () => string[] } {
    const root = fakeRoot();
    const bin = path.join(root, '.venv', 'bin');
    const sitePackages = path.join(root, '.venv', 'lib', 'python3.12', 'site-packages');
    fs.mkdirSync(bin, { recursive: true });
    fs.mkdirSync(sitePackages, { recursive: true });
    if (distInfo) fs.mkdirSync(path.join(sitePackages, distInfo));
    const log = path.join(root, 'started.log');
    fs.writeFileSync(path.join(bin, 'python'), `#!/bin/sh\necho "$*" >> '${log}'\nexit 1\n`, { mode: 0o755 });
    fs.writeFileSync(path.join(bin, 'moto_server'), '#!/bin/sh\n', { mode: 0o755 });
    return { root, starts: () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : []) };
  }

  test('reusing an install starts neither Python nor pip', async () => {
    const venv = recordingVenv(`moto-${MOTO_VERSION}.dist-info`);
    const reused = await ensureMoto({ root: venv.root, python: 'python-that-does-not-exist' });
    expect(reused).toMatchObject({ installed: false, version: MOTO_VERSION });
    expect(venv.starts()).toEqual([]);
  });

  test('another moto version in the virtualenv is replaced through pip', async () => {
    const venv = recordingVenv('moto-5.0.0.dist-info');
    const error = await ensureMoto({ root: venv.root }).catch((e) => e);
    expect(error).toMatchObject({ code: 'PipFailed' });
    expect(venv.starts()).toEqual([`-m pip install --quiet --disable-pip-version-check moto[server]==${MOTO_VERSION}`]);
  });

  test('a missing Python is a clear error and leaves no virtualenv behind', async () => {
    const root = fakeRoot();
    const error = await ensureMoto({ root, python: 'python-that-does-not-exist' }).catch((e) => e);
    expect(error).toBeInstanceOf(LocalAwsError);
    expect(error.code).toBe('PythonMissing');
    expect(error.message).toMatch(/'python-that-does-not-exist' was not found on PATH.*needs Python 3/);
    expect(fs.existsSync(path.join(root, '.venv'))).toBe(false);
  });

  test('a failing pip is reported with its own output', async () => {
    const root = fakeRoot();
    // A real virtualenv without pip: `python -m pip` then fails the way a broken install does.
    execFileSync('python3', ['-m', 'venv', '--without-pip', path.join(root, '.venv')]);
    const error = await ensureMoto({ root }).catch((e) => e);
    expect(error).toBeInstanceOf(LocalAwsError);
    expect(error.code).toBe('PipFailed');
    expect(error.message).toContain(`pip could not install moto[server]==${MOTO_VERSION}`);
    expect(error.message).toMatch(/No module named pip/);
  });
});
