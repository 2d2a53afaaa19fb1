import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, CfnOutput, Stack } from 'aws-cdk-lib/core';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { expectPolicyPasses } from '@listbackup/policy/testing';
import { DataBucketEncryption, InfrastructureS3Stack, S3Contract } from '../src';
import { importedExportNames } from '@listbackup/conventions';

const importedNamesOf = (template: unknown): Set<string> => new Set(importedExportNames(template));

describe.each([DataBucketEncryption.KMS, DataBucketEncryption.S3_MANAGED])('with %s encryption', (encryption) => {
  const app = new App();
  const exporter = new InfrastructureS3Stack(app, { stage: 'pr-7', encryption });
  const consumer = new Stack(app, 'Consumer');
  const { dataBucket, dataBucketKey } = S3Contract.import(consumer, 'pr-7', { encryption });
  const role = new iam.Role(consumer, 'Worker', { assumedBy: new iam.AccountRootPrincipal() });
  dataBucket.grantReadWrite(role, 'jobs/*');
  new CfnOutput(consumer, 'BucketName', { value: dataBucket.bucketName });
  const exported = Object.values(Template.fromStack(exporter).findOutputs('*')).map((o) => o.Export.Name as string);
  const imported = [...importedNamesOf(Template.fromStack(consumer).toJSON())];

  test('every import names an export, and every export is imported', () => {
    expect(imported.sort()).toEqual([...exported].sort());
    expect(S3Contract.exportNames('pr-7', { encryption }).sort()).toEqual([...exported].sort());
  });

  test('the imported bucket carries the key exactly when the bucket uses KMS', () => {
    expect(dataBucket.encryptionKey).toBe(dataBucketKey);
    expect(dataBucketKey !== undefined).toBe(encryption === DataBucketEncryption.KMS);
    expect(JSON.stringify(Template.fromStack(consumer).toJSON()).includes('kms:')).toBe(encryption === DataBucketEncryption.KMS);
  });
});

test('importing twice in one scope reuses the same constructs', () => {
  const consumer = new Stack(new App(), 'Consumer');
  expect(S3Contract.import(consumer, 'main').dataBucket).toBe(S3Contract.import(consumer, 'main').dataBucket);
});

test('two stages imported into one scope are two buckets and two keys, each read from its own stage', () => {
  const scope = new Stack(new App(), 'TwoStages');
  const main = S3Contract.import(scope, 'main');
  const dev = S3Contract.import(scope, 'dev');
  expect(main.dataBucket).not.toBe(dev.dataBucket);
  expect(scope.resolve(dev.dataBucket.bucketArn)).toEqual({ 'Fn::ImportValue': 'listbackup-infrastructure-s3-dev-DataBucketArn' });
  expect(scope.resolve(main.dataBucket.bucketArn)).toEqual({ 'Fn::ImportValue': 'listbackup-infrastructure-s3-main-DataBucketArn' });
  expect(scope.resolve(dev.dataBucketKey!.keyArn)).toEqual({ 'Fn::ImportValue': 'listbackup-infrastructure-s3-dev-DataBucketKeyArn' });
});

test('a bad stage is refused at import', () => {
  expect(() => S3Contract.import(new Stack(new App(), 'Consumer'), 'Main')).toThrow(/stage 'Main' .* is invalid/);
});

test.each([
  [{}, 'KMS with data events'],
  [{ encryption: DataBucketEncryption.S3_MANAGED, dataEvents: false }, 'SSE-S3 without data events'],
])('the stack passes every policy pack with zero errors and warnings (%s)', (props, _name) => {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 's3-policy-')) });
  new InfrastructureS3Stack(app, { stage: 'main', ...props });
  const result = expectPolicyPasses(app);
  for (const ack of result.acknowledgements) {
    expect(ack.constructPath).toMatch(/\/Resource$/);
    expect(ack.reason.length).toBeGreaterThan(60);
  }
  expect(result.acknowledgements.map((a) => a.ruleId)).toContain('NIST.800.53.R5-S3DefaultEncryptionKMS');
});
