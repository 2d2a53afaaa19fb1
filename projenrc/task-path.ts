import * as path from 'node:path';
import { Project } from 'projen';

/**
 * Gives every projen task of `project` a PATH with the project's and the repository root's
 * `node_modules/.bin` in front, computed by the shell alone.
 *
 * projen's default (`$(npx -c "node --print process.env.PATH")`) starts npm for every task and
 * every spawned subtask: 1.5–2 s of CPU each, paid by every nx target that runs a projen task.
 * npm workspaces install every binary at the root, so the two folders are the ones npx would add.
 */
export function useShellBinPath(project: Project): void {
  const toRoot = path.posix.relative(project.outdir, project.root.outdir);
  const folders = ['"$(pwd)/node_modules/.bin"'];
  if (toRoot) folders.push(`"$(cd ${toRoot} && pwd)/node_modules/.bin"`);
  project.tasks.addEnvironment('PATH', `$(printf '%s' ${folders.join(':')}:"$PATH")`);
}
