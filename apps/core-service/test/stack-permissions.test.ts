import { CfnElement, Stack } from 'aws-cdk-lib/core';
import { Template } from 'aws-cdk-lib/assertions';
import { DYNAMODB_CONTRACT, TableName } from '@listbackup/dynamodb';
import { EVENTBRIDGE_CONTRACT } from '@listbackup/eventbridge';
import { DataBucketEncryption, S3_CONTRACT } from '@listbackup/s3';
import { QueueName, SQS_CONTRACT } from '@listbackup/sqs';
import { coreTemplate, grantRows } from './support/template';

const ddb = (table: TableName) => `import:${DYNAMODB_CONTRACT.exportName('main', `${table}Arn`)}`;
const queue = (name: QueueName) => `import:${SQS_CONTRACT.exportName('main', `${name}Arn`)}`;
const BUCKET = `import:${S3_CONTRACT.exportName('main', 'DataBucketArn')}`;
const BUCKET_KEY = `import:${S3_CONTRACT.exportName('main', 'DataBucketKeyArn')}`;
const BUS = `import:${EVENTBRIDGE_CONTRACT.exportName('main', 'EventBusArn')}`;
const TABLES_KEY = `import:${DYNAMODB_CONTRACT.exportName('main', 'TablesKeyArn')}`;
/** DynamoDB uses the tables' customer key with the caller's permissions. */
const tablesKey = ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'].map((a) => `${a} ${TABLES_KEY}`);

/** Exactly what each function may do: one row per action and resource. */
const EXPECTED: Record<string, string[]> = {
  Jobs: [
    'logs:CreateLogStream Jobs/LogGroup.Arn',
    'logs:PutLogEvents Jobs/LogGroup.Arn',
    `dynamodb:GetItem ${ddb('JobsTable')}`,
    `dynamodb:PutItem ${ddb('JobsTable')}`,
    `dynamodb:UpdateItem ${ddb('JobsTable')}`,
    ...tablesKey,
    `sqs:SendMessage ${queue('SyncQueue')}`,
    `sqs:SendMessage ${queue('BackupQueue')}`,
    `sqs:SendMessage ${queue('ExportQueue')}`,
    `sqs:SendMessage ${queue('AnalyticsQueue')}`,
    `sqs:SendMessage ${queue('MaintenanceQueue')}`,
  ],
  JobWorker: [
    'logs:CreateLogStream JobWorker/LogGroup.Arn',
    'logs:PutLogEvents JobWorker/LogGroup.Arn',
    `dynamodb:UpdateItem ${ddb('JobsTable')}`,
    `dynamodb:PutItem ${ddb('JobLogsTable')}`,
    ...tablesKey,
    `sqs:ReceiveMessage ${queue('SyncQueue')}`,
    `sqs:DeleteMessage ${queue('SyncQueue')}`,
    `sqs:GetQueueAttributes ${queue('SyncQueue')}`,
    `sqs:ReceiveMessage ${queue('BackupQueue')}`,
    `sqs:DeleteMessage ${queue('BackupQueue')}`,
    `sqs:GetQueueAttributes ${queue('BackupQueue')}`,
    `s3:PutObject ${BUCKET}/accounts/*/jobs/*`,
    `kms:GenerateDataKey ${BUCKET_KEY}`,
    `events:PutEvents ${BUS}`,
  ],
  Activity: [
    'logs:CreateLogStream Activity/LogGroup.Arn',
    'logs:PutLogEvents Activity/LogGroup.Arn',
    `dynamodb:GetItem ${ddb('ActivityTable')}`,
    `dynamodb:PutItem ${ddb('ActivityTable')}`,
    ...tablesKey,
    // Lambda sends an event that failed twice to the function's own dead-letter queue.
    'sqs:SendMessage Activity/DeadLetterQueue.Arn',
  ],
};

/** Logical id → construct path below the stack, e.g. `Jobs/LogGroup`. */
function pathsOf(stack: Stack): (id: string) => string {
  const paths = new Map<string, string>();
  for (const element of stack.node.findAll().filter(CfnElement.isCfnElement)) {
    const path = element.node.path.slice(stack.node.path.length + 1).replace(/\/Resource$/, '');
    paths.set(stack.resolve(element.logicalId) as string, path);
  }
  return (id) => paths.get(id) ?? id;
}

/** The grant rows of the managed policy attached to the role of one function. */
function functionGrants(stack: Stack, fn: string): string[] {
  const template = Template.fromStack(stack);
  const json = template.toJSON();
  const pathOf = pathsOf(stack);
  const functions = Object.entries(template.findResources('AWS::Lambda::Function')).filter(([id]) => pathOf(id) === `${fn}/Function`);
  expect(functions).toHaveLength(1);
  const roleId = (functions[0][1].Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  const role = json.Resources[roleId];
  // The role carries nothing but the one customer-managed policy: no inline, no AWS-managed policy.
  expect(role.Properties.Policies).toBeUndefined();
  expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  const policies = Object.values(template.findResources('AWS::IAM::ManagedPolicy'))
    .filter((p) => (p.Properties.Roles as Array<{ Ref: string }>).some((r) => r.Ref === roleId));
  expect(policies).toHaveLength(1);
  return grantRows(policies[0].Properties.PolicyDocument, pathOf);
}

describe('least privilege', () => {
  const { stack, template } = coreTemplate();

  test.each(Object.keys(EXPECTED))('%s may do exactly what its table lists', (fn) => {
    expect(functionGrants(stack, fn)).toEqual([...EXPECTED[fn]].sort());
  });

  test('no statement anywhere has a wildcard action or a bare * resource', () => {
    const rows = Object.values(template.findResources('AWS::IAM::ManagedPolicy'))
      .flatMap((p) => grantRows(p.Properties.PolicyDocument, pathsOf(stack)));
    expect(rows.length).toBe(Object.values(EXPECTED).flat().length);
    for (const row of rows) {
      const [action, resource] = row.split(' ');
      expect(action).not.toContain('*');
      expect(resource).not.toBe('*');
    }
  });

  test('no inline policy exists: CDK grant helpers would have put one here', () => {
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });

  test('with an SSE-S3 data bucket the worker gets no key permission', () => {
    const sseS3 = coreTemplate({ dataBucketEncryption: DataBucketEncryption.S3_MANAGED });
    expect(functionGrants(sseS3.stack, 'JobWorker')).toEqual(EXPECTED.JobWorker.filter((row) => !row.endsWith(BUCKET_KEY)).sort());
    expect(JSON.stringify(sseS3.template.toJSON())).not.toContain('DataBucketKeyArn');
  });
});
