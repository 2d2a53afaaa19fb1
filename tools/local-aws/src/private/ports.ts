import * as net from 'node:net';
import { LocalAwsError } from '../errors';

/** The only interface the emulator ever listens on: it accepts any credentials, so never expose it. */
export const LOOPBACK = '127.0.0.1';

/** A port that is free on loopback right now, chosen by the operating system. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Whether something listens on (or holds) a loopback port. */
export function isPortInUse(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') resolve(true);
      else reject(error);
    });
    server.listen(port, LOOPBACK, () => server.close(() => resolve(false)));
  });
}

/** Rejects a port outside 1–65535 before anything is started. */
export function validatePort(port: number): number {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new LocalAwsError('InvalidPort', `port ${port} is invalid: use an integer from 1 to 65535, or leave it out to pick a free port`);
  }
  return port;
}

/** Throws `PortInUse` naming the port and the way out. */
export async function assertPortFree(port: number): Promise<void> {
  if (await isPortInUse(port)) {
    throw new LocalAwsError(
      'PortInUse',
      `port ${port} on ${LOOPBACK} is already in use: stop what listens there (is the emulator already running? ` +
      "try 'listbackup-local-aws status'), or choose another port, or leave the port out to pick a free one",
    );
  }
}
