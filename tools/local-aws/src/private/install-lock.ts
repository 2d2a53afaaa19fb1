import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A lock older than this is left over from a killed install; pip never takes this long here. */
const STALE_AFTER_MS = 15 * 60 * 1000;

/**
 * Runs `action` while holding a lock on the virtualenv of `root`. Test files run in parallel
 * processes and each may call ensureMoto(); without the lock two pip runs would write the same
 * virtualenv at once. The lock is a directory (mkdir is atomic) in the OS temp folder, so nothing
 * is left in the working tree.
 */
export async function withInstallLock<T>(root: string, action: () => Promise<T>): Promise<T> {
  const id = crypto.createHash('sha256').update(root).digest('hex').slice(0, 16);
  const lock = path.join(os.tmpdir(), `listbackup-local-aws-${id}.lock`);
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_AFTER_MS) fs.rmSync(lock, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    return await action();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}
