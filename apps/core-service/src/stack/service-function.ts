import * as fs from 'node:fs';
import * as path from 'node:path';
import { AssetHashType, DockerImage, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib/core';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import * as esbuild from 'esbuild';
import { DEAD_LETTER_RETENTION } from '@listbackup/conventions';
import { ManagedPolicyPrincipal } from './private/managed-policy-principal';
import { EnvName } from '../functions/runtime/environment';

/** The Lambda entry points in `src/functions/handlers/`. */
export type HandlerName = 'jobs' | 'job-worker' | 'activity';

export interface ServiceFunctionProps {
  /** The entry point, `src/functions/handlers/<handler>.ts`. */
  readonly handler: HandlerName;
  readonly description: string;
  /** Memory in MiB. */
  readonly memorySize: number;
  readonly timeout: Duration;
  /** The most concurrent executions this function may take from the account. */
  readonly reservedConcurrentExecutions: number;
  /** The variables the handler reads (see `ENV`). */
  readonly environment: Partial<Record<EnvName, string>>;
  /** The log group's name, under the prefix the log key admits. */
  readonly logGroupName: string;
  readonly logKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  /**
   * Whether something invokes the function asynchronously (an EventBridge rule, S3, SNS). Lambda
   * retries a failed asynchronous invocation twice and then drops the event, so such a function
   * gets its own dead-letter queue (`deadLetterQueue`) where the event lands instead.
   * @default false
   */
  readonly invokedAsynchronously?: boolean;
}

/**
 * A Node.js function bundled by esbuild from `src/functions/handlers/`, with its own role and its
 * own encrypted, retained log group. It is the grantee of the grants of the imported resources
 * (`tables.grantItems(fn, …)`): what they grant goes into the role's one customer-managed policy,
 * beside writing its own logs; no AWS-managed policy, no inline policy.
 */
export class ServiceFunction extends Construct implements iam.IGrantable {
  public readonly function: lambda.Function;
  public readonly role: iam.Role;
  public readonly policy: iam.ManagedPolicy;
  public readonly logGroup: logs.LogGroup;
  /** Where failed asynchronous invocations land, when `invokedAsynchronously`. */
  public readonly deadLetterQueue?: sqs.Queue;
  /** The role, granting into `policy`. */
  public readonly grantPrincipal: iam.IPrincipal;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);
    this.deadLetterQueue = props.invokedAsynchronously ? new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      retentionPeriod: DEAD_LETTER_RETENTION,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
    }) : undefined;
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName: props.logGroupName,
      encryptionKey: props.logKey,
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.role = new iam.Role(this, 'Role', {
      // Only Lambda acting for this account may assume the role (Lambda developer guide, "Defining
      // Lambda function permissions with an execution role": aws:SourceAccount in the trust policy).
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: `Runs the ${props.handler} function`,
    });
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      description: `What the ${props.handler} function may do`,
      roles: [this.role],
      statements: [
        // The log group's Arn attribute ends in `:*`: its streams, and nothing outside the group.
        new iam.PolicyStatement({
          sid: 'WriteOwnLogs',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [this.logGroup.logGroupArn],
        }),
        // Lambda sends a failed asynchronous event to the dead-letter queue with the function's role.
        ...(this.deadLetterQueue ? [new iam.PolicyStatement({
          sid: 'SendFailedEvents',
          actions: ['sqs:SendMessage'],
          resources: [this.deadLetterQueue.queueArn],
        })] : []),
      ],
    });
    this.grantPrincipal = new ManagedPolicyPrincipal(this.role, this.policy);
    this.function = new lambda.Function(this, 'Function', {
      code: bundledHandler(props.handler),
      handler: 'index.handler',
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: { ...props.environment, NODE_OPTIONS: '--enable-source-maps' },
    });
    if (this.deadLetterQueue) {
      // Set on the CloudFormation resource: the L2 `deadLetterQueue` prop would grant
      // sqs:SendMessage in an inline policy of its own, beside the one managed policy.
      (this.function.node.defaultChild as lambda.CfnFunction).deadLetterConfig = { targetArn: this.deadLetterQueue.queueArn };
    }
    // An SQS event source mapping (and a dead-letter queue) is refused unless the role can already use the queue.
    this.function.node.addDependency(this.policy);
  }
}

/**
 * The handler bundled by esbuild into `index.js` (and its source map) for the runtime the function
 * runs on. Everything it imports is in the bundle, the AWS SDK too: the SDK the handlers were
 * tested with is the one that runs, not the runtime's copy.
 *
 * esbuild runs through its API in this process, with the options NodejsFunction passes to the
 * esbuild command (the same bundle, byte for byte, so the same asset hash): NodejsFunction starts
 * that command through `npx`, whose start costs about 0.8 s of CPU for every function of every synth.
 * The asset's hash is the bundle's (OUTPUT), as NodejsFunction's is.
 */
function bundledHandler(name: HandlerName): lambda.Code {
  const entry = handlerEntry(name);
  // Where NodejsFunction runs esbuild: the folder of the workspace's lock file.
  const workspaceRoot = path.resolve(__dirname, '..', '..', '..', '..');
  if (!fs.existsSync(path.join(workspaceRoot, 'package-lock.json'))) {
    throw new Error(`the core service bundles its handlers from the workspace at ${workspaceRoot}, which has no package-lock.json`);
  }
  return lambda.Code.fromAsset(workspaceRoot, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never used: local bundling always succeeds or throws.
      image: DockerImage.fromRegistry('dummy'),
      // The same bundle as an esbuild command. It also tells the three functions' assets apart in
      // the CDK's staging cache, whose key holds the bundling options but not the local bundler.
      command: ['esbuild', '--bundle', path.relative(workspaceRoot, entry), '--target=node24', '--platform=node',
        '--outfile=/asset-output/index.js', '--minify', '--sourcemap', '--log-level=warning'],
      local: {
        tryBundle(outputDir: string): boolean {
          esbuild.buildSync({
            entryPoints: [entry],
            bundle: true,
            target: 'node24',
            platform: 'node',
            outfile: path.join(outputDir, 'index.js'),
            minify: true,
            sourcemap: true,
            logLevel: 'warning',
            absWorkingDir: workspaceRoot,
          });
          return true;
        },
      },
    },
  });
}

/**
 * `src/functions/handlers/<name>.ts` of this package. Resolved from the package root so that it
 * works from the compiled `lib/stack/` (the CDK app) and from `src/stack/` (tests).
 */
function handlerEntry(name: HandlerName): string {
  const entry = path.join(__dirname, '..', '..', 'src', 'functions', 'handlers', `${name}.ts`);
  if (!fs.existsSync(entry)) {
    throw new Error(`handler entry ${entry} is missing: the core service bundles its handlers from src/functions/handlers/<name>.ts`);
  }
  return entry;
}
