import * as fs from 'node:fs';
import * as path from 'node:path';
import { findRepositoryRoot } from '@listbackup/repository';
import { LocalAwsError } from './errors';
import { withInstallLock } from './private/install-lock';
import { runCommand, tail } from './private/run-command';

/** The moto release the emulator is pinned to (the newest on PyPI when this was written). */
export const MOTO_VERSION = '5.2.5';

export interface EnsureMotoOptions {
  /**
   * The repository root, where `.venv` lives.
   * @default - the nearest folder above this package that holds nx.json
   */
  readonly root?: string;
  /**
   * The Python interpreter that creates the virtualenv.
   * @default - `PYTHON` from the environment, else python3
   */
  readonly python?: string;
  /**
   * Where progress lines go (creating the virtualenv, installing).
   * @default - nowhere
   */
  readonly log?: (line: string) => void;
}

/** Where moto is installed, and whether this call installed it. */
export interface MotoInstallation {
  /** The virtualenv folder, `<root>/.venv`. */
  readonly venv: string;
  /** The `moto_server` executable in the virtualenv. */
  readonly motoServer: string;
  /** The installed moto version. */
  readonly version: string;
  /** True when this call created the virtualenv or ran pip; false when it reused an install. */
  readonly installed: boolean;
}

/**
 * Makes sure `<root>/.venv` holds `moto[server]` at {@link MOTO_VERSION}: reuses it when present,
 * otherwise creates the virtualenv and pip-installs it. Safe to call from parallel processes.
 *
 * @throws LocalAwsError `PythonMissing` when no Python 3 is on PATH, `VenvFailed` when the venv
 *   module is missing, `PipFailed` with pip's own output when the install fails.
 */
export async function ensureMoto(options: EnsureMotoOptions = {}): Promise<MotoInstallation> {
  const root = options.root ?? findRepositoryRoot(__dirname);
  const venv = path.join(root, '.venv');
  const bin = path.join(venv, process.platform === 'win32' ? 'Scripts' : 'bin');
  const venvPython = path.join(bin, process.platform === 'win32' ? 'python.exe' : 'python');
  const motoServer = path.join(bin, process.platform === 'win32' ? 'moto_server.exe' : 'moto_server');
  const log = options.log ?? (() => undefined);

  // Checked before taking the lock: the common case (already installed) costs one file read.
  const before = installedVersion(venv);
  if (before === MOTO_VERSION && fs.existsSync(motoServer)) {
    return { venv, motoServer, version: before, installed: false };
  }

  return withInstallLock(root, async () => {
    const current = installedVersion(venv);
    if (current === MOTO_VERSION && fs.existsSync(motoServer)) {
      return { venv, motoServer, version: current, installed: false };
    }
    if (!fs.existsSync(venvPython)) {
      const python = options.python ?? process.env.PYTHON ?? 'python3';
      log(`creating virtualenv ${venv} with ${python}`);
      await createVenv(python, venv);
    }
    log(`installing moto[server]==${MOTO_VERSION} into ${venv}`);
    const pip = await runCommand(venvPython, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', `moto[server]==${MOTO_VERSION}`]);
    if (pip.code !== 0) {
      throw new LocalAwsError(
        'PipFailed',
        `pip could not install moto[server]==${MOTO_VERSION} into ${venv} (exit ${pip.code}):\n${tail(pip.stderr || pip.stdout)}\n` +
        `check network access to PyPI, or delete ${venv} and retry`,
      );
    }
    const version = installedVersion(venv);
    if (version !== MOTO_VERSION || !fs.existsSync(motoServer)) {
      throw new LocalAwsError('PipFailed', `pip reported success but ${motoServer} (moto ${MOTO_VERSION}) is not there: delete ${venv} and retry`);
    }
    return { venv, motoServer, version, installed: true };
  });
}

async function createVenv(python: string, venv: string): Promise<void> {
  let result;
  try {
    result = await runCommand(python, ['-m', 'venv', venv]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new LocalAwsError(
        'PythonMissing',
        `'${python}' was not found on PATH: the local AWS emulator (moto) needs Python 3.9 or newer; install it, or set PYTHON to its path`,
        { cause: error },
      );
    }
    throw error;
  }
  if (result.code !== 0) {
    fs.rmSync(venv, { recursive: true, force: true });
    throw new LocalAwsError(
      'VenvFailed',
      `'${python} -m venv ${venv}' failed (exit ${result.code}):\n${tail(result.stderr || result.stdout)}\n` +
      'install the venv module (Debian/Ubuntu: apt-get install python3-venv) and retry',
    );
  }
}

/**
 * The moto version installed in a virtualenv, read from its `moto-<version>.dist-info` folder:
 * cheaper than starting Python to import moto, which matters because every test file asks.
 */
function installedVersion(venv: string): string | undefined {
  const lib = path.join(venv, 'lib');
  const candidates = process.platform === 'win32'
    ? [path.join(venv, 'Lib', 'site-packages')]
    : (fs.existsSync(lib) ? fs.readdirSync(lib).filter((d) => d.startsWith('python')).map((d) => path.join(lib, d, 'site-packages')) : []);
  for (const sitePackages of candidates) {
    if (!fs.existsSync(sitePackages)) continue;
    const distInfo = fs.readdirSync(sitePackages).find((entry) => /^moto-[^-]+\.dist-info$/.test(entry));
    if (distInfo) return distInfo.slice('moto-'.length, -'.dist-info'.length);
  }
  return undefined;
}
