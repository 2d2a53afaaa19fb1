import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A fresh, empty nx cache folder, so "cold" means cold. */
export function emptyNxCache(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'bench-nx-cache-'));
}
