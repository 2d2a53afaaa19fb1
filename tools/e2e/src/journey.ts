import * as fs from 'node:fs';
import * as path from 'node:path';
import { CloudFormationClient, DescribeStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';

/** Credentials of one principal, as the AWS SDK takes them. */
export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** Who makes a call: the name the emulator gives the principal (its ARN) and its credentials. */
export interface Principal {
  readonly arn: string;
  readonly credentials: Credentials;
}

/** Where the deployed system is. */
export interface Endpoint {
  readonly endpoint: string;
  readonly region: string;
}

/** A failed journey step: who called what, and what the emulator answered (for a refusal: the denied action). */
export class JourneyStepError extends Error {
  constructor(public readonly principal: string, public readonly call: string, public readonly error: Error) {
    super(`${principal} → ${call} failed: ${error.name}: ${error.message}${deniedAction(error) ? ` (denied action: ${deniedAction(error)})` : ''}`);
    this.name = 'JourneyStepError';
  }
}

/** The action an AccessDenied message names ("… is not authorized to perform: s3:GetObject on resource: …"). */
export function deniedAction(error: Error): string | undefined {
  return /not authorized to perform: ([\w-]+:[\w*]+)/.exec(error.message)?.[1];
}

/** Runs one call of the journey as `principal`; a failure names the principal, the call and a denied action. */
export async function step<T>(principal: Principal | string, call: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new JourneyStepError(typeof principal === 'string' ? principal : principal.arn, call, error as Error);
  }
}

/**
 * Expects `principal` to be refused `action` by IAM for `call`. Anything else (success, another
 * error, another action) fails, naming the principal and the call.
 */
export async function refused(principal: Principal, call: string, action: string, run: () => Promise<unknown>): Promise<string> {
  let outcome: unknown;
  try {
    outcome = await run();
  } catch (error) {
    const message = (error as Error).message;
    if (/AccessDenied/.test((error as Error).name) && deniedAction(error as Error) === action && message.includes(principal.arn)) return message;
    throw new Error(`${principal.arn} → ${call}: expected IAM to refuse ${action}, got ${(error as Error).name}: ${message}`, { cause: error });
  }
  throw new Error(`${principal.arn} → ${call}: expected IAM to refuse ${action}, but the call succeeded (${JSON.stringify(outcome)?.slice(0, 200)})`);
}

/** The ARN STS reports for `credentials` (GetCallerIdentity, which IAM never refuses). */
export async function callerArn(at: Endpoint, credentials: Credentials): Promise<string> {
  const sts = new STSClient({ ...at, credentials });
  try {
    return (await sts.send(new GetCallerIdentityCommand({}))).Arn!;
  } finally {
    sts.destroy();
  }
}

/** A Lambda function of a deployed stack, as Lambda would run it. */
export interface DeployedFunction {
  readonly logicalId: string;
  readonly functionName: string;
  readonly functionArn: string;
  readonly roleArn: string;
  /** Its configured environment (GetFunctionConfiguration). */
  readonly environment: Record<string, string>;
  /** The bundle in the cloud assembly that the stack's template deployed as its code. */
  readonly bundle: string;
  readonly handler: string;
}

/**
 * The functions of stack `stackName`: names from DescribeStackResources, configuration from
 * GetFunctionConfiguration, code from the asset of `assembly` that the template names.
 */
export async function deployedFunctions(at: Endpoint, admin: Credentials, stackName: string, assembly: string): Promise<DeployedFunction[]> {
  const cfn = new CloudFormationClient({ ...at, credentials: admin });
  const lambda = new LambdaClient({ ...at, credentials: admin });
  try {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- templates, handler results and token claims are JSON each step reads by field
    const template = JSON.parse(fs.readFileSync(path.join(assembly, `${stackName}.template.json`), 'utf8')) as { Resources: Record<string, any> };
    const { StackResources = [] } = await cfn.send(new DescribeStackResourcesCommand({ StackName: stackName }));
    const functions: DeployedFunction[] = [];
    for (const resource of StackResources.filter((r) => r.ResourceType === 'AWS::Lambda::Function')) {
      const declared = template.Resources[resource.LogicalResourceId!]?.Properties;
      const config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: resource.PhysicalResourceId }));
      const key = String(declared?.Code?.S3Key ?? '');
      const bundleDir = path.join(assembly, `asset.${key.replace(/\.zip$/, '')}`);
      const handler = config.Handler ?? 'index.handler';
      functions.push({
        logicalId: resource.LogicalResourceId!,
        functionName: config.FunctionName!,
        functionArn: config.FunctionArn!,
        roleArn: config.Role!,
        environment: config.Environment?.Variables ?? {},
        bundle: path.join(bundleDir, `${handler.split('.')[0]}.js`),
        handler: handler.split('.').slice(1).join('.'),
      });
    }
    return functions;
  } finally {
    cfn.destroy();
    lambda.destroy();
  }
}

/**
 * Credentials of `roleArn`, from STS AssumeRole signed by `assumer` (on the emulator: its root user,
 * standing in for the Lambda service, whose trust the role's policy names).
 */
export async function assumeRole(at: Endpoint, assumer: Credentials, roleArn: string, sessionName: string): Promise<Principal> {
  const sts = new STSClient({ ...at, credentials: assumer });
  try {
    const { Credentials: c, AssumedRoleUser } = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName }));
    return { arn: AssumedRoleUser!.Arn!, credentials: { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! } };
  } finally {
    sts.destroy();
  }
}

/** A handler loaded from a function's bundle, invoked with the function's environment and role. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- templates, handler results and token claims are JSON each step reads by field
export type Invoke = (event: unknown) => Promise<any>;

const AWS_ENVIRONMENT = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ENDPOINT_URL', 'AWS_PROFILE'];

/**
 * Loads `fn`'s bundle in this process as the Lambda runtime would: its configured environment,
 * the region, the endpoint of the emulator and the credentials of `role` in `process.env` while
 * the module initialises and while each invocation runs (the bundle's SDK reads them from there).
 * `load` is the module loader (a test passes one that isolates the bundle's module registry).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- templates, handler results and token claims are JSON each step reads by field
export function runInProcess(fn: DeployedFunction, role: Principal, at: Endpoint, load: (file: string) => any): Invoke {
  const environment: Record<string, string> = {
    ...fn.environment,
    AWS_REGION: at.region,
    AWS_DEFAULT_REGION: at.region,
    AWS_ENDPOINT_URL: at.endpoint,
    AWS_ACCESS_KEY_ID: role.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: role.credentials.secretAccessKey,
    AWS_SESSION_TOKEN: role.credentials.sessionToken ?? '',
    AWS_LAMBDA_FUNCTION_NAME: fn.functionName,
  };
  const withEnvironment = async <T>(run: () => Promise<T> | T): Promise<T> => {
    const saved = Object.fromEntries([...AWS_ENVIRONMENT, ...Object.keys(environment)].map((k) => [k, process.env[k]]));
    for (const key of AWS_ENVIRONMENT) delete process.env[key];
    Object.assign(process.env, environment);
    try {
      return await run();
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  };
  if (!fs.existsSync(fn.bundle)) throw new Error(`the bundle of ${fn.functionName} is not at ${fn.bundle}: synthesize the core service (nx run core-service:synth)`);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- templates, handler results and token claims are JSON each step reads by field
  let handler: ((event: unknown) => Promise<any>) | undefined;
  return (event) => withEnvironment(async () => {
    handler ??= load(fn.bundle)[fn.handler];
    if (typeof handler !== 'function') throw new Error(`${fn.bundle} exports no ${fn.handler}`);
    return handler(event);
  });
}

/** The claims of a JWT, unverified (the emulator's issuer and audience are checked by the caller). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- templates, handler results and token claims are JSON each step reads by field
export function jwtClaims(token: string): Record<string, any> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- token claims are JSON each step reads by field
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<string, any>;
}
