import { spawnSync } from 'node:child_process';

export interface TimedRun {
  readonly ms: number;
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to completion and measures its wall time. Throws, with its output, on failure. */
export function timed(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; allowFailure?: boolean }): TimedRun {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const run = { ms, status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
  if (!options.allowFailure && result.status !== 0) {
    throw new Error(`'${command} ${args.join(' ')}' in ${options.cwd} exited ${result.status}:\n${run.stdout.slice(-3000)}\n${run.stderr.slice(-3000)}`);
  }
  return run;
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
