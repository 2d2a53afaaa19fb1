import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib/core';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { NagMessageLevel } from 'cdk-nag';
import { applyPolicy, LISTBACKUP_RULES, ListBackupChecks, synthPolicyResult } from '../src';
import { expectPolicyPasses } from '../src/testing';
import { table, taggedStack } from './support/compliant-resources';

describe('ListBackupChecks', () => {
  test('pins the rule ids and levels the pack enables', () => {
    const E = NagMessageLevel.ERROR;
    expect(LISTBACKUP_RULES.map((r) => [`ListBackup-${r.id}`, r.level])).toEqual([
      ['ListBackup-DynamoDBTableEncrypted', E],
      ['ListBackup-S3BucketEncrypted', E],
      ['ListBackup-SQSQueueEncrypted', E],
      ['ListBackup-EventBusEncrypted', E],
      ['ListBackup-LogGroupEncrypted', E],
      ['ListBackup-KMSKeyRotation', E],
      ['ListBackup-S3BucketDeniesNonKmsUploads', E],
      ['ListBackup-KMSKeyGrantsForAwsServicesOnly', E],
      ['ListBackup-S3BucketPublicAccessBlock', E],
      ['ListBackup-ResourcePolicyNotPublic', E],
      ['ListBackup-ServicePrincipalSourceCondition', E],
      ['ListBackup-S3BucketTLSOnly', E],
      ['ListBackup-SQSQueueTLSOnly', E],
      ['ListBackup-CognitoIdentityPoolNoUnauthenticated', E],
      ['ListBackup-IAMNoWildcardAction', E],
      ['ListBackup-IAMNoWildcardResource', E],
      ['ListBackup-IAMNoAdminManagedPolicy', E],
      ['ListBackup-DynamoDBTablePointInTimeRecovery', E],
      ['ListBackup-DynamoDBTableDeletionProtection', E],
      ['ListBackup-DynamoDBTableRetain', E],
      ['ListBackup-S3BucketRetain', E],
      ['ListBackup-S3BucketVersioning', E],
      ['ListBackup-SQSQueueHasDLQ', E],
      ['ListBackup-SQSDLQRetention', E],
      ['ListBackup-LambdaAsyncFailureDestination', E],
      ['ListBackup-CloudTrailBucketProtected', E],
      ['ListBackup-ServiceStageTags', E],
      ['ListBackup-ExportNameConvention', E],
    ]);
    expect(new ListBackupChecks().ruleIds).toEqual(LISTBACKUP_RULES.map((r) => `ListBackup-${r.id}`));
  });

  test('applyPolicy holds an app to AwsSolutions, NIST 800-53 R5 and ListBackupChecks, each one live', () => {
    const app = new App();
    new s3.CfnBucket(taggedStack(app, 'fixture'), 'Bare');
    applyPolicy(app);
    const result = synthPolicyResult(app);
    expect([...new Set(result.findings.map((f) => f.pack))].sort()).toEqual(['AwsSolutions', 'ListBackup', 'NIST.800.53.R5']);
    expect(result.errors.map((f) => f.ruleId)).toEqual(expect.arrayContaining([
      'AwsSolutions-S1', 'NIST.800.53.R5-S3BucketLoggingEnabled', 'ListBackup-S3BucketEncrypted',
    ]));
  });

  test('each rule file is named after its rule id', () => {
    const root = path.join(__dirname, '..', 'src', 'rules');
    const files = fs.readdirSync(root, { recursive: true }).map(String)
      .filter((f) => f.endsWith('.ts') && path.basename(f) !== 'rule.ts')
      .map((f) => path.basename(f, '.ts')).sort();
    expect(files).toEqual(LISTBACKUP_RULES.map((r) => r.id).sort());
  });

  test('findings carry the rule, the named finding and where the construct was created', () => {
    const app = new App();
    const stack = new Stack(app, 'fixture');
    Validations.of(app).addPlugins(new ListBackupChecks(app));
    table(stack, 'Bad', { pointInTimeRecoverySpecification: undefined });
    const result = synthPolicyResult(app);
    const pitr = result.errors.find((f) => f.rule === 'ListBackup-DynamoDBTablePointInTimeRecovery');
    expect(pitr).toMatchObject({ ruleId: 'ListBackup-DynamoDBTablePointInTimeRecovery', constructPath: 'fixture/Bad/Resource', finding: undefined });
    expect(pitr?.location).toMatch(/compliant-resources\.ts:\d+:\d+$/);
    expect(result.errors.map((f) => f.rule).sort()).toEqual([
      'ListBackup-DynamoDBTablePointInTimeRecovery',
      'ListBackup-ServiceStageTags',
    ]);
  });

  test('an acknowledgement silences the finding and is reported with its reason and location', () => {
    const app = new App();
    const stack = taggedStack(app, 'fixture');
    Validations.of(app).addPlugins(new ListBackupChecks(app));
    const acked = table(stack, 'Acked', { deletionProtection: false });
    Validations.of(acked).acknowledge({ id: 'ListBackup-DynamoDBTableDeletionProtection', reason: 'fixture: scratch table' });
    const result = synthPolicyResult(app);
    expect(result.findings).toEqual([]);
    expect(result.acknowledgements).toEqual([{
      ruleId: 'ListBackup-DynamoDBTableDeletionProtection',
      constructPath: 'fixture/Acked',
      reason: 'fixture: scratch table',
      location: expect.stringMatching(/policy\.test\.ts:\d+:\d+$/),
    }]);
  });

  test('a named finding is acknowledged by its full id', () => {
    const app = new App();
    const stack = taggedStack(app, 'fixture');
    Validations.of(app).addPlugins(new ListBackupChecks(app));
    const t = table(stack, 'T');
    const role = new iam.Role(stack, 'R', { assumedBy: new iam.AccountRootPrincipal() });
    t.grantFullAccess(role);
    role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:*'], resources: ['arn:aws:s3:::b/*'] }));
    Validations.of(role).acknowledge({ id: 'ListBackup-IAMNoWildcardAction[Action::dynamodb:*]', reason: 'fixture' });
    expect(synthPolicyResult(app).errors.map((f) => f.ruleId)).toEqual(['ListBackup-IAMNoWildcardAction[Action::s3:*]']);
  });
});

describe('expectPolicyPasses (@listbackup/policy/testing)', () => {
  test('throws, listing every unacknowledged finding and none of the acknowledged ones', () => {
    const app = new App();
    const stack = taggedStack(app, 'fixture');
    const kept = new s3.CfnBucket(stack, 'Kept');
    Validations.of(kept).acknowledge({ id: 'AwsSolutions-S1', reason: 'fixture' });
    for (const id of ['AwsSolutions-S10', 'NIST.800.53.R5-S3BucketLoggingEnabled']) Validations.of(kept).acknowledge({ id, reason: 'fixture' });
    const error = (() => { try { expectPolicyPasses(app); return undefined; } catch (e) { return e as Error; } })();
    expect(error?.message).toMatch(/^the policy packs report \d+ unacknowledged finding\(s\) \(errors, then warnings\):\n/);
    expect(error?.message).toMatch(/^ListBackup-S3BucketEncrypted fixture\/Kept: /m);
    expect(error?.message).not.toMatch(/^AwsSolutions-S1 /m);
    expect(error?.message).toMatch(/^NIST.800.53.R5-S3BucketVersioningEnabled fixture\/Kept: /m);
  });

  test('an app with no finding passes, and its result is returned', () => {
    const app = new App();
    const stack = taggedStack(app, 'fixture');
    // A role only Lambda of this account assumes, with a named action on a named object in a managed policy.
    const reader = new iam.Role(stack, 'Reader', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
    });
    reader.addManagedPolicy(new iam.ManagedPolicy(stack, 'ReadReport', {
      statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::listbackup-example/report.csv'] })],
    }));
    expect(expectPolicyPasses(app)).toMatchObject({ errors: [], warnings: [], acknowledgements: [] });
  });
});
