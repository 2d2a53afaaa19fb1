import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { zipSync, Zippable } from 'fflate';

/** Every entry gets this time, so the same files always give the same bytes (and the same hash). */
const FIXED_MTIME = new Date('1980-01-02T00:00:00Z');

/**
 * Zips a directory asset (for example a bundled Lambda function) the way `cdk-assets` does:
 * every file under it, paths relative to it with `/`, in a stable order with a fixed timestamp.
 */
export function zipDirectory(directory: string): Uint8Array {
  const files: Zippable = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else files[path.relative(directory, full).split(path.sep).join('/')] = [readFileSync(full), { mtime: FIXED_MTIME }];
    }
  };
  walk(directory);
  return zipSync(files, { level: 6 });
}
