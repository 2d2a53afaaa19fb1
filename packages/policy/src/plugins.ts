import { IPolicyValidationPlugin, Validations } from 'aws-cdk-lib/core';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { ListBackupChecks } from './packs/listbackup-checks';

/** The packs every ListBackup stack is held to: AwsSolutions, NIST 800-53 R5 and ListBackupChecks. */
export function policyPlugins(scope: IConstruct): IPolicyValidationPlugin[] {
  return [
    new AwsSolutionsChecks(scope, { verbose: true }),
    new NIST80053R5Checks(scope, { verbose: true }),
    new ListBackupChecks(scope, { verbose: true }),
  ];
}

/**
 * Registers the policy packs on an app. They run during `app.synth()`; an unacknowledged error
 * makes synth throw `ValidationFailed`, and every finding goes to `<outdir>/validation-report.json`.
 */
export function applyPolicy(app: IConstruct): void {
  // Creation stacks locate each finding in TypeScript; CDK's default depth misses construct libraries.
  Error.stackTraceLimit = Math.max(Error.stackTraceLimit, 50);
  Validations.of(app).addPlugins(...policyPlugins(app));
}
