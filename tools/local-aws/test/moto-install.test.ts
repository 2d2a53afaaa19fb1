import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureMoto, findRepositoryRoot, LocalAwsError, MOTO_VERSION } from '../src';

/** A throwaway folder that looks like a repository root (it has nx.json). */
const created: string[] = [];
afterAll(() => { for (const dir of created) fs.rmSync(dir, { recursive: true, force: true }); });

function fakeRoot(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'local-aws-root-'));
  created.push(root);
  fs.writeFileSync(path.join(root, 'nx.json'), '{}');
  return root;
}

describe('findRepositoryRoot', () => {
  test('walks up to the folder holding nx.json', () => {
    const root = fakeRoot();
    const deep = path.join(root, 'tools', 'local-aws', 'src');
    fs.mkdirSync(deep, { recursive: true });
    expect(findRepositoryRoot(deep)).toBe(root);
  });

  test('says what to do when there is none', () => {
    expect(() => findRepositoryRoot(os.tmpdir())).toThrow(/no folder with nx.json at or above/);
  });
});

describe('ensureMoto', () => {
  test('installs the pinned moto into .venv at the repository root, and reuses it', async () => {
    const first = await ensureMoto();
    const root = findRepositoryRoot(__dirname);
    expect(first.venv).toBe(path.join(root, '.venv'));
    expect(first.version).toBe(MOTO_VERSION);
    expect(fs.existsSync(first.motoServer)).toBe(true);

    const started = Date.now();
    const second = await ensureMoto();
    expect(second.installed).toBe(false);
    expect(second.motoServer).toBe(first.motoServer);
    // Reuse reads one folder listing; it must not start Python or pip.
    expect(Date.now() - started).toBeLessThan(1000);
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
