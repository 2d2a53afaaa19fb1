import { App, RemovalPolicy, Stack } from 'aws-cdk-lib/core';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AttributeType, ProjectionType } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { SecureTable, SecureTableProps, TableCatalog } from '../src';

const s = (name: string) => ({ name, type: AttributeType.STRING });
const n = (name: string) => ({ name, type: AttributeType.NUMBER });

function make(props: Partial<SecureTableProps>): { stack: Stack; table: SecureTable } {
  const stack = new Stack(new App(), 'Fixture');
  const table = new SecureTable(stack, 'Orders', { partitionKey: s('orderId'), ...props });
  return { stack, table };
}

describe('validation: one error lists every failure with the construct path', () => {
  test.each<[string, Partial<SecureTableProps>, RegExp]>([
    ['bad table name', { tableName: 'a b' }, /tableName 'a b' is invalid: use 3–255 letters/],
    ['empty attribute name', { partitionKey: s('') }, /table partition key has an attribute name of 0 characters/],
    ['same partition and sort key', { sortKey: s('orderId') }, /partition key and sort key are both 'orderId'/],
    ['more than 20 GSIs', {
      globalSecondaryIndexes: Array.from({ length: 21 }, (_, i) => ({ indexName: `Index${i}`, partitionKey: s(`a${i}`) })),
    }, /21 global secondary indexes exceed DynamoDB's limit of 20 a table: remove 1/],
    ['bad index name', { globalSecondaryIndexes: [{ indexName: 'X', partitionKey: s('a') }] }, /index name 'X' is invalid/],
    ['duplicated index name', {
      globalSecondaryIndexes: [{ indexName: 'ByA', partitionKey: s('a') }, { indexName: 'ByA', partitionKey: s('b') }],
    }, /index name 'ByA' is used more than once/],
    ['index with same partition and sort key', {
      globalSecondaryIndexes: [{ indexName: 'ByA', partitionKey: s('a'), sortKey: s('a') }],
    }, /index 'ByA' uses 'a' as both partition and sort key/],
    ['INCLUDE without attributes', {
      globalSecondaryIndexes: [{ indexName: 'ByA', partitionKey: s('a'), projectionType: ProjectionType.INCLUDE }],
    }, /index 'ByA' projects INCLUDE but lists no nonKeyAttributes/],
    ['attributes without INCLUDE', {
      globalSecondaryIndexes: [{ indexName: 'ByA', partitionKey: s('a'), nonKeyAttributes: ['x'] }],
    }, /index 'ByA' lists nonKeyAttributes but projects ALL/],
    ['more than 100 projected attributes', {
      globalSecondaryIndexes: [{
        indexName: 'ByA', partitionKey: s('a'), projectionType: ProjectionType.INCLUDE,
        nonKeyAttributes: Array.from({ length: 101 }, (_, i) => `x${i}`),
      }],
    }, /project 101 nonKeyAttributes in all, more than DynamoDB's limit of 100/],
    ['attribute with two types', {
      sortKey: n('createdAt'), globalSecondaryIndexes: [{ indexName: 'ByA', partitionKey: s('a'), sortKey: s('createdAt') }],
    }, /attribute 'createdAt' is type N as table sort key but S as index 'ByA' sort key/],
    ['TTL on a key', { timeToLiveAttribute: 'orderId' }, /timeToLiveAttribute 'orderId' is the table partition key/],
    ['empty TTL attribute', { timeToLiveAttribute: '' }, /timeToLiveAttribute has 0 characters/],
    ['SNAPSHOT removal', { removalPolicy: RemovalPolicy.SNAPSHOT }, /removalPolicy SNAPSHOT is not supported/],
    ['DESTROY with deletion protection', { removalPolicy: RemovalPolicy.DESTROY }, /removalPolicy DESTROY with deletion protection on/],
  ])('%s', (_name, props, message) => {
    expect(() => make(props)).toThrow(message);
    expect(() => make(props)).toThrow(/^Fixture\/Orders: invalid SecureTable props:\n {2}- .*\nfix these props of SecureTable and synthesize again$/s);
  });

  test('several failures come in one error, and nothing is created', () => {
    const stack = new Stack(new App(), 'Fixture');
    let message = '';
    try {
      new SecureTable(stack, 'Orders', { tableName: 'x', partitionKey: s('id'), sortKey: s('id'), timeToLiveAttribute: 'id' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split('\n').filter((l) => l.startsWith('  - '))).toHaveLength(3);
    expect(stack.node.tryFindChild('Orders')).toBeUndefined();
  });

  test('a table name that is a token is left to CloudFormation', () => {
    const { stack } = make({ tableName: Stack.of(new Stack(new App(), 'Other')).stackName });
    Template.fromStack(stack).resourceCountIs('AWS::DynamoDB::Table', 1);
  });

  test('DESTROY without deletion protection is allowed, with a warning', () => {
    const { stack } = make({ removalPolicy: RemovalPolicy.DESTROY, deletionProtection: false });
    Template.fromStack(stack).hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Delete' });
    Annotations.fromStack(stack).hasWarning('/Fixture/Orders', Match.stringLikeRegexp('removalPolicy is destroy'));
  });
});

describe('encryption', () => {
  test('uses the AWS-managed key by default', () => {
    const { stack } = make({});
    Template.fromStack(stack).hasResourceProperties('AWS::DynamoDB::Table', { SSESpecification: { SSEEnabled: true, SSEType: Match.absent() } });
  });

  test('uses a customer key when given one', () => {
    const stack = new Stack(new App(), 'Fixture');
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    new SecureTable(stack, 'Orders', { partitionKey: s('orderId'), encryptionKey: key });
    Template.fromStack(stack).hasResourceProperties('AWS::DynamoDB::Table', {
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] } },
    });
  });
});

describe('grants name their actions and resources', () => {
  function policyOf(stack: Stack) {
    return Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))[0].Properties.PolicyDocument.Statement;
  }
  const withIndex = { globalSecondaryIndexes: [{ indexName: 'ByCustomer', partitionKey: s('customerId') }] };

  test('grantReadData covers the table and its indexes', () => {
    const { stack, table } = make(withIndex);
    table.grantReadData(new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() }));
    const [statement, ...others] = policyOf(stack);
    expect(others).toEqual([]);
    expect(statement.Action).toEqual(['dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable',
      'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan']);
    expect(statement.Resource).toEqual([
      { 'Fn::GetAtt': [expect.stringMatching(/^OrdersTable/), 'Arn'] },
      { 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^OrdersTable/), 'Arn'] }, '/index/*']] },
    ]);
  });

  test('grantWriteData covers the table only', () => {
    const { stack, table } = make(withIndex);
    table.grantWriteData(new iam.Role(stack, 'Writer', { assumedBy: new iam.AccountRootPrincipal() }));
    const [statement] = policyOf(stack);
    expect(statement.Action).toEqual(['dynamodb:BatchWriteItem', 'dynamodb:ConditionCheckItem', 'dynamodb:DeleteItem',
      'dynamodb:DescribeTable', 'dynamodb:PutItem', 'dynamodb:UpdateItem']);
    expect(statement.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^OrdersTable/), 'Arn'] });
  });

  test('grantQueryIndex covers one index and only Query', () => {
    const { stack, table } = make(withIndex);
    table.grantQueryIndex(new iam.Role(stack, 'Querier', { assumedBy: new iam.AccountRootPrincipal() }), 'ByCustomer');
    const [statement] = policyOf(stack);
    expect(statement.Action).toBe('dynamodb:Query');
    expect(statement.Resource['Fn::Join'][1][1]).toBe('/index/ByCustomer');
  });

  test('grantQueryIndex refuses an unknown index and names the known ones', () => {
    const { stack, table } = make(withIndex);
    const role = new iam.Role(stack, 'Querier', { assumedBy: new iam.AccountRootPrincipal() });
    expect(() => table.grantQueryIndex(role, 'ByStatus')).toThrow(/SecureTable Fixture\/Orders has no index 'ByStatus': use one of ByCustomer/);
  });

  test('with a customer key, writers get named KMS actions, no wildcards', () => {
    const stack = new Stack(new App(), 'Fixture');
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const table = new SecureTable(stack, 'Orders', { partitionKey: s('orderId'), encryptionKey: key });
    table.grantReadWriteData(new iam.Role(stack, 'Writer', { assumedBy: new iam.AccountRootPrincipal() }));
    const actions = policyOf(stack).flatMap((st: { Action: string | string[] }) => [st.Action].flat());
    expect(actions).toEqual(expect.arrayContaining(['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'dynamodb:PutItem']));
    expect(actions.filter((a: string) => a.includes('*'))).toEqual([]);
  });
});

test('a catalog of one\'s own builds tables the same way', () => {
  const catalog = {
    InvoicesTable: {
      partitionKey: s('invoiceId'),
      globalSecondaryIndexes: [{ indexName: 'ByCustomer', partitionKey: s('customerId'), sortKey: n('issuedAt') }],
      timeToLiveAttribute: 'expiresAt',
    },
    PaymentsTable: { partitionKey: s('invoiceId'), sortKey: s('paymentId') },
  } satisfies TableCatalog;
  const stack = new Stack(new App(), 'Billing');
  for (const [name, definition] of Object.entries(catalog)) new SecureTable(stack, name, definition);
  const template = Template.fromStack(stack);
  template.resourceCountIs('AWS::DynamoDB::Table', 2);
  template.hasResource('AWS::DynamoDB::Table', {
    DeletionPolicy: 'Retain',
    Properties: {
      KeySchema: [{ AttributeName: 'invoiceId', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [{
        IndexName: 'ByCustomer',
        KeySchema: [{ AttributeName: 'customerId', KeyType: 'HASH' }, { AttributeName: 'issuedAt', KeyType: 'RANGE' }],
        Projection: { ProjectionType: 'ALL' },
      }],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
    },
  });
  template.hasResourceProperties('AWS::DynamoDB::Table', {
    KeySchema: [{ AttributeName: 'invoiceId', KeyType: 'HASH' }, { AttributeName: 'paymentId', KeyType: 'RANGE' }],
  });
});
