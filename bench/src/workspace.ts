import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The six stack projects, in the order nx would group them (infrastructure, then core-service). */
export const STACK_PROJECTS = [
  'packages/dynamodb', 'packages/s3', 'packages/sqs', 'packages/eventbridge', 'packages/cognito', 'apps/core-service',
];

/** The repository root: the folder holding nx.json, found from this file. */
export function workspaceRoot(start = __dirname): string {
  let dir = start;
  while (!fs.existsSync(path.join(dir, 'nx.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no nx.json above ${start}: run the benchmarks inside the repository`);
    dir = parent;
  }
  return dir;
}

/** A fresh, empty nx cache folder, so "cold" means cold. */
export function emptyNxCache(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'bench-nx-cache-'));
}
