import { LocalAws, localAwsEnv, startLocalAws } from '@listbackup/local-aws';

/*
 * One emulator per jest worker for the whole run, instead of one per test file: moto server takes
 * seconds of CPU to start and to stop, a reset a fraction of one. jest runs one file at a time in a
 * worker, so the file that takes the worker's emulator has it to itself; it starts from a reset.
 */

/** The endpoints, one per worker, in the order of JEST_WORKER_ID. */
const ENDPOINTS = 'LISTBACKUP_TEST_EMULATORS';
const STARTED = Symbol.for('listbackup.test-emulators');

/** jest `globalSetup`: starts one emulator per worker the run may use. */
export async function startEmulators(globalConfig: { maxWorkers: number }): Promise<void> {
  const emulators = await Promise.all(Array.from({ length: Math.max(1, globalConfig.maxWorkers) }, () => startLocalAws()));
  (globalThis as Record<symbol, LocalAws[]>)[STARTED] = emulators;
  // The workers are started after the global setup and inherit its environment.
  process.env[ENDPOINTS] = emulators.map((e) => e.endpoint).join(' ');
}

/** jest `globalTeardown`: stops what `startEmulators` started. */
export async function stopEmulators(): Promise<void> {
  await Promise.all(((globalThis as Record<symbol, LocalAws[] | undefined>)[STARTED] ?? []).map((e) => e.stop()));
}

/** The emulator of this jest worker, every resource of the previous test file wiped. */
export async function workerEmulator(): Promise<{ endpoint: string; env: Record<string, string> }> {
  const endpoints = process.env[ENDPOINTS]?.split(' ');
  if (!endpoints) {
    throw new Error(`${ENDPOINTS} is not set: the handler tests need the emulators of apps/core-service/jest.config.json's globalSetup (test/support/start-emulators.ts); run them with jest from apps/core-service`);
  }
  const worker = Number(process.env.JEST_WORKER_ID ?? '1');
  const endpoint = endpoints[worker - 1];
  if (!endpoint) throw new Error(`jest worker ${worker} has no emulator: the global setup started ${endpoints.length} (jest's maxWorkers)`);
  const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
  if (!response.ok) throw new Error(`POST ${endpoint}/moto-api/reset answered ${response.status}: ${await response.text()}`);
  return { endpoint, env: localAwsEnv(endpoint) };
}
