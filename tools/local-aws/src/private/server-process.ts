import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LocalAwsError } from '../errors';
import { LOOPBACK } from './ports';
import { tail } from './run-command';
import { DUMMY_CREDENTIALS } from './seed';

/** The account moto reports; the CDK asset bucket name below depends on it. */
export const LOCAL_ACCOUNT_ID = '123456789012';

export interface LaunchOptions {
  readonly motoServer: string;
  readonly port: number;
  /** Outlive this process (the CLI's `start`); output then goes to `logFile`. */
  readonly detached?: boolean;
  readonly logFile?: string;
}

/**
 * The project's launcher (Python, `launcher/main.py`): moto server with the CloudFormation types our
 * stacks need and change sets that register exports. It takes moto_server's own arguments.
 */
export const LAUNCHER = path.resolve(__dirname, '..', '..', 'launcher', 'main.py');

/** The virtualenv's Python, beside its `moto_server`. */
function venvPython(motoServer: string): string {
  return path.join(path.dirname(motoServer), process.platform === 'win32' ? 'python.exe' : 'python');
}

/**
 * Starts moto server through the launcher on loopback. The environment is this process's without AWS_* variables:
 * a caller's real credentials or endpoint have no business inside the emulator.
 */
export function launchMotoServer(options: LaunchOptions): { child: ChildProcess; output: () => string } {
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('AWS_')));
  env.MOTO_ACCOUNT_ID = LOCAL_ACCOUNT_ID;
  // With IAM enforcement on, the key the SDK is handed is the account's root user (launcher/listbackup_local_aws/iam.py).
  env.LISTBACKUP_LOCAL_AWS_ADMIN_ACCESS_KEY_ID = DUMMY_CREDENTIALS.accessKeyId;
  env.LISTBACKUP_LOCAL_AWS_ADMIN_SECRET_ACCESS_KEY = DUMMY_CREDENTIALS.secretAccessKey;
  let captured = '';
  let child: ChildProcess;
  if (options.detached) {
    const fd = fs.openSync(options.logFile ?? '/dev/null', 'a');
    child = spawn(venvPython(options.motoServer), [LAUNCHER, '-H', LOOPBACK, '-p', String(options.port)], { env, detached: true, stdio: ['ignore', fd, fd] });
    fs.closeSync(fd);
  } else {
    child = spawn(venvPython(options.motoServer), [LAUNCHER, '-H', LOOPBACK, '-p', String(options.port)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    // Kept small: only the last lines matter, to explain a failed start.
    const keep = (chunk: Buffer) => { captured = (captured + chunk.toString()).slice(-8000); };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }
  const output = () => options.detached && options.logFile && fs.existsSync(options.logFile)
    ? fs.readFileSync(options.logFile, 'utf8').slice(-8000)
    : captured;
  return { child, output };
}

/**
 * Waits until the emulator answers HTTP on its port. Fails fast, with moto's own output, when the
 * process exits first (a port taken in the meantime, a broken install).
 */
export async function waitUntilReady(endpoint: string, child: ChildProcess, output: () => string, timeoutMs = 30_000): Promise<void> {
  let exited: string | undefined;
  const onExit = (code: number | null, signal: string | null) => { exited = signal ? `signal ${signal}` : `exit ${code}`; };
  child.once('exit', onExit);
  child.once('error', (error) => { exited = error.message; });
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      if (exited) {
        throw new LocalAwsError('StartFailed', `moto_server stopped before it answered (${exited}):\n${tail(output())}`);
      }
      if (await answers(endpoint)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    child.off('exit', onExit);
  }
  throw new LocalAwsError('StartFailed', `moto_server did not answer on ${endpoint} within ${timeoutMs / 1000} s:\n${tail(output())}`);
}

/** True when the emulator's own API answers at `endpoint`. */
export async function answers(endpoint: string): Promise<boolean> {
  try {
    // The dashboard page answers whatever the state; data.json fails (500) once some models are held.
    const response = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(2000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

/** Sends SIGTERM and waits for the process to exit; SIGKILL after `graceMs`. */
export function terminate(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => { clearTimeout(timer); resolve(); });
    child.kill('SIGTERM');
  });
}
