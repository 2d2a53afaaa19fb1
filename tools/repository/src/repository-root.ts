import * as fs from 'node:fs';
import * as path from 'node:path';
import { RepositoryError } from './errors';

/** The file that marks the repository root: nx's workspace configuration. */
export const REPOSITORY_ROOT_MARKER = 'nx.json';

/**
 * The repository root: the nearest folder at or above `start` that holds `nx.json`. Every tool,
 * benchmark and test finds the root here, so none depends on where it is run from or how deep its
 * own file sits.
 *
 * @param start where to look from; a tool passes the working directory, a test its own `__dirname`
 * @param otherwise what the user can do instead, added to the error (e.g. "pass --root <folder>")
 */
export function findRepositoryRoot(start: string = process.cwd(), otherwise?: string): string {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, REPOSITORY_ROOT_MARKER))) return dir;
    if (path.dirname(dir) === dir) {
      throw new RepositoryError('NoRepositoryRoot',
        `no folder with ${REPOSITORY_ROOT_MARKER} at or above ${start}: run this from inside the ListBackup repository` +
        (otherwise ? `, or ${otherwise}` : ''));
    }
  }
}
