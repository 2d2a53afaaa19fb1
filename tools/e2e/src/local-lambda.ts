import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FunctionConfiguration, GetFunctionConfigurationCommand, GetPolicyCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { unzipSync } from 'fflate';
import { Principal, credentialEnv } from './credentials';
import { LocalEmulator } from './emulator';
import { JourneyError } from './errors';

/** What one invocation returned: the handler's result, or the error it threw. */
export type InvocationResult =
  | { readonly ok: true; readonly result: unknown; readonly requestId: string }
  | { readonly ok: false; readonly errorType: string; readonly errorMessage: string; readonly requestId: string; readonly logs: string };

/**
 * A deployed function, run here the way Lambda runs it: the deployment package the emulator holds
 * for it, its handler and environment variables from `GetFunctionConfiguration`, and the
 * credentials of its execution role (the caller passes them; Lambda gets them by assuming the role).
 * The emulator cannot run functions without Docker; this runs them in a Node.js process instead.
 */
export class LocalFunction {
  /** Downloads and unpacks the function's code; reads its configuration and resource policy. */
  public static async load(lambda: LambdaClient, emulator: LocalEmulator, functionName: string): Promise<LocalFunction> {
    const configuration = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }));
    const codeDir = fs.mkdtempSync(path.join(os.tmpdir(), `lambda-${configuration.FunctionName}-`));
    for (const [name, bytes] of Object.entries(unzipSync(await emulator.functionCode(functionName)))) {
      if (name.endsWith('/')) continue;
      const file = path.join(codeDir, name);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, bytes);
    }
    const policy = await lambda.send(new GetPolicyCommand({ FunctionName: functionName })).then((p) => p.Policy, () => undefined);
    return new LocalFunction(configuration, codeDir, policy ? JSON.parse(policy) : undefined, emulator);
  }

  private constructor(
    public readonly configuration: FunctionConfiguration,
    private readonly codeDir: string,
    /** The function's resource-based policy (who may invoke it), when it has one. */
    public readonly resourcePolicy: { Statement: ResourcePolicyStatement[] } | undefined,
    private readonly emulator: LocalEmulator,
  ) {}

  public get name(): string {
    return this.configuration.FunctionName!;
  }

  public get arn(): string {
    return this.configuration.FunctionArn!;
  }

  /** The execution role's ARN. */
  public get roleArn(): string {
    return this.configuration.Role!;
  }

  /** Runs the handler once with `event`, signed as `role` (the function's execution role). */
  public async invoke(event: unknown, role: Principal): Promise<InvocationResult> {
    const requestId = randomUUID();
    const variables = this.configuration.Environment?.Variables ?? {};
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      ...variables,
      ...credentialEnv(role),
      AWS_REGION: regionOf(this.arn),
      AWS_DEFAULT_REGION: regionOf(this.arn),
      AWS_ENDPOINT_URL: this.emulator.endpoint,
      AWS_LAMBDA_FUNCTION_NAME: this.name,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(this.configuration.MemorySize ?? 128),
      AWS_EXECUTION_ENV: `AWS_Lambda_${this.configuration.Runtime ?? 'nodejs'}`,
      LAMBDA_TASK_ROOT: this.codeDir,
      LOCAL_REQUEST_ID: requestId,
    };
    const child = fork(path.join(__dirname, 'private', 'lambda-runtime.js'), [this.codeDir, this.configuration.Handler ?? 'index.handler'], {
      env, execArgv: [], stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let logs = '';
    child.stdout!.on('data', (chunk) => { logs += chunk; });
    child.stderr!.on('data', (chunk) => { logs += chunk; });
    const timeoutMs = (this.configuration.Timeout ?? 3) * 1000 + 5000;
    return new Promise<InvocationResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve({ ok: false, errorType: 'Sandbox.Timedout', errorMessage: `timed out after ${timeoutMs} ms`, requestId, logs });
      }, timeoutMs);
      child.once('message', (message: { ok: boolean; result?: unknown; errorType?: string; errorMessage?: string }) => {
        clearTimeout(timer);
        resolve(message.ok
          ? { ok: true, result: message.result, requestId }
          : { ok: false, errorType: message.errorType!, errorMessage: message.errorMessage!, requestId, logs });
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve({ ok: false, errorType: 'Runtime.ExitError', errorMessage: `the runtime exited with code ${code}`, requestId, logs });
      });
      child.once('error', (error) => { clearTimeout(timer); reject(error); });
      child.send({ event });
    });
  }

  /** Runs the handler and throws a `JourneyError` naming the function when it fails. */
  public async invokeOrThrow(event: unknown, role: Principal, what: string): Promise<unknown> {
    const result = await this.invoke(event, role);
    if (!result.ok) {
      const denied = /not authorized to perform:?\s+([a-z0-9-]+:[A-Za-z0-9]+)/.exec(result.errorMessage)?.[1];
      throw new JourneyError({ principal: role.name, call: `${this.name} (${what})`, deniedAction: denied },
        `the function failed: ${result.errorType}: ${result.errorMessage}${result.logs ? `\n${result.logs.trim().slice(-2000)}` : ''}`);
    }
    return result.result;
  }

  /** Removes the unpacked code. */
  public dispose(): void {
    fs.rmSync(this.codeDir, { recursive: true, force: true });
  }
}

/** A statement of a function's resource-based policy. */
export interface ResourcePolicyStatement {
  readonly Effect: string;
  readonly Principal?: { Service?: string } | string;
  readonly Action: string | string[];
  readonly Condition?: Record<string, Record<string, string>>;
}

function regionOf(arn: string): string {
  return arn.split(':')[3];
}
