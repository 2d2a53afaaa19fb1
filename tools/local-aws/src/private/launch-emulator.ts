import { ChildProcess } from 'node:child_process';
import { assertPortFree, freePort, LOOPBACK, validatePort } from './ports';
import { seedBootstrap } from './seed';
import { launchMotoServer, terminate, waitUntilReady } from './server-process';

export interface LaunchEmulatorOptions {
  readonly motoServer: string;
  /** @default - a free port */
  readonly port?: number;
  /** Outlive this process; output then goes to `logFile`. */
  readonly detached?: boolean;
  readonly logFile?: string;
  /** Called with the process as soon as it is spawned, before it answers (to clean it up on exit). */
  readonly onSpawn?: (child: ChildProcess) => void;
}

/** A moto server that answers on loopback and holds the CDK bootstrap seed. */
export interface LaunchedEmulator {
  readonly child: ChildProcess;
  readonly port: number;
  readonly endpoint: string;
}

/**
 * The one way both the in-process and the background emulator start: take the port asked for (it
 * must be free) or a free one, launch the server, wait until it answers and seed it. A server that
 * does not get there is stopped before the error is thrown.
 */
export async function launchEmulator(options: LaunchEmulatorOptions): Promise<LaunchedEmulator> {
  const port = options.port !== undefined ? validatePort(options.port) : await freePort();
  await assertPortFree(port);
  const endpoint = `http://${LOOPBACK}:${port}`;
  const { child, output } = launchMotoServer({ motoServer: options.motoServer, port, detached: options.detached, logFile: options.logFile });
  options.onSpawn?.(child);
  try {
    await waitUntilReady(endpoint, child, output);
    await seedBootstrap(endpoint);
  } catch (error) {
    await terminate(child);
    throw error;
  }
  return { child, port, endpoint };
}
