import { ChildProcess } from 'node:child_process';
import { LocalAwsError } from './errors';
import { ensureMoto } from './moto-install';
import { launchEmulator } from './private/launch-emulator';
import { isPortInUse } from './private/ports';
import { DUMMY_CREDENTIALS, LOCAL_REGION, seedBootstrap } from './private/seed';
import { terminate } from './private/server-process';

/** A running local AWS emulator. */
export interface LocalAws {
  /** `http://127.0.0.1:<port>`: the endpoint of every AWS service. */
  readonly endpoint: string;
  readonly port: number;
  /** Environment for AWS SDK clients and the AWS CLI: endpoint, region and dummy credentials. */
  readonly env: Record<string, string>;
  /** Wipes every resource (`POST /moto-api/reset`) and writes the CDK bootstrap resources again. */
  reset(): Promise<void>;
  /** Stops the emulator and waits until its port is free. Calling it twice is harmless. */
  stop(): Promise<void>;
}

export interface StartLocalAwsOptions {
  /**
   * The loopback port to listen on.
   * @default - a free port chosen by the operating system
   */
  readonly port?: number;
}

/** The environment that points the AWS SDK at an emulator endpoint. */
export function localAwsEnv(endpoint: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: DUMMY_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: DUMMY_CREDENTIALS.secretAccessKey,
  };
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** An emulator started by this process must not outlive it (a failed test run, Ctrl-C). */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

/**
 * Starts moto server on 127.0.0.1 (installing it into `.venv` first when needed), waits until it
 * answers, and seeds the SSM parameter and staging bucket that CDK templates expect.
 *
 * @throws LocalAwsError `PortInUse` for a taken port, `PythonMissing` / `PipFailed` when moto
 *   cannot be installed, `StartFailed` with moto's output when it does not come up.
 */
export async function startLocalAws(options: StartLocalAwsOptions = {}): Promise<LocalAws> {
  const { motoServer } = await ensureMoto();
  const { child, port, endpoint } = await launchEmulator({
    motoServer,
    port: options.port,
    onSpawn: (spawned) => {
      running.add(spawned);
      installExitHook();
      spawned.once('exit', () => running.delete(spawned));
    },
  });

  let stopped = false;
  return {
    endpoint,
    port,
    env: localAwsEnv(endpoint),
    async reset() {
      if (stopped) throw new LocalAwsError('NotRunning', `the emulator on ${endpoint} was stopped: start a new one with startLocalAws()`);
      const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      if (!response.ok) {
        throw new LocalAwsError('NotRunning', `POST ${endpoint}/moto-api/reset answered ${response.status}: ${await response.text()}`);
      }
      await seedBootstrap(endpoint);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await terminate(child);
      await waitForPortRelease(port);
    },
  };
}

/** The process may be gone a moment before the kernel releases its listening socket. */
async function waitForPortRelease(port: number, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (await isPortInUse(port)) {
    if (Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
