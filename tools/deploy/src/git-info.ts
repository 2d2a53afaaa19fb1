import { execFileSync } from 'node:child_process';

function git(cwd: string, args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'ignore'], encoding: 'utf-8' }).trim();
  } catch {
    return undefined;
  }
}

/**
 * The commit a deploy is made from: `HEAD` of the repository at `cwd`, and whether the working
 * tree differs from it. Outside a repository, the CI's own variable (GITHUB_SHA, CI_COMMIT_SHA) or `unknown`.
 */
export function currentCommit(cwd: string, env: NodeJS.ProcessEnv = process.env): { commit: string; dirty: boolean } {
  const head = git(cwd, ['rev-parse', 'HEAD']);
  if (head) return { commit: head, dirty: (git(cwd, ['status', '--porcelain', '--untracked-files=no']) ?? '') !== '' };
  return { commit: env.GITHUB_SHA || env.CI_COMMIT_SHA || 'unknown', dirty: false };
}

/** How many commits `HEAD` is ahead of `commit`, or undefined when this clone does not hold it (shallow, another branch). */
export function commitsBehind(cwd: string, commit: string): number | undefined {
  if (!/^[0-9a-f]{7,40}$/.test(commit)) return undefined;
  const count = git(cwd, ['rev-list', '--count', `${commit}..HEAD`]);
  return count === undefined ? undefined : Number(count);
}
