import { exportName, parseExportName, serviceName, stackName, standardTags } from '../src';

describe('naming', () => {
  test('service, stack and export names follow the original system', () => {
    expect(serviceName('dynamodb')).toBe('listbackup-infrastructure-dynamodb');
    expect(stackName(serviceName('sqs'), 'main')).toBe('listbackup-infrastructure-sqs-main');
    expect(exportName(serviceName('dynamodb'), 'main', 'UsersTableName'))
      .toBe('listbackup-infrastructure-dynamodb-main-UsersTableName');
    expect(exportName('listbackup-core', 'pr-42', 'HttpApiUrl')).toBe('listbackup-core-pr-42-HttpApiUrl');
  });

  test('an unknown kind is refused with the known ones', () => {
    expect(() => serviceName('rds' as any)).toThrow(/unknown infrastructure kind 'rds': use one of dynamodb, s3, sqs, eventbridge, cognito/);
  });

  test('a resource name that is not PascalCase is refused', () => {
    expect(() => exportName('listbackup-core', 'main', 'users-table')).toThrow(/export resource name 'users-table' .* use PascalCase/);
  });

  test('export names parse back, including stages with dashes', () => {
    expect(parseExportName('listbackup-infrastructure-s3-pr-42-DataBucketArn'))
      .toEqual({ service: 'listbackup-infrastructure-s3', stage: 'pr-42', resource: 'DataBucketArn' });
    expect(parseExportName('listbackup-core-main-HttpApiUrl'))
      .toEqual({ service: 'listbackup-core', stage: 'main', resource: 'HttpApiUrl' });
    expect(parseExportName('UsersTableName')).toBeUndefined();
    expect(parseExportName('listbackup-infrastructure-s3-Main-DataBucketArn')).toBeUndefined();
  });

  test('standard tags carry service, stage and ManagedBy, and cannot be overridden', () => {
    expect(standardTags('listbackup-core', 'dev', { CostCenter: 'backup' }))
      .toEqual({ Service: 'listbackup-core', Stage: 'dev', ManagedBy: 'projen-cdk', CostCenter: 'backup' });
    expect(() => standardTags('listbackup-core', 'dev', { Stage: 'prod' })).toThrow(/tag 'Stage' is set by the conventions/);
  });
});

test('the data bucket name carries stage and account, and refuses a bad stage', () => {
  const { dataBucketName } = require('../src');
  expect(dataBucketName('main', '123456789012')).toBe('listbackup-main-data-123456789012');
  expect(() => dataBucketName('Bad!', '123456789012')).toThrow(/stage 'Bad!'/);
});

test('a validation table throws one error listing every failure, with the path and what to do', () => {
  const { App, Stack, Token } = require('aws-cdk-lib/core');
  const { ConfigurationError, failedRules, validateAllProps } = require('../src');
  const scope = new Stack(new App(), 'App');
  const built: string[] = [];
  const rules = [
    { condition: (p: { a: number }) => p.a > 1, message: (p: { a: number }) => `first is wrong: ${p.a}` },
    { condition: () => false, message: () => { built.push('never'); return 'never shown'; } },
    { reads: (p: { name: string }) => [p.name], condition: () => true, message: () => 'skipped for a token' },
    { condition: () => true, message: () => 'second is wrong' },
  ];
  const props = { a: 2, name: Token.asString({ Ref: 'Name' }) };
  expect(failedRules(props, rules)).toEqual(['first is wrong: 2', 'second is wrong']);
  // Lazy: a message is built only for a rule that fails.
  expect(built).toEqual([]);
  let error: unknown;
  try {
    validateAllProps(scope, 'Thing', props, rules, { construct: 'Thing' });
  } catch (e) {
    error = e;
  }
  expect(ConfigurationError.isConfigurationError(error)).toBe(true);
  expect((error as { code: string }).code).toBe('InvalidProps');
  expect((error as Error).message)
    .toMatch(/^App\/Thing: invalid Thing props:\n {2}- first is wrong: 2\n {2}- second is wrong\nfix these props of Thing and synthesize again$/);
  expect(() => validateAllProps(scope, 'Thing', { a: 1, name: 'literal' }, rules.slice(0, 2), { construct: 'Thing' })).not.toThrow();
  expect(() => validateAllProps(scope, 'Thing', { a: 1, name: 'literal' }, rules.slice(2, 3), { construct: 'Thing', subject: 'thing settings' }))
    .toThrow(/^App\/Thing: invalid thing settings:\n {2}- skipped for a token\n/);
});

test('imported export names are found anywhere in a template, once each', () => {
  const { importedExportNames } = require('../src/names');
  const template = {
    Resources: {
      Fn: { Type: 'AWS::Lambda::Function', Properties: { Environment: { Variables: { T: { 'Fn::ImportValue': 'a-main-TableName' } } } } },
      Policy: { Type: 'AWS::IAM::Policy', Properties: { Resource: [{ 'Fn::ImportValue': 'a-main-TableArn' }, { 'Fn::ImportValue': 'a-main-TableName' }] } },
    },
    Outputs: { Computed: { Value: { 'Fn::ImportValue': { 'Fn::Sub': 'x' } } } },
  };
  expect(importedExportNames(template).sort()).toEqual(['a-main-TableArn', 'a-main-TableName']);
});

test('physical resource names start with listbackup-<stage>', () => {
  const { resourceName } = require('../src');
  expect(resourceName('main')).toBe('listbackup-main');
  expect(resourceName('pr-42', 'sync-queue', 'dlq')).toBe('listbackup-pr-42-sync-queue-dlq');
  expect(() => resourceName('Main')).toThrow(/stage 'Main'/);
});

test('kebab case splits PascalCase names into the parts of physical names', () => {
  const { kebabCase } = require('../src');
  expect(kebabCase('SyncQueue')).toBe('sync-queue');
  expect(kebabCase('DataSyncEventsRule')).toBe('data-sync-events-rule');
  expect(kebabCase('Table2Index')).toBe('table2-index');
  expect(kebabCase('already-kebab')).toBe('already-kebab');
});

/** The documented facts (DESIGN.md): what the constants must say, pinned once here. */
test('the standard tag keys, the event sources and the dead-letter retention are the documented ones', () => {
  const { DEAD_LETTER_RETENTION, EVENT_SOURCES, STANDARD_TAG_KEYS, TAG_KEYS } = require('../src');
  expect(TAG_KEYS).toEqual({ service: 'Service', stage: 'Stage', managedBy: 'ManagedBy' });
  expect(STANDARD_TAG_KEYS).toEqual(['Service', 'Stage', 'ManagedBy']);
  expect(Object.keys(standardTags('listbackup-core', 'dev'))).toEqual(STANDARD_TAG_KEYS);
  expect(Object.values(EVENT_SOURCES)).toEqual([
    'listbackup.datasync', 'listbackup.jobs', 'listbackup.users', 'listbackup.billing', 'listbackup.platforms', 'listbackup.system',
  ]);
  expect(DEAD_LETTER_RETENTION.toSeconds()).toBe(14 * 24 * 3600);
});

test('the light entry point exports the names, and the main entry everything of it', () => {
  const names = require('../src/names');
  const main = require('../src');
  for (const key of ['INFRASTRUCTURE_KINDS', 'kebabCase', 'TAG_KEYS', 'EVENT_SOURCES', 'dataBucketName']) expect(names[key]).toBeDefined();
  for (const key of Object.keys(names)) expect(main[key]).toBe(names[key]);
});
