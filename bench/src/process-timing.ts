import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface TimedRun {
  readonly ms: number;
  /** User + system CPU time of the command and every process it waited for. */
  readonly cpuMs?: number;
  /** The largest resident set of any one process of the command's tree, in bytes (GNU time's %M). */
  readonly peakRssBytes?: number;
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const GNU_TIME = '/usr/bin/time';

/**
 * Runs a command to completion and measures its wall time; where GNU time exists, also its CPU
 * time and peak memory. Throws, with its output, on failure.
 */
export function timed(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; allowFailure?: boolean }): TimedRun {
  const usageFile = fs.existsSync(GNU_TIME) ? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-usage-')), 'usage') : undefined;
  const [file, argv] = usageFile ? [GNU_TIME, ['-f', '%U %S %M', '-o', usageFile, command, ...args]] : [command, args];
  const start = process.hrtime.bigint();
  const result = spawnSync(file, argv, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const usage = usageFile ? parseUsage(fs.readFileSync(usageFile, 'utf8')) : undefined;
  if (usageFile) fs.rmSync(path.dirname(usageFile), { recursive: true, force: true });
  const run = { ms, ...usage, status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
  if (!options.allowFailure && result.status !== 0) {
    throw new Error(`'${command} ${args.join(' ')}' in ${options.cwd} exited ${result.status}:\n${run.stdout.slice(-3000)}\n${run.stderr.slice(-3000)}`);
  }
  return run;
}

/** GNU time's `%U %S %M` (seconds, seconds, KiB), last line; earlier lines may say the command failed. */
export function parseUsage(text: string): { cpuMs: number; peakRssBytes: number } | undefined {
  const last = text.trim().split('\n').pop() ?? '';
  const match = /^([\d.]+) ([\d.]+) (\d+)$/.exec(last.trim());
  if (!match) return undefined;
  return { cpuMs: (Number(match[1]) + Number(match[2])) * 1000, peakRssBytes: Number(match[3]) * 1024 };
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export function mebibytes(bytes: number | undefined): string {
  return bytes === undefined ? 'n/a' : `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}

/** `12.3 s (CPU 20.1 s, peak 512 MiB)`: a time with the CPU and memory beside it. */
export function usage(run: Pick<TimedRun, 'ms' | 'cpuMs' | 'peakRssBytes'>): string {
  const extra = [
    run.cpuMs === undefined ? undefined : `CPU ${seconds(run.cpuMs)}`,
    run.peakRssBytes === undefined ? undefined : `peak ${mebibytes(run.peakRssBytes)}`,
  ].filter(Boolean);
  return `${seconds(run.ms)}${extra.length ? ` (${extra.join(', ')})` : ''}`;
}
