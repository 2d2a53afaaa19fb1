import { App, Stack } from 'aws-cdk-lib/core';
import { Template } from 'aws-cdk-lib/assertions';
import { INFRASTRUCTURE_KINDS, parseExportName, serviceName } from '@listbackup/conventions';
import { InfrastructureCognitoStack } from '@listbackup/cognito';
import { InfrastructureDynamoDbStack } from '@listbackup/dynamodb';
import { InfrastructureEventBridgeStack } from '@listbackup/eventbridge';
import { InfrastructureS3Stack, S3Contract } from '@listbackup/s3';
import { InfrastructureSqsStack } from '@listbackup/sqs';
import { CORE_SERVICE_CONTRACT } from '../src';
import { coreTemplate, importedNames } from './support/template';

/** The export names the five infrastructure stacks of a stage really write. */
function infrastructureExports(stage: string): Set<string> {
  const app = new App();
  const stacks: Stack[] = [
    new InfrastructureDynamoDbStack(app, { stage }),
    new InfrastructureS3Stack(app, { stage }),
    new InfrastructureSqsStack(app, { stage }),
    new InfrastructureEventBridgeStack(app, { stage }),
    new InfrastructureCognitoStack(app, { stage, callbackUrls: ['https://app.example.com/callback'], importDataBucket: (scope) => S3Contract.import(scope, stage).dataBucket }),
  ];
  const names = new Set<string>();
  for (const stack of stacks) {
    for (const output of Object.values(Template.fromStack(stack).findOutputs('*'))) {
      if (output.Export?.Name) names.add(output.Export.Name as string);
    }
  }
  return names;
}

describe.each(['main', 'pr-42'])('stage %s: the core service imports only what the infrastructure exports', (stage) => {
  const exported = infrastructureExports(stage);
  const { stack, template } = coreTemplate({ stage });
  const imported = [...importedNames(template.toJSON())].sort();

  test('the stack is named listbackup-core-<stage>', () => {
    expect(stack.stackName).toBe(`listbackup-core-${stage}`);
  });

  test('every Fn::ImportValue names an export of one of the five stacks', () => {
    expect(imported.length).toBeGreaterThan(10);
    expect(imported.filter((name) => !exported.has(name))).toEqual([]);
  });

  test('it imports from all five infrastructure services of its own stage', () => {
    const services = new Set(imported.map((name) => parseExportName(name)).map((p) => `${p?.service}/${p?.stage}`));
    expect([...services].sort()).toEqual(INFRASTRUCTURE_KINDS.map((kind) => `${serviceName(kind)}/${stage}`).sort());
  });

  test('it exports the API under the core service contract', () => {
    const names = Object.values(template.findOutputs('*')).map((o) => o.Export.Name).sort();
    expect(names).toEqual(CORE_SERVICE_CONTRACT.exportNames(stage).sort());
    expect(names).toContain(`listbackup-core-${stage}-HttpApiUrl`);
  });
});

test('the core service holds no stateful resource of its own but the activity function\'s dead-letter queue', () => {
  const { template } = coreTemplate();
  const resources = template.toJSON().Resources as Record<string, { Type: string }>;
  // The one exception: failed activity events wait in the function's own queue for replay.
  const types = Object.entries(resources).filter(([id]) => id !== 'ActivityDeadLetterQueue').map(([, r]) => r.Type);
  expect(resources.ActivityDeadLetterQueue.Type).toBe('AWS::SQS::Queue');
  const stateful = ['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable', 'AWS::S3::Bucket', 'AWS::SQS::Queue',
    'AWS::SNS::Topic', 'AWS::Events::EventBus', 'AWS::Events::Archive', 'AWS::Cognito::UserPool',
    'AWS::Cognito::UserPoolClient', 'AWS::Cognito::IdentityPool', 'AWS::RDS::DBInstance', 'AWS::EFS::FileSystem'];
  expect(types.filter((type) => stateful.includes(type))).toEqual([]);
  // What it does hold: code, roles, logs, the log key, and the dead-letter queue's TLS-only policy.
  expect(new Set(types)).toEqual(new Set(['AWS::SQS::QueuePolicy',
    'AWS::Lambda::Function', 'AWS::Lambda::Permission', 'AWS::Lambda::EventSourceMapping', 'AWS::IAM::Role',
    'AWS::IAM::ManagedPolicy', 'AWS::Logs::LogGroup', 'AWS::KMS::Key', 'AWS::Events::Rule', 'AWS::ApiGatewayV2::Api',
    'AWS::ApiGatewayV2::Route', 'AWS::ApiGatewayV2::Integration', 'AWS::ApiGatewayV2::Authorizer', 'AWS::ApiGatewayV2::Stage',
  ]));
});
