import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MUTATING_COMMANDS, SSM_MUTATING_COMMANDS } from '@listbackup/deploy/testing';
import { STACK_PROJECTS } from '@listbackup/repository';
import { Measure } from '../results';
import { timed, usage } from '../process-timing';

/** Starts the recording endpoint in its own process; resolves once it listens. */
async function startRecorder(log: string, upstream: string): Promise<{ endpoint: string; stop: () => void }> {
  const child = spawn(process.execPath, [path.join(__dirname, '..', 'recording-endpoint.js'), log, upstream], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim()));
    child.once('exit', (code) => reject(new Error(`the recording endpoint exited ${code}`)));
  });
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

/** The variables `listbackup-local-aws start` prints (`export NAME=value` lines). */
function localAwsEnv(stdout: string): Record<string, string> {
  return Object.fromEntries([...stdout.matchAll(/^export ([A-Z_]+)=(\S*)$/gm)].map((m) => [m[1], m[2].replace(/^'(.*)'$/, '$1')]));
}

/**
 * `npx projen deploy:affected --stage main` on a repository with nothing changed since its last
 * deploy: the six stacks are first deployed to the local emulator (which writes the stage's ledger),
 * then deploy:affected runs with every AWS call going through an endpoint that records it and
 * forwards it to the emulator. The wall time, and the calls it made (goal: no mutating one, under 15 s).
 */
export async function deployAffectedNoop(dir: string, env: NodeJS.ProcessEnv): Promise<Measure> {
  const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-recorder-')), 'calls.jsonl');
  fs.writeFileSync(log, '');
  const started = timed('npx', ['listbackup-local-aws', 'start'], { cwd: dir, env });
  const local = localAwsEnv(started.stdout);
  // An emulator that was already running is the developer's: leave it running afterwards.
  const ours = !/already running/.test(started.stderr + started.stdout);
  if (!local.AWS_ENDPOINT_URL) throw new Error(`listbackup-local-aws start printed no AWS_ENDPOINT_URL:\n${started.stdout}`);
  let run;
  try {
    timed('npx', ['listbackup-deploy', 'local', ...STACK_PROJECTS.flatMap((p) => ['--assembly', `${p}/cdk.out`])], { cwd: dir, env: { ...env, ...local } });
    const recorder = await startRecorder(log, local.AWS_ENDPOINT_URL);
    try {
      run = timed('npx', ['projen', 'deploy:affected', '--stage', 'main'], {
        cwd: dir, allowFailure: true, env: { ...env, ...local, AWS_ENDPOINT_URL: recorder.endpoint, AWS_SESSION_TOKEN: '', AWS_PROFILE: '' },
      });
    } finally {
      recorder.stop();
    }
  } finally {
    if (ours) timed('npx', ['listbackup-local-aws', 'stop'], { cwd: dir, env, allowFailure: true });
  }
  const calls = fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).action as string);
  fs.rmSync(path.dirname(log), { recursive: true, force: true });
  const mutating = calls.filter((c) => MUTATING_COMMANDS.has(c) || SSM_MUTATING_COMMANDS.has(c));
  const seconds15 = run.ms <= 15000;
  const failed = run.status !== 0;
  return {
    name: 'deploy-affected-noop',
    // The ratio is the time against the 15 s goal; a mutating call or a failure misses the goal outright.
    ratio: mutating.length || failed ? Math.max(1.001, run.ms / 15000) : run.ms / 15000,
    goal: 1,
    details: `npx projen deploy:affected --stage main with nothing changed since its last deploy (the local emulator): ${usage(run)}${failed ? `, exited ${run.status}` : ''}; ` +
      `AWS calls ${calls.length}, mutating ${mutating.length}${mutating.length ? ` (${mutating.join(', ')})` : ''} (goal 0); ` +
      `ratio = time / 15 s${seconds15 ? '' : ' (over 15 s)'}`,
  };
}
