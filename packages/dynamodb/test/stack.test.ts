import { App } from 'aws-cdk-lib/core';
import { Template } from 'aws-cdk-lib/assertions';
import { InfrastructureDynamoDbStack } from '../src';

/**
 * DESIGN.md's table catalog, transcribed as text so that the test does not read the catalog it
 * checks: `table | pk[/sk] | Index(pk[/sk]), … | ttl`; `:N` marks a Number attribute.
 */
const DESIGN = `
UsersTable | userId | EmailIndex(email) |
AccountsTable | accountId | ParentAccountIndex(parentAccountId), OwnerIndex(ownerUserId) |
UserAccountsTable | userId/accountId | AccountUsersIndex(accountId/userId) |
ActivityTable | accountId/timestamp:N | UserActivityIndex(userId/timestamp:N) | ttl
PlatformsTable | platformId | CategoryIndex(category) |
PlatformConnectionsTable | connectionId | AccountIndex(accountId), PlatformIndex(platformId) |
PlatformSourcesTable | platformSourceId | PlatformIndex(platformId) |
SourcesTable | sourceId | AccountIndex(accountId), ConnectionIndex(connectionId), GroupIndex(groupId) |
SourceGroupsTable | groupId | AccountIndex(accountId) |
JobsTable | jobId | AccountIndex(accountId/createdAt:N), SourceIndex(sourceId/createdAt:N), StatusIndex(status/scheduledAt:N) |
JobLogsTable | jobId/timestamp:N | | ttl
TeamsTable | teamId | AccountIndex(accountId) |
TeamMembersTable | teamId/userId | UserTeamsIndex(userId/teamId) |
NotificationsTable | userId/notificationId | AccountIndex(accountId/createdAt:N) | ttl
BillingTable | accountId | CustomerIndex(customerId) |
BillingUsageTable | accountId/period | | ttl
TagsTable | accountId/tagId | NameIndex(accountId/name) |
`;

interface Key { name: string; type: 'S' | 'N' }
const parseKey = (text: string): Key => {
  const [name, type] = text.trim().split(':');
  return { name, type: type === 'N' ? 'N' : 'S' };
};
const parseKeys = (text: string): Key[] => text.split('/').map(parseKey);

const EXPECTED = DESIGN.trim().split('\n').map((line) => {
  const [table, keys, indexes, ttl] = line.split('|').map((s) => s.trim());
  return {
    table,
    keys: parseKeys(keys),
    indexes: indexes === '' ? [] : indexes.split(/\),\s*/).map((gsi) => {
      const [, name, indexKeys] = /^(\w+)\(([^)]*)\)?$/.exec(gsi.trim())!;
      return { name, keys: parseKeys(indexKeys) };
    }),
    ttl: ttl || undefined,
  };
});

const keySchema = (keys: Key[]) =>
  keys.map((k, i) => ({ AttributeName: k.name, KeyType: i === 0 ? 'HASH' : 'RANGE' }));

const stack = new InfrastructureDynamoDbStack(new App(), { stage: 'main' });
const template = Template.fromStack(stack);
const resources = template.findResources('AWS::DynamoDB::Table');

test('the stack is named after the service and stage', () => {
  expect(stack.stackName).toBe('listbackup-infrastructure-dynamodb-main');
});

test('the design lists 17 tables and the stack holds exactly those', () => {
  expect(EXPECTED).toHaveLength(17);
  template.resourceCountIs('AWS::DynamoDB::Table', 17);
  expect(Object.keys(resources).sort()).toEqual(EXPECTED.map((e) => e.table).sort());
});

describe.each(EXPECTED)('$table', ({ table, keys, indexes, ttl }) => {
  const resource = resources[table];

  test('has the stable logical id and the design keys', () => {
    expect(resource).toBeDefined();
    expect(resource.Properties.KeySchema).toEqual(keySchema(keys));
  });

  test('has the design GSIs with their keys, types and ALL projection', () => {
    const actual = (resource.Properties.GlobalSecondaryIndexes ?? []) as Array<Record<string, unknown>>;
    expect(actual).toEqual(indexes.map((gsi) => ({
      IndexName: gsi.name,
      KeySchema: keySchema(gsi.keys),
      Projection: { ProjectionType: 'ALL' },
    })));
    const allKeys = [...keys, ...indexes.flatMap((gsi) => gsi.keys)];
    const definitions = Object.fromEntries(allKeys.map((k) => [k.name, k.type]));
    expect(Object.fromEntries((resource.Properties.AttributeDefinitions as Array<{ AttributeName: string; AttributeType: string }>)
      .map((d) => [d.AttributeName, d.AttributeType]))).toEqual(definitions);
  });

  test(ttl ? `expires items by '${ttl}'` : 'has no TTL', () => {
    expect(resource.Properties.TimeToLiveSpecification).toEqual(ttl ? { AttributeName: ttl, Enabled: true } : undefined);
  });

  test('is on-demand, recoverable, encrypted, protected and retained', () => {
    expect(resource.DeletionPolicy).toBe('Retain');
    expect(resource.UpdateReplacePolicy).toBe('Retain');
    expect(resource.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': ['TablesKey', 'Arn'] } },
      DeletionProtectionEnabled: true,
    });
    expect(resource.Properties.TableName).toBeUndefined();
  });

  test('exports its name and ARN under the convention', () => {
    template.hasOutput(`${table}Name`, {
      Value: { Ref: table },
      Export: { Name: `listbackup-infrastructure-dynamodb-main-${table}Name` },
    });
    template.hasOutput(`${table}Arn`, {
      Value: { 'Fn::GetAtt': [table, 'Arn'] },
      Export: { Name: `listbackup-infrastructure-dynamodb-main-${table}Arn` },
    });
  });
});

test('exports exactly two values a table, and the tables\' key', () => {
  expect(Object.keys(template.findOutputs('*'))).toHaveLength(35);
  template.hasOutput('TablesKeyArn', {
    Value: { 'Fn::GetAtt': ['TablesKey', 'Arn'] },
    Export: { Name: 'listbackup-infrastructure-dynamodb-main-TablesKeyArn' },
  });
});

test('one rotating, retained customer key encrypts every table and hands out grants only to AWS services', () => {
  const keys = template.findResources('AWS::KMS::Key');
  expect(Object.keys(keys)).toEqual(['TablesKey']);
  expect(keys.TablesKey).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain', Properties: { EnableKeyRotation: true } });
  expect(keys.TablesKey.Properties.KeyPolicy.Statement).toContainEqual({
    Sid: 'GrantsForAwsServicesOnly', Effect: 'Deny', Principal: { AWS: '*' }, Action: 'kms:CreateGrant', Resource: '*',
    Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
  });
});

test('every table carries the standard tags and the caller tags', () => {
  const tagged = Template.fromStack(new InfrastructureDynamoDbStack(new App(), { stage: 'dev', tags: { CostCenter: 'backup' } }));
  expect(Object.keys(tagged.findResources('AWS::DynamoDB::Table', {
    Properties: {
      // CDK renders tags sorted by key.
      Tags: [
        { Key: 'CostCenter', Value: 'backup' },
        { Key: 'ManagedBy', Value: 'projen-cdk' },
        { Key: 'Service', Value: 'listbackup-infrastructure-dynamodb' },
        { Key: 'Stage', Value: 'dev' },
      ],
    },
  }))).toHaveLength(17);
});

test('a bad stage is refused before any resource exists', () => {
  expect(() => new InfrastructureDynamoDbStack(new App(), { stage: 'Prod!' })).toThrow(/stage 'Prod!' .* is invalid/);
});
