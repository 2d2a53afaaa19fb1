import * as fs from 'node:fs';
import * as path from 'node:path';
import { LocalAwsError } from '../errors';

/**
 * The repository root: the nearest folder at or above `start` that holds `nx.json`.
 * The emulator's virtualenv lives there so every package of the monorepo shares one install.
 */
export function findRepositoryRoot(start: string = __dirname): string {
  let dir = path.resolve(start);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'nx.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new LocalAwsError(
        'NoRepositoryRoot',
        `no folder with nx.json at or above ${start}: run this from inside the ListBackup repository, or pass the root explicitly`,
      );
    }
    dir = parent;
  }
}
