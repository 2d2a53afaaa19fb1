import { RemovalPolicy } from 'aws-cdk-lib/core';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { DynamoDBTableDeletionProtection } from '../../src/rules/dynamodb/DynamoDBTableDeletionProtection';
import { DynamoDBTableEncrypted } from '../../src/rules/dynamodb/DynamoDBTableEncrypted';
import { DynamoDBTablePointInTimeRecovery } from '../../src/rules/dynamodb/DynamoDBTablePointInTimeRecovery';
import { DynamoDBTableRetain } from '../../src/rules/dynamodb/DynamoDBTableRetain';
import { table } from '../support/compliant-resources';
import { findingsOf } from '../support/rule-harness';

describe('DynamoDBTableEncrypted', () => {
  test('Compliance: AWS managed and customer managed keys', () => {
    expect(findingsOf(DynamoDBTableEncrypted, (s) => {
      table(s, 'Aws');
      table(s, 'Customer', { encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED });
    })).toEqual([]);
  });
  test('Noncompliance: the default AWS owned key', () => {
    expect(findingsOf(DynamoDBTableEncrypted, (s) => table(s, 'T', { encryption: dynamodb.TableEncryption.DEFAULT })))
      .toEqual(['ListBackup-DynamoDBTableEncrypted Fixture/T/Resource']);
  });
});

describe('DynamoDBTablePointInTimeRecovery', () => {
  test('Compliance: PITR on', () => {
    expect(findingsOf(DynamoDBTablePointInTimeRecovery, (s) => table(s))).toEqual([]);
  });
  test('Noncompliance: PITR off or unset', () => {
    expect(findingsOf(DynamoDBTablePointInTimeRecovery, (s) => {
      table(s, 'Off', { pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: false } });
      table(s, 'Unset', { pointInTimeRecoverySpecification: undefined });
    })).toEqual([
      'ListBackup-DynamoDBTablePointInTimeRecovery Fixture/Off/Resource',
      'ListBackup-DynamoDBTablePointInTimeRecovery Fixture/Unset/Resource',
    ]);
  });
});

describe('DynamoDBTableDeletionProtection', () => {
  test('Compliance: deletion protection on', () => {
    expect(findingsOf(DynamoDBTableDeletionProtection, (s) => table(s))).toEqual([]);
  });
  test('Noncompliance: deletion protection off', () => {
    expect(findingsOf(DynamoDBTableDeletionProtection, (s) => table(s, 'T', { deletionProtection: false })))
      .toEqual(['ListBackup-DynamoDBTableDeletionProtection Fixture/T/Resource']);
  });
});

describe('DynamoDBTableRetain', () => {
  test('Compliance: RemovalPolicy.RETAIN', () => {
    expect(findingsOf(DynamoDBTableRetain, (s) => table(s))).toEqual([]);
  });
  test('Noncompliance: DESTROY, and SNAPSHOT-less default overridden on update only', () => {
    expect(findingsOf(DynamoDBTableRetain, (s) => {
      table(s, 'Destroy', { removalPolicy: RemovalPolicy.DESTROY });
      const half = table(s, 'Half');
      (half.node.defaultChild as dynamodb.CfnTable).cfnOptions.updateReplacePolicy = undefined;
    })).toEqual([
      'ListBackup-DynamoDBTableRetain Fixture/Destroy/Resource',
      'ListBackup-DynamoDBTableRetain Fixture/Half/Resource',
    ]);
  });
});
