import { CfnOutput, Stack, Token } from 'aws-cdk-lib/core';
import { exportName } from '@listbackup/conventions';
import { ExportNameConvention } from '../../src/rules/exports/ExportNameConvention';
import { ServiceStageTags } from '../../src/rules/tags/ServiceStageTags';
import { bucket, table } from '../support/compliant-resources';
import { findingsOf } from '../support/rule-harness';

describe('ServiceStageTags', () => {
  test('Compliance: the standard tags on the stack', () => {
    expect(findingsOf(ServiceStageTags, (s) => table(s))).toEqual([]);
  });
  test('Noncompliance: a resource in an untagged stack', () => {
    expect(findingsOf(ServiceStageTags, (s) => table(new Stack(s.node.root, 'Untagged'), 'T')))
      .toEqual(['ListBackup-ServiceStageTags Untagged/T/Resource']);
  });
});

describe('ExportNameConvention', () => {
  test('Compliance: names from exportName(); outputs without export', () => {
    expect(findingsOf(ExportNameConvention, (s) => {
      const b = bucket(s);
      new CfnOutput(s, 'Name', { value: b.bucketName, exportName: exportName('listbackup-infrastructure-s3', 'dev', 'DataBucketName') });
      new CfnOutput(s, 'Plain', { value: 'not exported' });
    })).toEqual([]);
  });
  test('Noncompliance: found on the referenced resource, or on the first resource when none is referenced', () => {
    expect(findingsOf(ExportNameConvention, (s) => {
      table(s, 'First');
      const b = bucket(s);
      new CfnOutput(s, 'Bad', { value: b.bucketArn, exportName: 'DataBucketArn' });
      new CfnOutput(s, 'Constant', { value: 'x', exportName: 'listbackup-core-Dev-Thing' });
      new CfnOutput(s, 'Token', { value: 'y', exportName: Token.asString({ 'Fn::Sub': '${AWS::StackName}-Y' }) });
    })).toEqual([
      'ListBackup-ExportNameConvention[Export::DataBucketArn] Fixture/Bucket/Resource',
      'ListBackup-ExportNameConvention[Export::Token] Fixture/First/Resource',
      'ListBackup-ExportNameConvention[Export::listbackup-core-Dev-Thing] Fixture/First/Resource',
    ]);
  });
});
