/**
 * `@listbackup/policy/testing`: what every stack's policy test does, written once.
 */
import { App } from 'aws-cdk-lib/core';
import { applyPolicy } from './plugins';
import { describeFindings, PolicyResult, synthPolicyResult } from './report';

/**
 * Applies every policy pack to `app` (AwsSolutions, NIST 800-53 R5, ListBackupChecks),
 * synthesizes it and returns what the packs said, for the test to check its acknowledgements.
 *
 * @throws Error listing each finding when any pack reports an unacknowledged error or warning.
 */
export function expectPolicyPasses(app: App): PolicyResult {
  applyPolicy(app);
  const result = synthPolicyResult(app);
  const findings = [...result.errors, ...result.warnings];
  if (findings.length > 0) {
    throw new Error(`the policy packs report ${findings.length} unacknowledged finding(s) (errors, then warnings):\n${describeFindings(findings)}`);
  }
  return result;
}
