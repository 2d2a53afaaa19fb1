import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib/core';
import { ListBackupAppProps, runApp } from '@listbackup/conventions';

/** Where a stack project's compiled app entry is, relative to the project (its `build` writes it). */
export const APP_ENTRY = path.join('app', 'lib', 'main.js');

/** What synthesizing one stack project's app gave. */
export interface StackAppResult {
  /** The project folder, as given. */
  readonly projectDir: string;
  /** True when the app synthesized into `<project>/cdk.out` (its policy checks passed). */
  readonly success: boolean;
  /** Everything the app wrote to stdout and stderr, and the reason it was refused. */
  readonly output: string;
  readonly startTime: number;
  readonly endTime: number;
}

/** The app entry's module: `app/main.ts` exports the function that builds the project's app. */
interface StackAppModule {
  buildApp?: (props?: ListBackupAppProps) => App;
}

/**
 * Synthesizes one stack project's app in this process, into `<projectDir>/cdk.out`, as
 * `node app/lib/main.js` does in the project folder: the same app (`buildApp` of its entry), the
 * same policy packs, the same refusal messages (`runApp`). Its output is captured, not printed, so
 * that a caller running several apps can say which app wrote what. Whatever happens, the working
 * directory, stdout, stderr and the exit code are left as they were; an exception of the app is
 * a failed result, not a throw, so the next app still runs.
 */
export function synthesizeStackApp(projectDir: string): StackAppResult {
  const startTime = Date.now();
  const dir = path.resolve(projectDir);
  const entry = path.join(dir, APP_ENTRY);
  const result = (success: boolean, output: string): StackAppResult => ({ projectDir, success, output, startTime, endTime: Date.now() });
  if (!fs.existsSync(entry)) {
    return result(false, `error: ${entry} does not exist: build the project first (npx nx run <project>:build writes it from app/main.ts)\n`);
  }
  const captured = new CapturedOutput();
  const cwd = process.cwd();
  const exitCode = process.exitCode;
  captured.start();
  try {
    process.chdir(dir);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the entry is only known at run time
    const app = require(entry) as StackAppModule;
    if (typeof app.buildApp !== 'function') {
      return result(false, `error: ${entry} exports no buildApp(props): app/main.ts must export the function that builds the app ` +
        '(export function buildApp(props: ListBackupAppProps = {}): ListBackupApp)\n');
    }
    const buildApp = app.buildApp;
    const status = runApp(() => buildApp({ outdir: path.join(dir, 'cdk.out') }), { stderr: captured });
    return result(status === 0, captured.text());
  } catch (error) {
    return result(false, `${captured.text()}${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  } finally {
    captured.stop();
    process.chdir(cwd);
    // The CDK sets it when a policy pack reports a failure; each app's result says so instead.
    process.exitCode = exitCode;
  }
}

/** stdout and stderr of this process, collected into one text while started. */
class CapturedOutput {
  private readonly chunks: string[] = [];
  private restore?: () => void;

  public start(): void {
    const stdout = process.stdout.write;
    const stderr = process.stderr.write;
    const collect = ((chunk: string | Uint8Array, encoding?: unknown, callback?: unknown): boolean => {
      this.write(chunk);
      const done = typeof encoding === 'function' ? encoding : callback;
      if (typeof done === 'function') done();
      return true;
    }) as typeof process.stdout.write;
    process.stdout.write = collect;
    process.stderr.write = collect;
    this.restore = () => {
      process.stdout.write = stdout;
      process.stderr.write = stderr;
    };
  }

  public write(chunk: string | Uint8Array): void {
    this.chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
  }

  public stop(): void {
    this.restore?.();
    this.restore = undefined;
  }

  public text(): string {
    return this.chunks.join('');
  }
}
