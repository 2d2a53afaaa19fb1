/*
 * The resources the CloudFormation fake's stacks hold, with physical ids, ARNs and URLs in each
 * service's real format (the "Return values" of each type in the AWS CloudFormation resource and
 * property reference, and the ARN formats of the Service Authorization Reference), and the
 * read calls `verify` probes them with, answered as each API reference documents: DescribeTable
 * (Amazon DynamoDB), GetQueueUrl and GetQueueAttributes (Amazon SQS), HeadBucket (Amazon S3),
 * DescribeEventBus (Amazon EventBridge), DescribeUserPool (Amazon Cognito user pools).
 */
import { randomUUID } from 'node:crypto';
import type { CfnTemplate } from '../template';

export interface FakeEnvironment {
  readonly region: string;
  readonly account: string;
}

/** What CloudFormation made for one logical id: its `Ref` and its `Fn::GetAtt` attributes. */
export interface PhysicalResource {
  readonly type: string;
  readonly ref: string;
  readonly attributes: Record<string, string>;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const suffix = (n = 12) => Array.from({ length: n }, () => ALNUM[Math.floor(Math.random() * ALNUM.length)]).join('');

/** A name as CloudFormation generates one: `<stack>-<logical id>-<random>`, within the type's limits. */
function generatedName(stackName: string, logicalId: string, max: number, lower = false): string {
  const tail = `-${suffix()}`;
  const name = `${stackName}-${logicalId}`.slice(0, max - tail.length) + tail;
  return lower ? name.toLowerCase() : name;
}

/** The physical resource a create makes for a resource of the template. */
export function makePhysical(stackName: string, logicalId: string, resource: { Type: string; Properties?: unknown }, env: FakeEnvironment): PhysicalResource {
  const p = (resource.Properties ?? {}) as Record<string, unknown>;
  const named = (key: string) => (typeof p[key] === 'string' ? p[key] as string : undefined);
  const { region, account } = env;
  const partition = region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
  const arn = (service: string, resourcePart: string, withRegion = true, withAccount = true) =>
    `arn:${partition}:${service}:${withRegion ? region : ''}:${withAccount ? account : ''}:${resourcePart}`;
  switch (resource.Type) {
    case 'AWS::DynamoDB::Table': {
      const name = named('TableName') ?? generatedName(stackName, logicalId, 255);
      const table = arn('dynamodb', `table/${name}`);
      return { type: resource.Type, ref: name, attributes: { Arn: table, StreamArn: `${table}/stream/${new Date().toISOString().replace(/Z$/, '')}` } };
    }
    case 'AWS::SQS::Queue': {
      const fifo = p.FifoQueue === true || p.FifoQueue === 'true';
      const name = named('QueueName') ?? `${generatedName(stackName, logicalId, fifo ? 75 : 80)}${fifo ? '.fifo' : ''}`;
      return { type: resource.Type, ref: `https://sqs.${region}.amazonaws.com/${account}/${name}`, attributes: { Arn: arn('sqs', name), QueueName: name, QueueUrl: `https://sqs.${region}.amazonaws.com/${account}/${name}` } };
    }
    case 'AWS::S3::Bucket': {
      const name = named('BucketName') ?? generatedName(stackName, logicalId, 63, true);
      return { type: resource.Type, ref: name, attributes: { Arn: arn('s3', name, false, false), DomainName: `${name}.s3.amazonaws.com`, RegionalDomainName: `${name}.s3.${region}.amazonaws.com` } };
    }
    case 'AWS::Events::EventBus': {
      const name = named('Name') ?? generatedName(stackName, logicalId, 256);
      return { type: resource.Type, ref: name, attributes: { Arn: arn('events', `event-bus/${name}`), Name: name } };
    }
    case 'AWS::Cognito::UserPool': {
      const id = `${region}_${suffix(9).replace(/[0-9]/g, 'x')}`;
      return { type: resource.Type, ref: id, attributes: { Arn: arn('cognito-idp', `userpool/${id}`), ProviderName: `cognito-idp.${region}.amazonaws.com/${id}`, UserPoolId: id } };
    }
    case 'AWS::KMS::Key': {
      const id = randomUUID();
      return { type: resource.Type, ref: id, attributes: { Arn: arn('kms', `key/${id}`), KeyId: id } };
    }
    case 'AWS::Logs::LogGroup': {
      const name = named('LogGroupName') ?? generatedName(stackName, logicalId, 512);
      return { type: resource.Type, ref: name, attributes: { Arn: arn('logs', `log-group:${name}:*`) } };
    }
    case 'AWS::IAM::Role': {
      const name = named('RoleName') ?? generatedName(stackName, logicalId, 64);
      return { type: resource.Type, ref: name, attributes: { Arn: arn('iam', `role/${name}`, false), RoleId: `AROA${suffix(17)}` } };
    }
    case 'AWS::Lambda::Function': {
      const name = named('FunctionName') ?? generatedName(stackName, logicalId, 64);
      return { type: resource.Type, ref: name, attributes: { Arn: arn('lambda', `function:${name}`) } };
    }
    default: {
      const [, service = 'cloudformation', kind = 'resource'] = resource.Type.split('::');
      const id = generatedName(stackName, logicalId, 128);
      return { type: resource.Type, ref: id, attributes: { Arn: arn(service.toLowerCase(), `${kind.toLowerCase()}/${id}`) } };
    }
  }
}

/**
 * The physical resources of a template after a create or update: a resource keeps what it had
 * unless it is new, changes type, or is replaced.
 */
export function physicalResourcesAfter(stackName: string, before: Record<string, PhysicalResource>, template: CfnTemplate, env: FakeEnvironment, replaced: readonly string[] = []): Record<string, PhysicalResource> {
  return Object.fromEntries(Object.entries(template.Resources ?? {}).map(([id, r]) => {
    const had = before[id];
    return [id, had && had.type === r.Type && !replaced.includes(id) ? had : makePhysical(stackName, id, r, env)];
  }));
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each command reads its input by the field names of the service's API reference
type Input = Record<string, any>;

function notFound(name: string, message: string, status = 400): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: status } });
}

/** Answers a probe call from the live resources; undefined when the command is not a probe. */
export function answerProbe(command: string, input: Input, live: PhysicalResource[]): Record<string, unknown> | undefined {
  const of = (type: string) => live.filter((r) => r.type === type);
  switch (command) {
    case 'DescribeTable': {
      const table = of('AWS::DynamoDB::Table').find((t) => t.ref === input.TableName);
      if (!table) throw notFound('ResourceNotFoundException', `Requested resource not found: Table: ${input.TableName} not found`);
      return { Table: { TableName: table.ref, TableArn: table.attributes.Arn, TableStatus: 'ACTIVE' } };
    }
    case 'GetQueueUrl': {
      const queue = of('AWS::SQS::Queue').find((q) => q.attributes.QueueName === input.QueueName);
      if (!queue) throw notFound('QueueDoesNotExist', 'The specified queue does not exist.');
      return { QueueUrl: queue.ref };
    }
    case 'GetQueueAttributes': {
      const queue = of('AWS::SQS::Queue').find((q) => q.ref === input.QueueUrl);
      if (!queue) throw notFound('QueueDoesNotExist', 'The specified queue does not exist.');
      return { Attributes: { QueueArn: queue.attributes.Arn } };
    }
    case 'HeadBucket': {
      if (!of('AWS::S3::Bucket').some((b) => b.ref === input.Bucket)) throw notFound('NotFound', 'Not Found', 404);
      return { BucketRegion: undefined };
    }
    case 'DescribeEventBus': {
      const bus = of('AWS::Events::EventBus').find((b) => b.ref === input.Name || b.attributes.Arn === input.Name);
      if (!bus) throw notFound('ResourceNotFoundException', `Event bus ${input.Name} does not exist.`);
      return { Name: bus.ref, Arn: bus.attributes.Arn };
    }
    case 'DescribeUserPool': {
      const pool = of('AWS::Cognito::UserPool').find((u) => u.ref === input.UserPoolId);
      if (!pool) throw notFound('ResourceNotFoundException', `User pool ${input.UserPoolId} does not exist.`);
      return { UserPool: { Id: pool.ref, Arn: pool.attributes.Arn } };
    }
    default: return undefined;
  }
}
