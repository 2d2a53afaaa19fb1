import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MUTATING_COMMANDS } from '@listbackup/deploy/testing';
import { Measure } from '../results';
import { timed, usage } from '../process-timing';

/** Starts the recording endpoint in its own process; resolves once it listens. */
async function startRecorder(log: string): Promise<{ endpoint: string; stop: () => void }> {
  const child = spawn(process.execPath, [path.join(__dirname, '..', 'recording-endpoint.js'), log], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim()));
    child.once('exit', (code) => reject(new Error(`the recording endpoint exited ${code}`)));
  });
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

/**
 * `npx projen deploy:affected` on a repository with nothing changed since the base (NX_BASE=HEAD),
 * every AWS call pointed at an endpoint that records it and serves nothing: the wall time, and the
 * calls that reached AWS (goal: no mutating one, under 15 s).
 */
export async function deployAffectedNoop(dir: string, env: NodeJS.ProcessEnv): Promise<Measure> {
  const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-recorder-')), 'calls.jsonl');
  fs.writeFileSync(log, '');
  const recorder = await startRecorder(log);
  let run;
  try {
    run = timed('npx', ['projen', 'deploy:affected'], {
      cwd: dir,
      allowFailure: true,
      env: {
        ...env, NX_BASE: 'HEAD', NX_HEAD: 'HEAD', AWS_ENDPOINT_URL: recorder.endpoint, AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'AKIDBENCH', AWS_SECRET_ACCESS_KEY: 'bench', AWS_SESSION_TOKEN: '', AWS_PROFILE: '',
      },
    });
  } finally {
    recorder.stop();
  }
  const calls = fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).action as string);
  fs.rmSync(path.dirname(log), { recursive: true, force: true });
  const mutating = calls.filter((c) => MUTATING_COMMANDS.has(c));
  const seconds15 = run.ms <= 15000;
  const failed = run.status !== 0;
  return {
    name: 'deploy-affected-noop',
    // The ratio is the time against the 15 s goal; a mutating call or a failure misses the goal outright.
    ratio: mutating.length || failed ? Math.max(1.001, run.ms / 15000) : run.ms / 15000,
    goal: 1,
    details: `npx projen deploy:affected with nothing changed since the base: ${usage(run)}${failed ? `, exited ${run.status}` : ''}; ` +
      `AWS calls ${calls.length}, mutating ${mutating.length}${mutating.length ? ` (${mutating.join(', ')})` : ''} (goal 0); ` +
      `ratio = time / 15 s${seconds15 ? '' : ' (over 15 s)'}`,
  };
}
