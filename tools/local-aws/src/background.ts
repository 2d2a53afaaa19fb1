import * as fs from 'node:fs';
import * as path from 'node:path';
import { findRepositoryRoot } from '@listbackup/repository';
import { LocalAwsError } from './errors';
import { localAwsEnv } from './local-aws';
import { ensureMoto } from './moto-install';
import { launchEmulator } from './private/launch-emulator';
import { isPortInUse } from './private/ports';
import { answers } from './private/server-process';

/** What the CLI remembers about an emulator it started in the background. */
export interface BackgroundState {
  readonly pid: number;
  readonly port: number;
  readonly endpoint: string;
  readonly logFile: string;
  readonly startedAt: string;
}

/** The state and log files live inside `.venv`, which is already ignored by git. */
function stateFile(root: string): string {
  return path.join(root, '.venv', 'local-aws.json');
}

function readState(root: string): BackgroundState | undefined {
  const file = stateFile(root);
  if (!fs.existsSync(file)) return undefined;
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as BackgroundState;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The background emulator, when one is running and answering. */
export async function backgroundStatus(root: string = findRepositoryRoot(__dirname)): Promise<BackgroundState | undefined> {
  const state = readState(root);
  if (!state) return undefined;
  if (isAlive(state.pid) && await answers(state.endpoint)) return state;
  return undefined;
}

/**
 * Starts the emulator as a background process that outlives the caller (`listbackup-local-aws
 * start`). When one is already running, returns it instead of starting a second.
 */
export async function startInBackground(options: { port?: number; root?: string } = {}): Promise<{ state: BackgroundState; env: Record<string, string>; alreadyRunning: boolean }> {
  const root = options.root ?? findRepositoryRoot(__dirname);
  const existing = await backgroundStatus(root);
  if (existing) {
    if (options.port !== undefined && options.port !== existing.port) {
      throw new LocalAwsError('PortInUse', `the emulator already runs on port ${existing.port} (pid ${existing.pid}): stop it first to use port ${options.port}`);
    }
    return { state: existing, env: localAwsEnv(existing.endpoint), alreadyRunning: true };
  }
  const { motoServer, venv } = await ensureMoto({ root, log: (line) => process.stderr.write(`${line}\n`) });
  const logFile = path.join(venv, 'local-aws.log');
  fs.writeFileSync(logFile, '');
  const { child, port, endpoint } = await launchEmulator({ motoServer, port: options.port, detached: true, logFile });
  child.unref();
  const state: BackgroundState = { pid: child.pid!, port, endpoint, logFile, startedAt: new Date().toISOString() };
  fs.writeFileSync(stateFile(root), `${JSON.stringify(state, null, 2)}\n`);
  return { state, env: localAwsEnv(endpoint), alreadyRunning: false };
}

/** Stops the background emulator; returns what was stopped, or undefined when none ran. */
export async function stopBackground(root: string = findRepositoryRoot(__dirname)): Promise<BackgroundState | undefined> {
  const state = readState(root);
  fs.rmSync(stateFile(root), { force: true });
  if (!state || !isAlive(state.pid)) return undefined;
  process.kill(state.pid, 'SIGTERM');
  const deadline = Date.now() + 5000;
  while (isAlive(state.pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  if (isAlive(state.pid)) process.kill(state.pid, 'SIGKILL');
  while (await isPortInUse(state.port) && Date.now() < deadline + 5000) await new Promise((resolve) => setTimeout(resolve, 50));
  return state;
}
