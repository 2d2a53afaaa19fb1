import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, CfnOutput, Stack } from 'aws-cdk-lib/core';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { expectPolicyPasses } from '@listbackup/policy/testing';
import { DynamoDbContract, InfrastructureDynamoDbStack, TABLE_NAMES } from '../src';
import { importedExportNames } from '@listbackup/conventions';

const importedNamesOf = (template: unknown): Set<string> => new Set(importedExportNames(template));

describe('importer and exporter agree', () => {
  const app = new App();
  const exporter = new InfrastructureDynamoDbStack(app, { stage: 'pr-7' });
  const consumer = new Stack(app, 'Consumer');
  const tables = DynamoDbContract.import(consumer, 'pr-7');
  const role = new iam.Role(consumer, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
  for (const name of TABLE_NAMES) {
    tables.table(name).grantReadData(role);
    new CfnOutput(consumer, `${name}Env`, { value: tables.tableName(name) });
  }
  const exported = Object.values(Template.fromStack(exporter).findOutputs('*')).map((o) => o.Export.Name as string);
  const consumerTemplate = Template.fromStack(consumer).toJSON();

  test('every import names an export of the stack, and every export is imported', () => {
    expect([...importedNamesOf(consumerTemplate)].sort()).toEqual([...exported].sort());
    // Two per table and the tables' key.
    expect(exported).toHaveLength(35);
  });

  test('grants on an imported table cover the tables\' customer key', () => {
    const statements = Object.values(Template.fromStack(consumer).findResources('AWS::IAM::Policy'))[0].Properties.PolicyDocument.Statement;
    expect(statements).toContainEqual(expect.objectContaining({
      Action: ['kms:Decrypt', 'kms:DescribeKey'],
      Resource: { 'Fn::ImportValue': 'listbackup-infrastructure-dynamodb-pr-7-TablesKeyArn' },
    }));
    expect(tables.table('UsersTable').encryptionKey).toBe(tables.tablesKey);
  });

  test('the contract lists the same names the stack exports', () => {
    expect(DynamoDbContract.exportNames('pr-7').sort()).toEqual([...exported].sort());
  });

  test('grants on an imported table cover its indexes', () => {
    const statements = Object.values(Template.fromStack(consumer).findResources('AWS::IAM::Policy'))[0].Properties.PolicyDocument.Statement;
    const rendered = JSON.stringify(statements);
    expect(rendered).toContain('listbackup-infrastructure-dynamodb-pr-7-JobsTableArn');
    expect(rendered).toMatch(/listbackup-infrastructure-dynamodb-pr-7-JobsTableArn"\},"\/index\/\*"/);
  });

  test('importing twice in one scope returns the same table', () => {
    expect(tables.table('UsersTable')).toBe(DynamoDbContract.import(consumer, 'pr-7').table('UsersTable'));
  });

  test('two stages imported into one scope are two tables, each read from its own stage', () => {
    const scope = new Stack(new App(), 'TwoStages');
    const main = DynamoDbContract.import(scope, 'main').table('UsersTable');
    const dev = DynamoDbContract.import(scope, 'dev').table('UsersTable');
    expect(main).not.toBe(dev);
    expect(scope.resolve(main.tableArn)).toEqual({ 'Fn::ImportValue': 'listbackup-infrastructure-dynamodb-main-UsersTableArn' });
    expect(scope.resolve(dev.tableArn)).toEqual({ 'Fn::ImportValue': 'listbackup-infrastructure-dynamodb-dev-UsersTableArn' });
  });

  test('a bad stage is refused at import', () => {
    expect(() => DynamoDbContract.import(new Stack(new App(), 'Other'), 'Main')).toThrow(/stage 'Main' .* is invalid/);
  });
});

test('the stack passes every policy pack with zero errors and zero warnings', () => {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'dynamodb-policy-')) });
  new InfrastructureDynamoDbStack(app, { stage: 'main' });
  const result = expectPolicyPasses(app);
  // Each acknowledgement names its rule and the narrowest construct: one per table, not the stack.
  expect(result.acknowledgements.map((a) => `${a.ruleId} ${a.constructPath}`).sort()).toEqual(
    TABLE_NAMES.map((name) => `NIST.800.53.R5-DynamoDBInBackupPlan listbackup-infrastructure-dynamodb-main/${name}/Table/Resource`).sort(),
  );
  expect(result.acknowledgements.every((a) => a.reason.length > 40)).toBe(true);
});

test('item grants name each call on the table and only what those calls take on the key', () => {
  const consumer = new Stack(new App(), 'Consumer');
  const tables = DynamoDbContract.import(consumer, 'main');
  const reader = new iam.Role(consumer, 'Reader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  const writer = new iam.Role(consumer, 'Writer', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  tables.grantItems(reader, 'UsersTable', 'GetItem');
  tables.grantItems(writer, 'JobsTable', 'GetItem', 'PutItem', 'UpdateItem');
  const policies = Template.fromStack(consumer).findResources('AWS::IAM::Policy');
  const statementsOf = (role: string) => Object.values(policies)
    .find((p) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref.startsWith(role)))!.Properties.PolicyDocument.Statement;
  const imported = (name: string) => ({ 'Fn::ImportValue': `listbackup-infrastructure-dynamodb-main-${name}` });
  expect(statementsOf('Reader')).toEqual([
    { Action: 'dynamodb:GetItem', Effect: 'Allow', Resource: imported('UsersTableArn') },
    { Action: ['kms:Decrypt', 'kms:DescribeKey'], Effect: 'Allow', Resource: imported('TablesKeyArn') },
  ]);
  expect(statementsOf('Writer')).toEqual([
    { Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], Effect: 'Allow', Resource: imported('JobsTableArn') },
    { Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'], Effect: 'Allow', Resource: imported('TablesKeyArn') },
  ]);
});
