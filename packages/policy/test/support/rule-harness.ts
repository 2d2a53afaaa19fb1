import { App, Stack, Validations } from 'aws-cdk-lib/core';
import { ListBackupChecks, PolicyRule, synthPolicyResult } from '../../src';
import { taggedStack } from './compliant-resources';

/**
 * Runs one rule alone (a pack of that rule) over a stack built by `build` and returns its findings
 * as `<rule id> <construct path>`, sorted.
 */
export function findingsOf(rule: PolicyRule, build: (stack: Stack) => void): string[] {
  const app = new App();
  const stack = taggedStack(app);
  build(stack);
  Validations.of(app).addPlugins(new ListBackupChecks(app, {}, [rule]));
  // CDK's own template checks report too; only this pack's findings are under test.
  return synthPolicyResult(app).findings.filter((f) => f.pack === 'ListBackup').map((f) => `${f.ruleId} ${f.constructPath}`).sort();
}
