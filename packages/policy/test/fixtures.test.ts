import { App } from 'aws-cdk-lib/core';
import { LISTBACKUP_RULES, applyPolicy, describeFindings, synthPolicyResult } from '../src';
import { bucket, eventBus, identityPool, logGroup, queue, role, table, taggedStack } from './support/compliant-resources';
import { loadFixtures } from './support/fixtures';

const fixtures = loadFixtures();

function listBackupRulesFailing(build: (stack: ReturnType<typeof taggedStack>) => void) {
  const app = new App();
  build(taggedStack(app));
  applyPolicy(app);
  const result = synthPolicyResult(app);
  const own = result.findings.filter((f) => f.pack === 'ListBackup');
  return { rules: [...new Set(own.map((f) => f.rule))], result };
}

describe('negative fixtures (AwsSolutions + NIST 800-53 R5 + ListBackupChecks)', () => {
  test('there are at least 15, and every ListBackup rule has one that must fail it', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(15);
    const caught = new Set(fixtures.map((f) => f.caughtBy));
    expect(LISTBACKUP_RULES.map((r) => `ListBackup-${r.id}`).filter((id) => !caught.has(id))).toEqual([]);
  });

  test('the compliant resources the fixtures start from break no ListBackup rule', () => {
    const { rules, result } = listBackupRulesFailing((s) => {
      table(s); bucket(s); queue(s); eventBus(s); logGroup(s); identityPool(s); role(s);
    });
    expect({ rules, findings: describeFindings(result.findings.filter((f) => f.pack === 'ListBackup')) })
      .toEqual({ rules: [], findings: '' });
  });

  // The location is the first frame outside node_modules: a fixture or the helper it calls.
  test.each(fixtures.map((f) => [f.name, f] as const))('%s is caught by exactly its rule', (_name, fixture) => {
    const { rules, result } = listBackupRulesFailing(fixture.build);
    expect(rules).toEqual([fixture.caughtBy]);
    expect(result.errors.some((f) => f.rule === fixture.caughtBy && /[\\/]test[\\/].+\.ts:\d+:\d+$/.test(f.location ?? ''))).toBe(true);
  });
});
