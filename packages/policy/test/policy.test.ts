import { App, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { applyStandardTags } from '@listbackup/conventions';
import { ListBackupChecks, synthPolicyResult } from '../src';

function appWithPack(): { app: App; stack: Stack } {
  const app = new App();
  const stack = new Stack(app, 'fixture');
  Validations.of(app).addPlugins(new ListBackupChecks(app));
  return { app, stack };
}

function table(stack: Stack, id: string, pitr: boolean): dynamodb.Table {
  return new dynamodb.Table(stack, id, {
    partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: pitr },
    removalPolicy: RemovalPolicy.RETAIN,
  });
}

describe('ListBackupChecks', () => {
  test('pins the rule ids and levels the pack enables', () => {
    expect(new ListBackupChecks().ruleIds).toEqual([
      'ListBackup-TablePointInTimeRecovery',
      'ListBackup-ServiceStageTags',
    ]);
  });

  test('a table without PITR and without tags is caught by both rules', () => {
    const { app, stack } = appWithPack();
    table(stack, 'Bad', false);
    const result = synthPolicyResult(app);
    expect(result.errors.map((f) => `${f.ruleId} ${f.constructPath}`).sort()).toEqual([
      'ListBackup-ServiceStageTags fixture/Bad/Resource',
      'ListBackup-TablePointInTimeRecovery fixture/Bad/Resource',
    ]);
    expect(result.errors[0].location).toMatch(/policy\.test\.ts:\d+:\d+|policy\.test\.js:\d+:\d+/);
  });

  test('a tagged table with PITR passes', () => {
    const { app, stack } = appWithPack();
    table(stack, 'Good', true);
    applyStandardTags(stack, 'listbackup-core', 'dev');
    expect(synthPolicyResult(app).findings).toEqual([]);
  });

  test('an acknowledgement silences the finding and is reported with its reason', () => {
    const { app, stack } = appWithPack();
    const bad = table(stack, 'Acked', true);
    Validations.of(bad).acknowledge({ id: 'ListBackup-ServiceStageTags', reason: 'fixture: tags applied by the consumer' });
    const result = synthPolicyResult(app);
    expect(result.findings).toEqual([]);
    expect(result.acknowledgements).toEqual([
      { ruleId: 'ListBackup-ServiceStageTags', constructPath: 'fixture/Acked', reason: 'fixture: tags applied by the consumer' },
    ]);
  });
});
