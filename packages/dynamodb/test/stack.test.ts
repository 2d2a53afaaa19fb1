import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { InfrastructureDynamoDbStack } from '../src';

test('the users table is retained, protected and exported', () => {
  const stack = new InfrastructureDynamoDbStack(new App(), { stage: 'main' });
  const template = Template.fromStack(stack);
  expect(stack.stackName).toBe('listbackup-infrastructure-dynamodb-main');
  template.hasResource('AWS::DynamoDB::Table', {
    DeletionPolicy: 'Retain',
    Properties: { DeletionProtectionEnabled: true, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } },
  });
  template.hasOutput('UsersTableName', { Export: { Name: 'listbackup-infrastructure-dynamodb-main-UsersTableName' } });
});
